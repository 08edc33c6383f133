/**
 * `_cloverql_state`: per (merchant, resource), how far the backfill got, the watermark of the
 * incremental runs and the last run. A few numbers, never id sets. It is written in the same
 * transaction as the rows it covers, so it never claims rows that are not committed.
 */

import type { ResourceName } from '@cloverql/dsl';
import type { Kysely, Transaction } from 'kysely';
import { STATE_TABLE } from '../schema/migrations.js';

/** How the backfill reads history. */
export type BackfillMode = 'rest' | 'export';

/** One resource's state. Times in UTC ms. */
export interface ResourceState {
  readonly merchantId: string;
  readonly resource: ResourceName;
  /** Everything modified before this is in the table (null until the backfill is done). */
  readonly watermark: number | null;
  /** The backfill covers records created in `[backfillFrom, backfillTo)`. */
  readonly backfillFrom: number;
  readonly backfillTo: number;
  /** Records created in `[backfillFrom, backfillDone)` are committed. */
  readonly backfillDone: number;
  readonly backfillMode: BackfillMode;
  readonly lastRunStarted: number | null;
  readonly lastRunFinished: number | null;
  readonly lastRunStatus: string | null;
  readonly lastRunSummary: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: dynamic schema.
type Db = Kysely<any> | Transaction<any>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Reads one resource's state, or null before its first run. */
export async function readState(
  db: Db,
  merchantId: string,
  resource: ResourceName,
): Promise<ResourceState | null> {
  const row = await db
    .selectFrom(STATE_TABLE)
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('resource', '=', resource)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Every state row, for `sync status`. */
export async function readAllStates(db: Db): Promise<ResourceState[]> {
  const rows = await db
    .selectFrom(STATE_TABLE)
    .selectAll()
    .orderBy('merchant_id')
    .orderBy('resource')
    .execute();
  return rows.map(fromRow);
}

function fromRow(row: Record<string, unknown>): ResourceState {
  return {
    merchantId: String(row.merchant_id),
    resource: row.resource as ResourceName,
    watermark: num(row.watermark),
    backfillFrom: Number(row.backfill_from),
    backfillTo: Number(row.backfill_to),
    backfillDone: Number(row.backfill_done),
    backfillMode: row.backfill_mode as BackfillMode,
    lastRunStarted: num(row.last_run_started),
    lastRunFinished: num(row.last_run_finished),
    lastRunStatus: (row.last_run_status as string | null) ?? null,
    lastRunSummary: (row.last_run_summary as string | null) ?? null,
  };
}

/** Inserts a resource's first state (the backfill's range). */
export async function insertState(db: Db, s: ResourceState): Promise<void> {
  await db
    .insertInto(STATE_TABLE)
    .values({
      merchant_id: s.merchantId,
      resource: s.resource,
      watermark: s.watermark,
      backfill_from: s.backfillFrom,
      backfill_to: s.backfillTo,
      backfill_done: s.backfillDone,
      backfill_mode: s.backfillMode,
      last_run_started: s.lastRunStarted,
      last_run_finished: s.lastRunFinished,
      last_run_status: s.lastRunStatus,
      last_run_summary: s.lastRunSummary,
    })
    .execute();
}

type StatePatch = Partial<Omit<ResourceState, 'merchantId' | 'resource'>>;

const COLUMN_OF: Readonly<Record<string, string>> = {
  watermark: 'watermark',
  backfillFrom: 'backfill_from',
  backfillTo: 'backfill_to',
  backfillDone: 'backfill_done',
  backfillMode: 'backfill_mode',
  lastRunStarted: 'last_run_started',
  lastRunFinished: 'last_run_finished',
  lastRunStatus: 'last_run_status',
  lastRunSummary: 'last_run_summary',
};

/** The `UPDATE` of some fields of a resource's state, or null when there is nothing to set. */
function stateUpdate(
  db: Db,
  key: { merchantId: string; resource: ResourceName },
  patch: StatePatch,
) {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    const column = COLUMN_OF[k];
    if (column) set[column] = v;
  }
  if (Object.keys(set).length === 0) return null;
  return db
    .updateTable(STATE_TABLE)
    .set(set)
    .where('merchant_id', '=', key.merchantId)
    .where('resource', '=', key.resource);
}

/** Changes some fields of a resource's state. */
export async function updateState(
  db: Db,
  key: { merchantId: string; resource: ResourceName },
  patch: StatePatch,
): Promise<void> {
  await stateUpdate(db, key, patch)?.execute();
}

/**
 * {@link updateState} as a compiled statement, for a connection kysely does not hold (the SQLite
 * writer thread runs it in the transaction of the rows it covers); null when nothing changes.
 */
export function compileStateUpdate(
  db: Db,
  key: { merchantId: string; resource: ResourceName },
  patch: StatePatch,
): { readonly sql: string; readonly parameters: readonly unknown[] } | null {
  const q = stateUpdate(db, key, patch)?.compile();
  return q ? { sql: q.sql, parameters: q.parameters } : null;
}
