/**
 * Every failure that ends a run is a `ClientError` with a stable `code`; callers match on the
 * code, never on the message. The message itself is written for people: which window, which
 * request, the HTTP status and what Clover said.
 */

/** The stable codes of {@link ClientError}. */
export type ClientErrorCode =
  | 'AUTH'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'NETWORK'
  | 'BAD_RESPONSE'
  | 'TRUNCATED'
  | 'EXPORT_FAILED'
  | 'EXPORT_UNAVAILABLE'
  | 'EXPORT_EXPIRED'
  | 'EXPORT_TIMEOUT'
  | 'EXPORT_AMBIGUOUS'
  | 'ABORTED'
  | 'INVALID_OPTIONS'
  | 'RETRY_BUDGET'
  | 'TIMEOUT'
  | 'BODY_TOO_LARGE'
  | 'RETRY_AFTER_TOO_LONG'
  | 'PROTOCOL';

/** Every code, in a stable order (for docs and exhaustive tests). */
export const CLIENT_ERROR_CODES: readonly ClientErrorCode[] = Object.freeze([
  'AUTH',
  'NOT_FOUND',
  'BAD_REQUEST',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'NETWORK',
  'BAD_RESPONSE',
  'TRUNCATED',
  'EXPORT_FAILED',
  'EXPORT_UNAVAILABLE',
  'EXPORT_EXPIRED',
  'EXPORT_TIMEOUT',
  'EXPORT_AMBIGUOUS',
  'ABORTED',
  'INVALID_OPTIONS',
  'RETRY_BUDGET',
  'TIMEOUT',
  'BODY_TOO_LARGE',
  'RETRY_AFTER_TOO_LONG',
  'PROTOCOL',
]);

/** Context of a {@link ClientError}: where it happened and why. */
export interface ClientErrorContext {
  /** HTTP status of the response that ended the run, if there was one. */
  readonly status?: number | undefined;
  /** Index into `plan.windows` of the window that failed. */
  readonly window?: number | undefined;
  /** The window as an ISO range (`formatWindow`), for the message. */
  readonly windowText?: string | undefined;
  /** The request that failed, as `'GET /v3/merchants/M/orders?filter=...'`. */
  readonly request?: string | undefined;
  /** Clover's own words: `message` and `details` of the JSON error body. */
  readonly serverMessage?: string | undefined;
  /** How many attempts the request had when it failed. */
  readonly attempts?: number | undefined;
  readonly cause?: unknown;
}

/**
 * The one error class of `@cloverql/client`.
 *
 * @example
 * try { await collect(plan, options) } catch (e) {
 *   if (e instanceof ClientError && e.code === 'AUTH') console.error('check CLOVER_TOKEN');
 * }
 */
export class ClientError extends Error {
  override readonly name = 'ClientError';
  readonly code: ClientErrorCode;
  // `declare`: absent context stays absent (no own property set to undefined).
  /** HTTP status of the response that ended the run. */
  declare readonly status?: number;
  /** Index into `plan.windows` of the window that failed. */
  declare readonly window?: number;
  /** The request that failed: `'GET /v3/merchants/M/orders?filter=...'`. */
  declare readonly request?: string;
  /** Clover's `message`/`details` of the response that ended the run, when it sent one. */
  declare readonly serverMessage?: string;
  /** Attempts the failed request had. */
  declare readonly attempts?: number;
  declare readonly cause?: unknown;

  constructor(code: ClientErrorCode, reason: string, context: ClientErrorContext = {}) {
    super(composeMessage(reason, context));
    this.code = code;
    const set = (key: string, value: unknown) => {
      if (value !== undefined)
        Object.defineProperty(this, key, {
          value,
          enumerable: key !== 'cause',
          writable: false,
          configurable: true,
        });
    };
    set('status', context.status);
    set('window', context.window);
    set('request', context.request);
    set('serverMessage', context.serverMessage);
    set('attempts', context.attempts);
    set('cause', context.cause);
  }
}

/** Whether `err` is a {@link ClientError}, optionally with a given code. */
export function isClientError(err: unknown, code?: ClientErrorCode): err is ClientError {
  return err instanceof ClientError && (code === undefined || err.code === code);
}

function composeMessage(reason: string, c: ClientErrorContext): string {
  const parts = [reason];
  if (c.status !== undefined) parts.push(`HTTP ${c.status}`);
  if (c.serverMessage) parts.push(`Clover said: ${c.serverMessage}`);
  if (c.window !== undefined) {
    parts.push(`window #${c.window}${c.windowText ? ` ${c.windowText}` : ''}`);
  }
  if (c.request) parts.push(`request ${c.request}`);
  if (c.attempts !== undefined && c.attempts > 1) parts.push(`after ${c.attempts} attempts`);
  return parts.join(' — ');
}
