import { describe, expect, it } from 'vitest';
import { ClientError } from '../index.js';
import { ConfigError } from './config.js';
import { hasRawControl } from './output/test-control.js';
import { describeFailure } from './report-error.js';

// What a hostile or broken server can put in its error message: a window title, a clear screen,
// a carriage return that rewrites the line, a one-byte C1 CSI.
const HOSTILE = 'bad\u001b]0;pwned\u0007 \u001b[2J\rfake ok\u009b31m';

describe('describeFailure', () => {
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
