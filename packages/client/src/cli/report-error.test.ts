import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, ClientError, type ClientErrorCode } from '../errors/client-error.js';
import { EXIT } from './exit-codes.js';
import { describeFailure } from './report-error.js';

const special: Partial<Record<ClientErrorCode, number>> = {
  AUTH: EXIT.AUTH,
  ABORTED: EXIT.INTERRUPTED,
  INVALID_OPTIONS: EXIT.USAGE,
};

describe('describeFailure', () => {
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
