/**
 * The pager for long table results on a terminal: `$PAGER`, else `less -FRX` when it is on the
 * PATH, else none. `--no-pager` and `CLOVERQL_PAGER=off` turn it off; output that is not a
 * terminal is never paged.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Writable } from 'node:stream';
import type { RecordOutput } from './file-output.js';
import type { OutputFormat } from './sink.js';

/** What the pager decision looks at. */
export interface PagerContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly format: OutputFormat;
  /** False for `--no-pager`. */
  readonly pager: boolean;
  /** Whether a program is on the PATH (injected so the decision is pure). */
  readonly onPath: (program: string) => boolean;
}

/**
 * The pager command to use, or null for none.
 *
 * @example pagerCommand({ env: {}, stdoutIsTTY: true, format: 'table', pager: true, onPath: () => true }) // 'less -FRX'
 */
export function pagerCommand(ctx: PagerContext): string | null {
  if (!ctx.stdoutIsTTY || ctx.format !== 'table' || !ctx.pager) return null;
  if (ctx.env.CLOVERQL_PAGER === 'off') return null;
  const fromEnv = ctx.env.PAGER?.trim();
  if (fromEnv) return fromEnv;
  return ctx.onPath('less') ? 'less -FRX' : null;
}

/** Whether `text` is longer than a terminal of `rows` rows (unknown rows: never). */
export function needsPaging(text: string, rows: number | undefined): boolean {
  if (!rows || rows <= 0) return false;
  let lines = 0;
  for (const ch of text) if (ch === '\n') lines += 1;
  return lines >= rows;
}

/** Whether a program is in one of the PATH's directories. */
export function isOnPath(program: string, path: string | undefined): boolean {
  return (path ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, program)));
}

/**
 * Writes `text` through the pager command; if the pager cannot start, writes it to `out`
 * directly. The pager shares the terminal (stdout and stderr inherited).
 */
export function writePaged(text: string, opts: { command: string; out: Writable }): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(opts.command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'] });
    let settled = false;
    const fallback = () => {
      if (settled) return;
      settled = true;
      opts.out.write(text, () => resolve());
    };
    child.on('error', fallback);
    child.on('close', (code) => {
      // 127: the shell found no such program; the text has not been shown.
      if (code === 127) fallback();
      else if (!settled) {
        settled = true;
        resolve();
      }
    });
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
}

/**
 * Collects a table, then shows it through the pager when it is taller than the terminal, else
 * writes it. `pause` and `resume` run around the pager (the REPL stops reading the terminal, so
 * the pager gets every key).
 */
export function pagedOutput(opts: {
  command: string;
  out: Writable;
  rows: number | undefined;
  pause?: () => void;
  resume?: () => void;
}): RecordOutput {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    commit: async () => {
      const text = chunks.join('');
      if (!needsPaging(text, opts.rows)) {
        opts.out.write(text);
        return;
      }
      opts.pause?.();
      try {
        await writePaged(text, opts);
      } finally {
        opts.resume?.();
      }
    },
    discard: async () => {},
  };
}
