import type { Response } from 'express';
import { isMockError, MockError, type MockErrorCode } from '../errors/mock-error.js';
import { reasonPhrase, statusOf } from '../errors/status-table.js';

/** Body-parser error types and the codes they become. */
const BODY_ERRORS: Readonly<Record<string, MockErrorCode>> = {
  'entity.too.large': 'BODY_TOO_LARGE',
  'entity.parse.failed': 'BAD_JSON',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'entity.verify.failed': 'BAD_REQUEST',
  'request.size.invalid': 'BAD_REQUEST',
  'stream.encoding.set': 'INTERNAL',
  'request.aborted': 'BAD_REQUEST',
};

/**
 * Any thrown value as a {@link MockError}: body-parser and router errors by their type or 4xx
 * status, anything else as `INTERNAL` with a generic message (the original stays as `cause`, never
 * in a response).
 */
export function toMockError(err: unknown): MockError {
  if (isMockError(err)) return err;
  const e = (err ?? {}) as { type?: unknown; status?: unknown };
  const byType = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  if (byType === 'BAD_JSON') {
    return new MockError('BAD_JSON', 'Malformed JSON in request body', { cause: err });
  }
  if (byType === 'BODY_TOO_LARGE') {
    return new MockError('BODY_TOO_LARGE', 'Request body too large', { cause: err });
  }
  if (byType !== undefined) return new MockError(byType, 'Invalid request body', { cause: err });
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new MockError('BAD_REQUEST', 'Malformed request', { cause: err });
  }
  return new MockError('INTERNAL', 'Internal error', { cause: err });
}

/** Headers a rate-limit error carries: the limit hit, and `Retry-After` when known. */
function errorHeaders(err: MockError): Record<string, string> {
  const headers: Record<string, string> = { 'X-Mock-Error-Code': err.code };
  const { limit, value, retryAfterSeconds } = err.context;
  if (err.code === 'RATE_LIMITED' && typeof limit === 'string') {
    headers[`X-RateLimit-${limit}`] = String(value);
  }
  if (typeof retryAfterSeconds === 'number') headers['Retry-After'] = String(retryAfterSeconds);
  return headers;
}

/**
 * Writes an error response: the status from the code table, a JSON body
 * `{ "details", "message" }` in Clover's shape (plus `availableHours` for the export-hours 503),
 * and `X-Mock-Error-Code`. Never a stack trace.
 *
 * @example sendError(res, new MockError('NOT_FOUND', 'Not Found', { details: 'Order not found' }))
 */
export function sendError(res: Response, err: MockError): void {
  const status = statusOf(err.code);
  const body: Record<string, unknown> = {
    details: err.details ?? reasonPhrase(status),
    message: err.message,
  };
  if (err.code === 'EXPORT_OUTSIDE_HOURS') body.availableHours = err.context.availableHours;
  res.status(status).set(errorHeaders(err)).json(body);
}
