/**
 * Exit codes scripts can rely on. Documented in the README; never reuse a number for something
 * else.
 */
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
