/**
 * `sync status`: per (merchant, resource), the watermark, the rows held and the last run — read
 * from the database alone, without Clover.
 */
import type { ResourceName } from '@cloverql/dsl';
import type { Kysely } from 'kysely';
import { readAllStates } from './state.js';

/** One resource's status. Times in UTC ms. */
export interface ResourceStatus {
  readonly merchantId: string;
  readonly resource: ResourceName;
  readonly watermark: number | null;
  /** Rows of records that exist, and rows marked deleted. */
  readonly rows: number;
  readonly deletedRows: number;
  /** Whether the backfill is finished; while not, how far it got (`createdTime`). */
  readonly backfillDone: boolean;
  readonly backfillFrom: number;
  readonly backfillReached: number;
  readonly lastRunStarted: number | null;
  readonly lastRunFinished: number | null;
  readonly lastRunStatus: string | null;
}

/** Reads the status of every synced (merchant, resource) in a database. */
// biome-ignore lint/suspicious/noExplicitAny: dynamic schema.
export async function readStatus(db: Kysely<any>): Promise<ResourceStatus[]> {
  const states = await readAllStates(db);
  const out: ResourceStatus[] = [];
  for (const s of states) {
    const counts = await db
      .selectFrom(s.resource)
      .select((eb) => [eb.fn.countAll().as('all'), eb.fn.count('_deleted_at').as('deleted')])
      .where('merchant_id', '=', s.merchantId)
      .executeTakeFirst();
    const all = Number(counts?.all ?? 0);
    const deleted = Number(counts?.deleted ?? 0);
    out.push({
      merchantId: s.merchantId,
      resource: s.resource,
      watermark: s.watermark,
      rows: all - deleted,
      deletedRows: deleted,
      backfillDone: s.backfillDone >= s.backfillTo,
      backfillFrom: s.backfillFrom,
      backfillReached: s.backfillDone,
      lastRunStarted: s.lastRunStarted,
      lastRunFinished: s.lastRunFinished,
      lastRunStatus: s.lastRunStatus,
    });
  }
  return out;
}
