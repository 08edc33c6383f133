import { describe, expect, it } from 'vitest';
import { ClientError } from '../errors/client-error.js';
import { EXIT } from './exit-codes.js';
import { describeFailure } from './report-error.js';

describe('describeFailure', () => {
  it.each(['EXPORT_TIMEOUT', 'EXPORT_AMBIGUOUS'] as const)(
    'maps %s, a code it has no case for, to the API exit code with the whole message',
    (code) => {
      const e = new ClientError(code, 'the export did not finish within 2 h', {
        window: 1,
        windowText: '[2026-01-01T00:00:00.000Z, 2026-01-01T23:59:59.999Z]',
        request: 'GET /v3/merchants/M/exports/EXP1',
      });
      const reported = describeFailure(e, { debug: false });
      expect(reported.code).toBe(EXIT.API);
      expect(reported.code).toBe(4);
      expect(reported.message).toBe(`cloverql: ${e.message}`);
      expect(reported.message).toContain('window #1 [2026-01-01T00:00:00.000Z');
    },
  );
});
