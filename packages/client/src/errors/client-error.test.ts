import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, ClientError, isClientError } from './client-error.js';

describe('ClientError', () => {
  it('carries code and context and says where it happened in its message', () => {
    const cause = new Error('inner');
    const e = new ClientError('BAD_REQUEST', 'Clover rejected the request', {
      status: 400,
      serverMessage: 'Bad Request: Unknown filter field: colour',
      window: 3,
      windowText: '[2024-01-01T00:00:00.000Z, 2024-03-31T00:00:00.000Z)',
      request: 'GET /v3/merchants/M/payments?filter=colour=red',
      cause,
    });
    expect(e).toMatchObject({
      name: 'ClientError',
      code: 'BAD_REQUEST',
      status: 400,
      window: 3,
      cause,
    });
    expect(e.message).toBe(
      'Clover rejected the request — HTTP 400 — Clover said: Bad Request: Unknown filter field: colour — window #3 [2024-01-01T00:00:00.000Z, 2024-03-31T00:00:00.000Z) — request GET /v3/merchants/M/payments?filter=colour=red',
    );
    expect(isClientError(e, 'BAD_REQUEST')).toBe(true);
    expect(isClientError(e, 'AUTH')).toBe(false);
    expect(isClientError(new Error('x'))).toBe(false);
  });

  it('omits context it does not have', () => {
    const e = new ClientError('INVALID_OPTIONS', "option 'token': must not be empty");
    expect(e.message).toBe("option 'token': must not be empty");
    expect('status' in e).toBe(false);
  });

  it('lists every code once', () => {
    expect(new Set(CLIENT_ERROR_CODES).size).toBe(CLIENT_ERROR_CODES.length);
    expect(CLIENT_ERROR_CODES).toHaveLength(20);
  });
});
