import { MockError } from '../errors/mock-error.js';
import type { Clock, MonotonicSource } from './clock.js';

/** How a {@link VirtualClock} starts. */
export interface VirtualClockOptions {
  /** The virtual time at creation (UTC ms). */
  readonly start: number;
  /** Frozen clocks only move when set or advanced. Default false. */
  readonly frozen?: boolean;
  /** Real elapsed time, which a running virtual clock follows. */
  readonly source: MonotonicSource;
}

/** The earliest virtual time: 1970-01-01T00:00:00.000Z. */
export const CLOCK_MIN = 0;
/** The latest virtual time: 9999-12-31T23:59:59.999Z (ISO-8601 has four-digit years). */
export const CLOCK_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw new MockError('INVALID_ARGUMENT', `${what} must be a finite number of ms, got ${value}`);
  }
}

function assertInRange(ms: number, what: string): void {
  if (ms < CLOCK_MIN || ms > CLOCK_MAX) {
    throw new MockError(
      'INVALID_ARGUMENT',
      `${what} must be from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z, got ${ms} ms`,
    );
  }
}

/**
 * The mock's notion of "now": runs with real time unless frozen, and can be set or advanced.
 * Export progress, export expiry, availability hours and the 90-day clamp read it.
 *
 * @example
 * const clock = new VirtualClock({ start: Date.UTC(2024, 0, 1), frozen: true, source: () => performance.now() });
 * clock.advance(60_000);
 * clock.now(); // 2024-01-01T00:01:00Z
 */
export class VirtualClock implements Clock {
  private base: number;
  private anchor: number;
  private isFrozen: boolean;
  private skipped = 0;
  private readonly source: MonotonicSource;

  constructor(options: VirtualClockOptions) {
    assertFinite(options.start, 'clock start');
    assertInRange(options.start, 'clock start');
    this.source = options.source;
    this.base = Math.floor(options.start);
    this.anchor = this.source();
    this.isFrozen = options.frozen ?? false;
  }

  /** The current virtual time (integer UTC ms). */
  now(): number {
    if (this.isFrozen) return this.base;
    return this.base + Math.floor(this.source() - this.anchor);
  }

  /**
   * Total ms the clock was moved forward by `set` and `advance` (never back), so that real-time
   * machinery (rate limits) can see a test's virtual waits as time passed.
   */
  get skippedMs(): number {
    return this.skipped;
  }

  /** Whether the clock is frozen. */
  get frozen(): boolean {
    return this.isFrozen;
  }

  /**
   * Jumps to `ms`; a running clock keeps running from there. Throws `INVALID_ARGUMENT`, changing
   * nothing, unless `ms` is finite and within {@link CLOCK_MIN}..{@link CLOCK_MAX}.
   */
  set(ms: number): void {
    assertFinite(ms, 'clock time');
    assertInRange(ms, 'clock time');
    const forward = Math.floor(ms) - this.now();
    if (forward > 0) this.skipped += forward;
    this.base = Math.floor(ms);
    this.anchor = this.source();
  }

  /**
   * Moves forward by `ms`, which must not be negative; throws `INVALID_ARGUMENT`, changing
   * nothing, when the result would pass {@link CLOCK_MAX}.
   */
  advance(ms: number): void {
    assertFinite(ms, 'clock advance');
    if (ms < 0) throw new MockError('INVALID_ARGUMENT', `cannot advance the clock by ${ms} ms`);
    const target = this.now() + ms;
    if (target > CLOCK_MAX) {
      throw new MockError(
        'INVALID_ARGUMENT',
        `cannot advance the clock by ${ms} ms: it would pass 9999-12-31T23:59:59.999Z`,
      );
    }
    this.set(target);
  }

  /** Stops the clock at the current time. */
  freeze(): void {
    if (this.isFrozen) return;
    this.base = this.now();
    this.isFrozen = true;
  }

  /** Lets a frozen clock run again from where it stands. */
  resume(): void {
    if (!this.isFrozen) return;
    this.anchor = this.source();
    this.isFrozen = false;
  }
}
