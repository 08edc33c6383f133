/**
 * Progress reporting: the run keeps one mutable tally and sends a frozen snapshot of it to
 * `onProgress` whenever something changes. The library never logs; this is all it says.
 */

/** A snapshot of a run's progress. */
export interface Progress {
  readonly phase:
    | 'rest'
    | 'export-create'
    | 'export-wait'
    | 'export-orphan-wait'
    | 'export-poll'
    | 'export-download'
    | 'done';
  readonly windowsDone: number;
  readonly windowsTotal: number;
  /** HTTP requests started, retries included. */
  readonly requests: number;
  readonly retries: number;
  /** Records yielded to the caller. */
  readonly records: number;
  /** `percentComplete` of the export being polled. */
  readonly exportPercent?: number;
  /**
   * Create requests that may have created an export the client cannot know of (their answer was
   * lost); each such orphan runs on at Clover unread. Absent when none.
   */
  readonly orphanedExports?: number;
  /**
   * While waiting for the Export API to open: when it opens (UTC ms); while waiting for an
   * orphaned export to finish (`export-orphan-wait`): when the client creates again.
   */
  readonly waitingUntil?: number;
  /** The most recent retry: what failed, how long the client waits, and which request. */
  readonly lastRetry?: {
    readonly status: number | string;
    readonly delayMs: number;
    readonly request: string;
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The run's tally; every change calls the listener with a snapshot. */
export class ProgressTracker {
  private readonly state: Mutable<Progress>;

  constructor(
    private readonly listener: ((p: Progress) => void) | undefined,
    init: { phase: Progress['phase']; windowsTotal: number },
  ) {
    this.state = {
      phase: init.phase,
      windowsDone: 0,
      windowsTotal: init.windowsTotal,
      requests: 0,
      retries: 0,
      records: 0,
    };
  }

  /** The current tally (a copy). */
  snapshot(): Progress {
    return Object.freeze({ ...this.state });
  }

  requestStarted(): void {
    this.state.requests++;
    this.emit();
  }

  retried(lastRetry: NonNullable<Progress['lastRetry']>): void {
    this.state.retries++;
    this.state.lastRetry = Object.freeze({ ...lastRetry });
    this.emit();
  }

  /** Counts a create request that may have left an orphaned export. */
  orphaned(): void {
    this.state.orphanedExports = (this.state.orphanedExports ?? 0) + 1;
    this.emit();
  }

  windowDone(): void {
    this.state.windowsDone++;
    this.emit();
  }

  recordsYielded(n: number): void {
    if (n === 0) return;
    this.state.records += n;
    this.emit();
  }

  /** Moves to a phase; `extra` sets or (with undefined) clears the export fields. */
  phase(
    phase: Progress['phase'],
    extra: { exportPercent?: number | undefined; waitingUntil?: number | undefined } = {},
  ): void {
    this.state.phase = phase;
    if ('exportPercent' in extra) setOrDelete(this.state, 'exportPercent', extra.exportPercent);
    if ('waitingUntil' in extra) setOrDelete(this.state, 'waitingUntil', extra.waitingUntil);
    this.emit();
  }

  private emit(): void {
    if (!this.listener) return;
    try {
      this.listener(this.snapshot());
    } catch {
      // A failing progress listener must not break the run it observes.
    }
  }
}

function setOrDelete(
  o: Mutable<Progress>,
  key: 'exportPercent' | 'waitingUntil',
  value: number | undefined,
): void {
  if (value === undefined) delete o[key];
  else o[key] = value;
}
