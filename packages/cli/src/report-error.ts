/**
 * Turns any failure into what the user sees — one or a few lines on stderr, never a stack trace
 * for expected failures — and the exit code scripts rely on.
 */

import { ClientError } from '@cloverql/client';
import { QueryError } from '@cloverql/dsl';
import { ConfigError } from './config.js';
import { CLIENT_ERROR_EXIT, EXIT, type ExitCode } from './exit-codes.js';
import { escapeControl } from './output/control-chars.js';

export interface Reported {
  readonly message: string;
  readonly code: ExitCode;
}

/**
 * The message and exit code of an error. `debug` adds the stack of unexpected errors. Messages
 * carry Clover's own text (its error message, a URL), so control characters in them are shown
 * escaped rather than acted on by the terminal.
 */
export function describeFailure(e: unknown, opts: { debug: boolean }): Reported {
  const r = describeRaw(e, opts);
  return { message: escapeControl(r.message, { keepNewlines: true }), code: r.code };
}

function describeRaw(e: unknown, opts: { debug: boolean }): Reported {
  if (e instanceof QueryError) {
    // A bad option (--tz, --now, --page-size…) points nowhere in the query: one line, no caret.
    if (e.code === 'INVALID_OPTION' && e.offset === 0 && e.length === 0 && e.all.length === 1) {
      return {
        message: `cloverql: ${e.message}${e.hint ? ` (${e.hint})` : ''}`,
        code: EXIT.USAGE,
      };
    }
    return { message: e.all.map((x) => x.format()).join('\n'), code: EXIT.USAGE };
  }
  if (e instanceof ConfigError) return { message: `cloverql: ${e.message}`, code: EXIT.USAGE };
  if (e instanceof ClientError) {
    const code = CLIENT_ERROR_EXIT[e.code];
    switch (e.code) {
      case 'AUTH':
        return { message: `cloverql: authentication failed: ${e.message}`, code };
      case 'ABORTED':
        return { message: 'cloverql: interrupted', code };
      default:
        return { message: `cloverql: ${e.message}`, code };
    }
  }
  // Matched by name so that reporting an error never loads @cloverql/sync and its drivers.
  if (e instanceof Error && e.name === 'SyncError') {
    const code = (e as Error & { code?: string }).code;
    if (code === 'INVALID_OPTIONS') return { message: `cloverql: ${e.message}`, code: EXIT.USAGE };
    if (code === 'ABORTED') return { message: 'cloverql: interrupted', code: EXIT.INTERRUPTED };
    return { message: `cloverql: ${e.message}`, code: EXIT.DATABASE };
  }
  const detail = e instanceof Error ? (opts.debug ? (e.stack ?? e.message) : e.message) : String(e);
  return {
    message: `cloverql: internal error: ${detail}\n(this is a bug in cloverql; set CLOVERQL_DEBUG=1 for details and please report it)`,
    code: EXIT.INTERNAL,
  };
}
