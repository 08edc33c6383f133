import { CLIENT_ERROR_CODES, ClientError, type ClientErrorCode } from '@cloverql/client';
import { compile } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { EXIT } from './exit-codes.js';
import { hasRawControl } from './output/test-control.js';
import { describeFailure } from './report-error.js';

const special: Partial<Record<ClientErrorCode, number>> = {
  AUTH: EXIT.AUTH,
  ABORTED: EXIT.INTERRUPTED,
  INVALID_OPTIONS: EXIT.USAGE,
};

const failureOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return describeFailure(e, { debug: false });
  }
  throw new Error('did not throw');
};

describe('describeFailure', () => {
  it('reports a bad option (a time zone) in one line with its hint, no caret', () => {
    const r = failureOf(() => compile('payments', { tz: 'Nowhere/Zone' }));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.message).toBe(
      "cloverql: unknown time zone 'Nowhere/Zone' (use an IANA name such as UTC, America/New_York or Europe/Paris)",
    );
  });

  it('keeps the caret form for an error in the query', () => {
    const r = failureOf(() => compile('payments where amout > 5'));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.message.split('\n').length).toBeGreaterThan(2);
    expect(r.message).toContain('^');
  });

  it.each(CLIENT_ERROR_CODES.map((code) => [code, special[code] ?? EXIT.API] as const))(
    'exits %s with %d, one line and no stack',
    (code, exit) => {
      const e = new ClientError(code, 'what went wrong', {
        window: 0,
        windowText: '[a, b)',
        request: 'GET /v3/merchants/M/payments?offset=0',
      });
      const r = describeFailure(e, { debug: true });
      expect(r.code).toBe(exit);
      expect(r.message).toMatch(/^cloverql: /);
      expect(r.message).not.toContain('\n');
    },
  );

  it('sends the bounds of issue 8 to exit code 4', () => {
    for (const code of [
      'TIMEOUT',
      'BODY_TOO_LARGE',
      'RETRY_AFTER_TOO_LONG',
      'PROTOCOL',
      'EXPORT_TIMEOUT',
      'EXPORT_AMBIGUOUS',
    ] as const) {
      expect(describeFailure(new ClientError(code, 'x'), { debug: false }).code).toBe(4);
    }
  });
});

// What a hostile or broken server can put in its error message: a window title, a clear screen,
// a carriage return that rewrites the line, a one-byte C1 CSI.
const HOSTILE = 'bad\u001b]0;pwned\u0007 \u001b[2J\rfake ok\u009b31m';

describe('describeFailure on hostile text', () => {
  it("shows control characters in Clover's error text escaped, for every exit code", () => {
    for (const code of ['AUTH', 'BAD_REQUEST', 'INVALID_OPTIONS'] as const) {
      const e = new ClientError(code, HOSTILE, { serverMessage: HOSTILE });
      const { message } = describeFailure(e, { debug: false });
      expect(hasRawControl(message, { allowNewlines: true }), code).toBe(false);
      expect(message, code).toContain('bad\\x1b]0;pwned\\x07 \\x1b[2J\\rfake ok\\x9b31m');
    }
  });
  it('escapes unexpected errors and config errors too, and keeps line breaks', () => {
    const internal = describeFailure(new Error(HOSTILE), { debug: false }).message;
    expect(hasRawControl(internal, { allowNewlines: true })).toBe(false);
    expect(internal.split('\n')).toHaveLength(2);
    expect(hasRawControl(describeFailure(new ConfigError(HOSTILE), { debug: false }).message)).toBe(
      false,
    );
  });
});
