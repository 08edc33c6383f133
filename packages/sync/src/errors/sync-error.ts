/**
 * The one error class of `@cloverql/sync`: callers match on `code`, never on the message.
 */

/** Stable codes of {@link SyncError}. */
/**
 * `LOCKED`: another sync of the same merchant (PostgreSQL) or into the same SQLite file is
 * running.
 */
export const SYNC_ERROR_CODES = ['INVALID_OPTIONS', 'DESTINATION', 'ABORTED', 'LOCKED'] as const;

export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/**
 * A sync failure that is not the client's (`ClientError` passes through unchanged): a bad option,
 * a database that cannot be opened or written.
 *
 * @example if (e instanceof SyncError && e.code === 'INVALID_OPTIONS') usage(e.message);
 */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly code: SyncErrorCode;

  constructor(code: SyncErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Whether `e` is a {@link SyncError}. */
export function isSyncError(e: unknown): e is SyncError {
  return e instanceof SyncError;
}
