/**
 * The deadline of one window's export (`exports.deadlineMs`): it starts with the window's first
 * create request and ends the run with `EXPORT_TIMEOUT` when the export is not DONE by then, so
 * an export that stays PENDING or IN_PROGRESS cannot be polled forever. Waiting for the Export
 * API's opening hours does not count: that wait has its own, known end.
 */
import type { Clock } from '../clock/clock.js';

/**
 * A deadline on the run's clock that can be started late and pushed back.
 *
 * @example
 * const d = new ExportDeadline(clock, 7_200_000);
 * d.start(); // now + 2 h
 * d.remaining() // 7_200_000
 */
export class ExportDeadline {
  private end: number | undefined;

  constructor(
    private readonly clock: Clock,
    /** The allowance in ms. */
    readonly ms: number,
  ) {}

  /** Starts the deadline now, unless it has started already. */
  start(): void {
    this.end ??= this.clock.now() + this.ms;
  }

  /** Pushes the end back by `ms` of time that does not count (no-op before the start). */
  exclude(ms: number): void {
    if (this.end !== undefined && ms > 0) this.end += ms;
  }

  /** Ms left (Infinity before the start, 0 once passed). */
  remaining(): number {
    if (this.end === undefined) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.end - this.clock.now());
  }
}

/**
 * A duration for messages: `2 h`, `5 min`, `1.5 s`.
 *
 * @example formatDuration(7_200_000) // '2 h'
 */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size) return `${Number((ms / size).toFixed(2))} ${unit}`;
  }
  return `${ms} ms`;
}
