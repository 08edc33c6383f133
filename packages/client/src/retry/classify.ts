/**
 * What to do after one attempt of a request: which outcomes are worth another try and which
 * error code a failure ends in. One table, so every request of the client retries alike.
 */
import type { ClientErrorCode } from '../errors/client-error.js';
import { BODY_TOO_LARGE_CODE, REQUEST_TIMEOUT_CODE } from '../http/transport.js';

/** Socket-level failures: the request may not have reached the server, or its answer was lost. */
const NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_INFO',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/** Failures of the body itself: cut short or not what the server promised. */
const BODY_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'HPE_INVALID_CHUNK_SIZE']);

/** The verdict on one attempt. */
export type Verdict =
  | {
      readonly action: 'retry';
      /** The code the run ends with if the attempts run out. */
      readonly code: ClientErrorCode;
      /** What went wrong, for progress reports: an HTTP status or an error code. */
      readonly label: number | string;
      readonly retryAfterMs?: number;
    }
  | { readonly action: 'fail'; readonly code: ClientErrorCode; readonly label: number | string };

/**
 * Classifies an HTTP status that is not a success.
 *
 * @example classifyStatus(429) // { action: 'retry', code: 'RATE_LIMITED', label: 429 }
 */
export function classifyStatus(status: number): Verdict {
  if (status === 429) return { action: 'retry', code: 'RATE_LIMITED', label: status };
  if (status >= 500 && status <= 599)
    return { action: 'retry', code: 'UNAVAILABLE', label: status };
  if (status === 401 || status === 403) return { action: 'fail', code: 'AUTH', label: status };
  if (status === 404) return { action: 'fail', code: 'NOT_FOUND', label: status };
  if (status >= 400 && status <= 499) return { action: 'fail', code: 'BAD_REQUEST', label: status };
  return { action: 'fail', code: 'BAD_RESPONSE', label: status };
}

/** The `code` property of an error or its cause (undici and Node put it on the error). */
export function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies an error thrown while sending a request or reading its body. Unknown errors are not
 * retried: they are more likely a bug or a bad option than a passing fault.
 *
 * @example classifyError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))
 * // { action: 'retry', code: 'NETWORK', label: 'UND_ERR_SOCKET' }
 */
export function classifyError(err: unknown): Verdict {
  const code = errorCode(err);
  // Another attempt may be faster; the same body will be as large next time.
  if (code === REQUEST_TIMEOUT_CODE) return { action: 'retry', code: 'TIMEOUT', label: code };
  if (code === BODY_TOO_LARGE_CODE) return { action: 'fail', code: 'BODY_TOO_LARGE', label: code };
  if (code !== undefined && BODY_CODES.has(code)) {
    return { action: 'retry', code: 'BAD_RESPONSE', label: code };
  }
  if (code !== undefined && (NETWORK_CODES.has(code) || code.startsWith('HPE_'))) {
    return { action: 'retry', code: 'NETWORK', label: code };
  }
  return {
    action: 'fail',
    code: 'NETWORK',
    label: code ?? (err instanceof Error ? err.name : 'error'),
  };
}
