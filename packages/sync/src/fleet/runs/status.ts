/**
 * `fleet status`: per merchant, the state of its latest run and what it holds, failing merchants
 * first. {@link fleetStatusOf} is the pure part (state and order from plain rows);
 * `readFleetStatus` gathers those rows.
 */

/** One merchant's line of `fleet status --json`. */
export interface MerchantStatus {
  readonly merchantId: string;
  readonly state: 'pending' | 'running' | 'ok' | 'failed';
  /** ISO instant the latest finished run ended, or null. */
  readonly lastFinishedAt: string | null;
  /** Live rows (not marked deleted) of the merchant in the synced tables. */
  readonly rows: number;
  /**
   * How far the merchant's copy trails the database's now, in ms: now minus the oldest
   * watermark of its resources (everything modified before a watermark is in the tables).
   * Null until every resource it syncs has finished its backfill.
   */
  readonly watermarkLagMs: number | null;
  /** The latest run's error, when it failed. */
  readonly error?: string;
}

/** `fleet status --json`. */
export interface FleetStatus {
  readonly merchants: MerchantStatus[];
}

/** What {@link fleetStatusOf} reads for one merchant. */
export interface MerchantFacts {
  readonly merchantId: string;
  /** The latest run, if any. */
  readonly lastRun:
    | {
        readonly state: 'running' | 'ok' | 'failed';
        readonly finishedAt: Date | null;
        readonly error: string | null;
      }
    | undefined;
  /** The latest finished run's end (a running run may follow it). */
  readonly lastFinishedAt: Date | null;
  /** Whether a job for the merchant waits to run (queued or retrying). */
  readonly queued: boolean;
  readonly rows: number;
  /**
   * The watermark of each resource with sync state (null while its backfill runs); empty
   * before the merchant's first sync.
   */
  readonly watermarks: readonly (number | null)[];
}

const ORDER: Record<MerchantStatus['state'], number> = {
  failed: 0,
  running: 1,
  pending: 2,
  ok: 3,
};

/**
 * A merchant's watermark lag at `now`: now minus its oldest watermark, or null while any
 * resource has none (never synced, or backfilling). Never negative (a watermark set by a worker
 * whose clock runs ahead of the database's).
 *
 * @example watermarkLag([1000, 4000], 5000) // 4000
 */
export function watermarkLag(watermarks: readonly (number | null)[], now: number): number | null {
  if (watermarks.length === 0 || watermarks.some((w) => w === null)) return null;
  return Math.max(0, Math.round(now - Math.min(...(watermarks as number[]))));
}

/**
 * The state of each merchant and the order to show them in: failed, running, pending, ok, then
 * by id. A merchant is `running` while its latest run is; `failed` when its latest run failed
 * (even with a retry queued: the last word is a failure); `pending` when a job waits for it or it
 * never ran; `ok` otherwise.
 *
 * `now` is the database's clock, in ms, for the watermark lag.
 *
 * @example fleetStatusOf([{ merchantId: 'M', lastRun: undefined, lastFinishedAt: null, queued: true, rows: 0, watermarks: [] }], Date.parse('2026-01-07T12:00:00Z'))
 */
export function fleetStatusOf(facts: readonly MerchantFacts[], now: number): FleetStatus {
  const merchants = facts.map((f): MerchantStatus => {
    const run = f.lastRun;
    const state: MerchantStatus['state'] =
      run?.state === 'running'
        ? 'running'
        : run?.state === 'failed'
          ? 'failed'
          : f.queued || !run
            ? 'pending'
            : 'ok';
    const base = {
      merchantId: f.merchantId,
      state,
      lastFinishedAt: f.lastFinishedAt ? f.lastFinishedAt.toISOString() : null,
      rows: f.rows,
      watermarkLagMs: watermarkLag(f.watermarks, now),
    };
    return state === 'failed' ? { ...base, error: run?.error ?? 'failed' } : base;
  });
  merchants.sort(
    (a, b) =>
      ORDER[a.state] - ORDER[b.state] ||
      (a.merchantId < b.merchantId ? -1 : a.merchantId > b.merchantId ? 1 : 0),
  );
  return { merchants };
}
