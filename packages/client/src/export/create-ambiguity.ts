/**
 * Whether a failed `POST /exports` may have created an export. Clover has no endpoint that lists
 * a merchant's exports, so an export created by a POST whose answer was lost can never be found:
 * it runs on as an orphan, holds one of the few export slots Clover allows at once, and its files
 * are never read. The runner therefore re-sends a create request at once only when the failure
 * proves that nothing was created; see docs/decisions/2026-11-29-ambiguous-export-create.md.
 */
import type { FailedAttempt } from '../http/http-types.js';
import { errorCode } from '../retry/classify.js';

/** Errors raised before the request could be written: the server never saw it. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * Statuses with which Clover creates nothing: 429 (throttled before the handler) and 503 (too
 * many exports in progress, or outside the opening hours — "nothing is created", docs/mock-server.md).
 */
const NOTHING_CREATED_STATUSES = new Set([429, 503]);

/**
 * True when the failed create request certainly created no export: the connection was never
 * made, or the server answered with a status that creates nothing. Everything else — a socket
 * closed after the request went out, a timeout, a cut-off or malformed 2xx body, a 500, 502 or
 * 504 — is ambiguous: the export may exist.
 *
 * @example nothingCreated({ raw: undefined, cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }) }) // true
 */
export function nothingCreated(failed: FailedAttempt): boolean {
  if (failed.raw !== undefined) {
    const { status } = failed.raw;
    return NOTHING_CREATED_STATUSES.has(status);
  }
  const code = errorCode(failed.cause);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** A short description of an ambiguous failure, for progress and errors. */
export function describeAmbiguity(failed: FailedAttempt): string {
  if (failed.raw !== undefined) {
    const { status } = failed.raw;
    return status >= 200 && status <= 299
      ? `HTTP ${status} with a body that is not an export object`
      : `HTTP ${status}`;
  }
  return errorCode(failed.cause) ?? (failed.cause instanceof Error ? failed.cause.name : 'error');
}
