/**
 * Run records (`fleet_runs`): one row per job attempt, written by the worker when it starts and
 * when it ends; read by `fleet status` and `fleet run-once --wait`.
 */
import { RESOURCE_NAMES } from '@cloverql/dsl';
import { type Kysely, sql } from 'kysely';
import { STATE_TABLE } from '../../schema/migrations.js';
import { type FleetStatus, fleetStatusOf, type MerchantFacts } from './status.js';

// biome-ignore lint/suspicious/noExplicitAny: raw SQL over the fleet's tables.
type Db = Kysely<any>;

/** The graphile-worker task that syncs one merchant, and the job key that makes it one per merchant. */
export const SYNC_TASK = 'cloverql_sync';
/** The job key of a merchant's sync. */
export const syncJobKey = (merchantId: string): string => `cloverql-sync:${merchantId}`;

/** Records that an attempt started; returns the run's id. */
export async function startRun(
  db: Db,
  r: { merchantId: string; jobId: string; attempt: number; worker: string | null },
): Promise<string> {
  const res = await sql<{ id: string }>`
    insert into fleet_runs (merchant_id, job_id, attempt, worker, state, started_at)
    values (${r.merchantId}, ${r.jobId}, ${r.attempt}, ${r.worker}, 'running', now())
    returning id`.execute(db);
  return String(res.rows[0]?.id);
}

/** Records how an attempt ended. */
export async function finishRun(
  db: Db,
  id: string,
  r: { state: 'ok' | 'failed'; rows: number | null; error: string | null; summary: unknown },
): Promise<void> {
  await sql`update fleet_runs set state = ${r.state}, finished_at = now(), rows = ${r.rows},
      error = ${r.error}, summary = ${r.summary === null ? null : JSON.stringify(r.summary)}
    where id = ${id}`.execute(db);
}

/** Marks the running attempts of a dead worker as failed. */
export async function failRunsOf(db: Db, worker: string, error: string): Promise<void> {
  await sql`update fleet_runs set state = 'failed', finished_at = now(), error = ${error}
    where worker = ${worker} and state = 'running'`.execute(db);
}

/** Live rows (not marked deleted) of each merchant across the synced tables. */
async function rowCounts(db: Db): Promise<Map<string, number>> {
  const parts = RESOURCE_NAMES.map(
    (r) =>
      sql`select merchant_id, count(*) as n from ${sql.table(r)} where _deleted_at is null group by merchant_id`,
  );
  const res = await sql<{ merchant_id: string; n: string }>`
    select merchant_id, sum(n)::bigint as n from (${sql.join(parts, sql` union all `)}) t
    group by merchant_id`.execute(db);
  return new Map(res.rows.map((r) => [r.merchant_id, Number(r.n)]));
}

/** The database's now (ms) and each merchant's watermarks, one per resource with sync state. */
async function watermarksOf(
  db: Db,
): Promise<{ now: number; watermarks: Map<string, (number | null)[]> }> {
  const r = await sql<{
    merchant_id: string | null;
    watermark: string | number | null;
    now: number;
  }>`
    select s.merchant_id, s.watermark,
      (extract(epoch from clock_timestamp()) * 1000)::double precision as now
    from (select 1) one left join ${sql.table(STATE_TABLE)} s on true`.execute(db);
  const watermarks = new Map<string, (number | null)[]>();
  for (const row of r.rows) {
    if (row.merchant_id === null) continue;
    const list = watermarks.get(row.merchant_id) ?? [];
    list.push(row.watermark === null ? null : Number(row.watermark));
    watermarks.set(row.merchant_id, list);
  }
  return { now: Number(r.rows[0]?.now ?? 0), watermarks };
}

/** Whether graphile-worker's schema exists yet (no worker has ever started). */
async function hasJobs(db: Db): Promise<boolean> {
  const r = await sql<{
    ok: boolean;
  }>`select to_regclass('graphile_worker.jobs') is not null as ok`.execute(db);
  return Boolean(r.rows[0]?.ok);
}

/** Merchants with a job outstanding: queued, retrying or running. */
export async function outstandingJobs(
  db: Db,
): Promise<{ queued: Set<string>; locked: Set<string> }> {
  const queued = new Set<string>();
  const locked = new Set<string>();
  if (!(await hasJobs(db))) return { queued, locked };
  const prefix = syncJobKey('');
  const r = await sql<{ key: string; locked: boolean }>`
    select key, locked_at is not null as locked from graphile_worker.jobs
    where task_identifier = ${SYNC_TASK} and key like ${`${prefix}%`}
      and (locked_at is not null or attempts < max_attempts)`.execute(db);
  for (const row of r.rows) {
    const id = row.key.slice(prefix.length);
    (row.locked ? locked : queued).add(id);
  }
  return { queued, locked };
}

/** Reads everything `fleet status` shows. */
export async function readFleetStatus(db: Db): Promise<FleetStatus> {
  const merchants = await sql<{
    merchant_id: string;
    state: 'running' | 'ok' | 'failed' | null;
    finished_at: Date | null;
    error: string | null;
    last_finished_at: Date | null;
  }>`
    select m.merchant_id, r.state, r.finished_at, r.error,
      (select max(finished_at) from fleet_runs f where f.merchant_id = m.merchant_id) as last_finished_at
    from merchants m
    left join lateral (
      select state, finished_at, error from fleet_runs r
      where r.merchant_id = m.merchant_id order by id desc limit 1
    ) r on true`.execute(db);
  const counts = await rowCounts(db);
  const { queued } = await outstandingJobs(db);
  const { now, watermarks } = await watermarksOf(db);
  const facts: MerchantFacts[] = merchants.rows.map((m) => ({
    merchantId: m.merchant_id,
    lastRun: m.state ? { state: m.state, finishedAt: m.finished_at, error: m.error } : undefined,
    lastFinishedAt: m.last_finished_at,
    queued: queued.has(m.merchant_id),
    rows: counts.get(m.merchant_id) ?? 0,
    watermarks: watermarks.get(m.merchant_id) ?? [],
  }));
  return fleetStatusOf(facts, now);
}

/** The latest run of each merchant that started at or after `since` (database time). */
export async function runsSince(
  db: Db,
  since: Date,
): Promise<Map<string, { state: 'running' | 'ok' | 'failed'; error: string | null }>> {
  const r = await sql<{
    merchant_id: string;
    state: 'running' | 'ok' | 'failed';
    error: string | null;
  }>`
    select distinct on (merchant_id) merchant_id, state, error from fleet_runs
    where started_at >= ${since} order by merchant_id, id desc`.execute(db);
  return new Map(r.rows.map((x) => [x.merchant_id, { state: x.state, error: x.error }]));
}
