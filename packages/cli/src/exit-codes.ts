/**
 * Exit codes scripts can rely on. Documented in the README; never reuse a number for something
 * else.
 */
import type { ClientErrorCode } from '@cloverql/client';

export const EXIT = Object.freeze({
  /** Success. */
  OK: 0,
  /** A bug in cloverql (reported with a request to file an issue). */
  INTERNAL: 1,
  /** Bad query or bad usage: the caret error or the usage message says what. */
  USAGE: 2,
  /** Clover refused the credentials (401/403). */
  AUTH: 3,
  /** Clover or the network failed after retries, or the result would have been incomplete. */
  API: 4,
  /** `cloverql sync`: the database could not be opened, migrated or written. */
  DATABASE: 5,
  /** A bounded wait gave up (`fleet run-once --wait --timeout`). */
  WAIT_TIMEOUT: 6,
  /** Interrupted with Ctrl-C. */
  INTERRUPTED: 130,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit code of each client error. A record over every `ClientErrorCode`, so a new code
 * fails to compile until it is given an exit code here.
 */
export const CLIENT_ERROR_EXIT = Object.freeze({
  AUTH: EXIT.AUTH,
  ABORTED: EXIT.INTERRUPTED,
  INVALID_OPTIONS: EXIT.USAGE,
  NOT_FOUND: EXIT.API,
  BAD_REQUEST: EXIT.API,
  RATE_LIMITED: EXIT.API,
  UNAVAILABLE: EXIT.API,
  NETWORK: EXIT.API,
  BAD_RESPONSE: EXIT.API,
  TRUNCATED: EXIT.API,
  EXPORT_FAILED: EXIT.API,
  EXPORT_UNAVAILABLE: EXIT.API,
  EXPORT_EXPIRED: EXIT.API,
  EXPORT_TIMEOUT: EXIT.API,
  EXPORT_AMBIGUOUS: EXIT.API,
  RETRY_BUDGET: EXIT.API,
  TIMEOUT: EXIT.API,
  BODY_TOO_LARGE: EXIT.API,
  RETRY_AFTER_TOO_LONG: EXIT.API,
  PROTOCOL: EXIT.API,
} as const satisfies Record<ClientErrorCode, ExitCode>);
