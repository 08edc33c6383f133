/** One request as the journal keeps it. */
export interface JournalEntry {
  readonly method: string;
  /** The path without the query, e.g. `/v3/merchants/M1/orders`. */
  readonly path: string;
  /** Query parameters in order, repeats kept, e.g. `[['filter', 'total>100'], ['limit', '10']]`. */
  readonly query: readonly (readonly [string, string])[];
  /** The status sent, or `'aborted'` when the connection closed before a full response. */
  readonly status: number | 'aborted';
  /** The merchant id from a `/v3/merchants/{mId}/…` path, else `null`. */
  readonly merchantId: string | null;
  /** Real ms from the request's arrival to its end. */
  readonly durationMs: number;
  /** Virtual time (UTC ms) when the request arrived. */
  readonly at: number;
  /** Whether a one-off override answered it (or dropped or delayed it). */
  readonly overridden: boolean;
}

/** How many requests a journal keeps unless told otherwise. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * The most recent requests, oldest first, bounded: past `size`, the oldest is forgotten. What a
 * test reads to assert "my app called X" (WireMock's request journal).
 *
 * @example
 * const j = new RequestJournal(2);
 * j.record(a); j.record(b); j.record(c);
 * j.entries(); // [b, c]
 */
export class RequestJournal {
  private ring: JournalEntry[] = [];
  private start = 0;

  constructor(readonly size: number = DEFAULT_JOURNAL_SIZE) {}

  /** Adds a finished request. */
  record(entry: JournalEntry): void {
    if (this.size === 0) return;
    if (this.ring.length < this.size) {
      this.ring.push(entry);
      return;
    }
    this.ring[this.start] = entry;
    this.start = (this.start + 1) % this.size;
  }

  /** The kept requests, oldest first (a copy). */
  entries(): JournalEntry[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }

  /** Forgets every request. */
  clear(): void {
    this.ring = [];
    this.start = 0;
  }
}
