import { describe, expect, it } from 'vitest';
import { BODY_TOO_LARGE_CODE, REQUEST_TIMEOUT_CODE } from '../http/transport.js';
import { classifyError, classifyStatus, errorCode } from './classify.js';

const err = (code: string) => Object.assign(new Error(code), { code });

describe('classifyStatus', () => {
  it.each([
    [429, 'retry', 'RATE_LIMITED'],
    [500, 'retry', 'UNAVAILABLE'],
    [502, 'retry', 'UNAVAILABLE'],
    [503, 'retry', 'UNAVAILABLE'],
    [504, 'retry', 'UNAVAILABLE'],
    [400, 'fail', 'BAD_REQUEST'],
    [401, 'fail', 'AUTH'],
    [403, 'fail', 'AUTH'],
    [404, 'fail', 'NOT_FOUND'],
    [405, 'fail', 'BAD_REQUEST'],
    [410, 'fail', 'BAD_REQUEST'],
    [413, 'fail', 'BAD_REQUEST'],
    [302, 'fail', 'BAD_RESPONSE'],
  ] as const)('%i -> %s %s', (status, action, code) => {
    expect(classifyStatus(status)).toEqual({ action, code, label: status });
  });
});

describe('classifyError', () => {
  it('retries dropped connections and socket errors as NETWORK', () => {
    for (const code of [
      'UND_ERR_SOCKET',
      'ECONNRESET',
      'ECONNREFUSED',
      'EPIPE',
      'UND_ERR_CLOSED',
      'HPE_INVALID_CONSTANT',
    ]) {
      expect(classifyError(err(code))).toEqual({ action: 'retry', code: 'NETWORK', label: code });
    }
  });

  it('retries bodies cut short as BAD_RESPONSE', () => {
    expect(classifyError(err('UND_ERR_RES_CONTENT_LENGTH_MISMATCH'))).toMatchObject({
      action: 'retry',
      code: 'BAD_RESPONSE',
    });
  });

  it('finds the code on a cause', () => {
    const wrapped = new Error('fetch failed', { cause: err('ECONNRESET') });
    expect(errorCode(wrapped)).toBe('ECONNRESET');
    expect(classifyError(wrapped).action).toBe('retry');
  });

  it('retries a request past its deadline as TIMEOUT and fails a body over the cap at once', () => {
    const timeout = Object.assign(new Error('late'), { code: REQUEST_TIMEOUT_CODE });
    expect(classifyError(timeout)).toMatchObject({ action: 'retry', code: 'TIMEOUT' });
    const large = Object.assign(new Error('large'), { code: BODY_TOO_LARGE_CODE });
    expect(classifyError(large)).toMatchObject({ action: 'fail', code: 'BODY_TOO_LARGE' });
  });

  it('does not retry unknown errors', () => {
    expect(classifyError(new TypeError('bad'))).toEqual({
      action: 'fail',
      code: 'NETWORK',
      label: 'TypeError',
    });
    expect(classifyError(err('UND_ERR_INVALID_ARG')).action).toBe('fail');
  });
});
