/** Requests seen, by route and by status. */
export interface CounterSnapshot {
  readonly total: number;
  /** `{ "GET /v3/merchants/{mId}/orders": { "200": 3, "429": 1 } }`; `aborted` for responses cut off (dropped or truncated). */
  readonly byRoute: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * Counts requests by route template and outcome, for the admin API. Route keys come from a fixed
 * list of templates, never from raw paths, so the table stays small whatever clients send.
 *
 * @example counters.record('GET /v3/merchants/{mId}/orders', 200)
 */
export class RequestCounters {
  private readonly counts = new Map<string, Map<string, number>>();
  private total = 0;

  /** Counts one request. */
  record(route: string, outcome: number | 'aborted'): void {
    const byStatus = this.counts.get(route) ?? new Map<string, number>();
    const key = String(outcome);
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    this.counts.set(route, byStatus);
    this.total++;
  }

  /** A plain-JSON copy of the counts. */
  snapshot(): CounterSnapshot {
    const byRoute: Record<string, Record<string, number>> = {};
    for (const [route, byStatus] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      byRoute[route] = Object.fromEntries(byStatus);
    }
    return { total: this.total, byRoute };
  }

  /** Sets every count to zero. */
  reset(): void {
    this.counts.clear();
    this.total = 0;
  }
}
