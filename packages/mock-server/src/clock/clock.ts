/**
 * A source of the current time in UTC epoch milliseconds. Core code reads time only through a
 * `Clock`, so tests of expiry, export progress and availability hours are instant and repeatable.
 */
export interface Clock {
  /** The current time in ms (an integer). */
  now(): number;
}

/** A monotonic reading in ms from an arbitrary origin, such as `performance.now`. */
export type MonotonicSource = () => number;
