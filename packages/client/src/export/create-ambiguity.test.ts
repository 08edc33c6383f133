import { describe, expect, it } from 'vitest';
import type { RawResponse } from '../http/http-types.js';
import { describeAmbiguity, nothingCreated } from './create-ambiguity.js';

const raw = (status: number, body = '{}'): RawResponse => ({
  status,
  headers: {},
  body: Buffer.from(body),
});
const error = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

describe('nothingCreated', () => {
  it.each([429, 503])('is sure after HTTP %i: Clover creates nothing then', (status) => {
    expect(nothingCreated({ raw: raw(status), cause: undefined })).toBe(true);
  });

  it.each([200, 500, 502, 504])('is not sure after HTTP %i', (status) => {
    expect(nothingCreated({ raw: raw(status), cause: new Error('bad body') })).toBe(false);
  });

  it.each(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN'])(
    'is sure when the connection was never made (%s)',
    (code) => {
      expect(nothingCreated({ raw: undefined, cause: error(code) })).toBe(true);
      // undici wraps the socket error as the cause of its own.
      expect(
        nothingCreated({ raw: undefined, cause: new Error('fetch', { cause: error(code) }) }),
      ).toBe(true);
    },
  );

  it.each([
    'UND_ERR_SOCKET',
    'ECONNRESET',
    'EPIPE',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  ])('is not sure once the request may have gone out (%s)', (code) => {
    expect(nothingCreated({ raw: undefined, cause: error(code) })).toBe(false);
  });

  it('is not sure about an error without a code', () => {
    expect(nothingCreated({ raw: undefined, cause: new Error('?') })).toBe(false);
  });
});

describe('describeAmbiguity', () => {
  it('names the status, the bad 2xx body or the error code', () => {
    expect(describeAmbiguity({ raw: raw(502), cause: undefined })).toBe('HTTP 502');
    expect(describeAmbiguity({ raw: raw(200), cause: new Error('x') })).toBe(
      'HTTP 200 with a body that is not an export object',
    );
    expect(describeAmbiguity({ raw: undefined, cause: error('UND_ERR_SOCKET') })).toBe(
      'UND_ERR_SOCKET',
    );
    expect(describeAmbiguity({ raw: undefined, cause: new TypeError('x') })).toBe('TypeError');
  });
});
