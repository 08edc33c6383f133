/**
 * The one error class of the fleet: callers (and the CLI's exit codes) match on `code`.
 */

/** Stable codes of {@link FleetError}. */
export const FLEET_ERROR_CODES = [
  'INVALID_OPTIONS',
  'NOT_POSTGRES',
  'NO_KEY',
  'BAD_KEY',
  'DECRYPT',
  'UNKNOWN_MERCHANT',
  'MERCHANT_BUSY',
  'WAIT_TIMEOUT',
  'DATABASE',
] as const;

export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

/**
 * A fleet failure: a bad option or key, a merchant not in the fleet, a wait that gave up.
 *
 * @example if (e instanceof FleetError && e.code === 'WAIT_TIMEOUT') process.exitCode = 5;
 */
export class FleetError extends Error {
  override readonly name = 'FleetError';
  readonly code: FleetErrorCode;

  constructor(code: FleetErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Whether `e` is a {@link FleetError}. */
export function isFleetError(e: unknown): e is FleetError {
  return e instanceof FleetError;
}
