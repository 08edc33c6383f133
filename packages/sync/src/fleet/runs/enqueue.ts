/**
 * Putting syncs on graphile-worker's queue: one job per merchant under its job key, and the
 * recurring tick of `fleet schedule` (a job that enqueues every merchant, then adds itself again
 * `everyMs` later under its own key, so there is never more than one).
 */
import type { AddJobFunction } from 'graphile-worker';
import { SYNC_TASK, syncJobKey } from './run-records.js';

/** The task of `fleet schedule`'s recurring tick, and its job key. */
export const TICK_TASK = 'cloverql_tick';
export const TICK_KEY = 'cloverql-tick';

/** Attempts of one merchant's sync job, the first included (then it stays failed). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Adds (or moves to now) the sync job of each merchant.
 *
 * @example await enqueueSyncs(utils.addJob, ['M1', 'M2'], { maxAttempts: 5 })
 */
export async function enqueueSyncs(
  addJob: AddJobFunction,
  merchantIds: readonly string[],
  o: { maxAttempts?: number | undefined } = {},
): Promise<void> {
  for (const merchantId of merchantIds) {
    await addJob(
      SYNC_TASK,
      { merchantId },
      {
        jobKey: syncJobKey(merchantId),
        jobKeyMode: 'replace',
        maxAttempts: o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      },
    );
  }
}

/** Adds the tick (replacing any), to run at `runAt`. */
export async function scheduleTick(
  addJob: AddJobFunction,
  everyMs: number,
  runAt: Date,
): Promise<void> {
  await addJob(
    TICK_TASK,
    { everyMs },
    { jobKey: TICK_KEY, jobKeyMode: 'replace', runAt, maxAttempts: 1000 },
  );
}

/**
 * Parses `--every`: a number and a unit (`s`, `m`, `h`, `d`), at least one minute.
 *
 * @example parseEvery('15m') // 900000
 */
export function parseEvery(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$/i.exec(text);
  if (!m) return null;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    (m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'
  ];
  const ms = Math.round(Number(m[1]) * unit);
  return ms >= 60_000 ? ms : null;
}
