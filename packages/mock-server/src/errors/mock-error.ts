/**
 * Every failure the mock reports carries a stable `code`; callers match on it, never on the
 * message text. The HTTP status of each code lives in one table (`status-table.ts`).
 */

/** The stable error codes of the mock server. */
export type MockErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_FILTER_FIELD'
  | 'BAD_FILTER_OPERATOR'
  | 'BAD_FILTER_VALUE'
  | 'BAD_PAGING'
  | 'BAD_ORDER_BY'
  | 'BAD_REQUEST'
  | 'BAD_JSON'
  | 'BAD_EXPORT_REQUEST'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'GONE'
  | 'RATE_LIMITED'
  | 'EXPORT_LIMIT_REACHED'
  | 'EXPORT_OUTSIDE_HOURS'
  | 'NOT_STARTED'
  | 'INTERNAL';

/** Optional parts of a {@link MockError}. */
export interface MockErrorOptions {
  /** A second line for the response body's `details`; defaults to the HTTP reason phrase. */
  readonly details?: string;
  /** Machine-readable facts about the failure (e.g. which rate limit was hit). */
  readonly context?: Readonly<Record<string, string | number | boolean>>;
  readonly cause?: unknown;
}

/**
 * The one error class of `@cloverql/mock-server`.
 *
 * @example
 * throw new MockError('UNKNOWN_FILTER_FIELD', 'Unknown filter field for orders: colour');
 */
export class MockError extends Error {
  override readonly name = 'MockError';
  readonly code: MockErrorCode;
  readonly details: string | undefined;
  readonly context: Readonly<Record<string, string | number | boolean>>;

  constructor(code: MockErrorCode, message: string, options: MockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.context = options.context ?? {};
  }
}

/** Whether `err` is a {@link MockError}, optionally with a given code. */
export function isMockError(err: unknown, code?: MockErrorCode): err is MockError {
  return err instanceof MockError && (code === undefined || err.code === code);
}
