/**
 * `sync(options)`: brings a database copy of one merchant's orders, payments and refunds up to
 * date. The recipe: a backfill on `createdTime` windows from `since` to the first run's now; then
 * incremental runs on `modifiedTime` windows from `watermark − lookback` to `now − settle`, upsert
 * by `(merchant_id, id)`; each window's rows and the state that covers them commit in one
 * transaction, so a run killed at any instant resumes exactly where its last commit left it.
 */

import {
  type Clock,
  type Progress,
  RUN_DEFAULTS,
  type RunOptions,
  realClock,
  run,
} from '@cloverql/client';
import { CATALOGUE, DAY_MS, MINUTE_MS, RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import {
  type Destination,
  isLostConnection,
  lockRun,
  lostConnectionError,
  openDestination,
  parseDestination,
} from '../destination/destination.js';
import { type RowStore, rowStore } from '../destination/row-store.js';
import { type SqliteWriter, startSqliteWriter } from '../destination/sqlite-writer.js';
import { SyncError } from '../errors/sync-error.js';
import { migrateToLatest } from '../schema/migrations.js';
import {
  compileStateUpdate,
  insertState,
  type ResourceState,
  readState,
  updateState,
} from '../state/state.js';
import { ReadAhead, ReadBudget } from './read-ahead.js';
import { parseSince } from './since.js';
import type { ResourceSummary, SyncProgress, SyncSummary } from './summary.js';
import { type Span, windowPlan, windowsOf } from './windows.js';
import {
  batchRows,
  type SourceRecord,
  type WriteCounts,
  withoutHref,
  writeRecords,
} from './write-rows.js';

/** Defaults of {@link SyncOptions}. */
export const SYNC_DEFAULTS = Object.freeze({
  db: 'sqlite:./cloverql.db',
  since: 'earliest',
  lookbackMs: 15 * MINUTE_MS,
  settleMs: MINUTE_MS,
  batchSize: 1000,
  /**
   * Into a SQLite file (the writer thread): each commit fsyncs the WAL and rewrites every index
   * page the batch touched, so fewer, larger transactions write and wait less.
   */
  sqliteBatchSize: 5000,
  backfill: 'rest' as const,
});

/** Options of {@link sync}. */
export interface SyncOptions {
  /**
   * How to reach Clover: `token`, `merchantId`, `baseUrl` or `region`, and any other option of
   * the client's `run` (`concurrency`, `retry`, `clock`, …). `signal` and `onProgress` are the
   * sync's own (below).
   */
  readonly client: Omit<RunOptions, 'signal' | 'onProgress'>;
  /** `sqlite:<file>` (default `sqlite:./cloverql.db`) or `postgres://…`. */
  readonly db?: string | undefined;
  /** Resources to sync (default all). */
  readonly resources?: readonly ResourceName[] | undefined;
  /**
   * Where the first run's backfill starts: a date, instant, relative time (`today - 365d`) or
   * `earliest` (default), the oldest 90-day window holding any record. Ignored once a resource
   * has state.
   */
  readonly since?: string | undefined;
  /** How far before the watermark an incremental run reads again, for late writes (default 15 min). */
  readonly lookbackMs?: number | undefined;
  /** How far behind now an incremental run stops, for writes not yet visible (default 1 min). */
  readonly settleMs?: number | undefined;
  /** The instant treated as now (default the client clock's). */
  readonly now?: number | undefined;
  /** Read history through REST windows (default) or the Export API (orders and payments). */
  readonly backfill?: 'rest' | 'export' | undefined;
  /**
   * Remove the rows of records deleted on the server instead of marking their `_deleted_at`
   * (default false).
   */
  readonly hardDelete?: boolean | undefined;
  /**
   * After the incremental part, read every id of the synced range again and mark (or, with
   * `hardDelete`, remove) the rows whose records the server no longer has: payments and refunds
   * that Clover removes outright, orders deleted before the lookback. Costs a full re-read.
   */
  readonly reconcile?: boolean | undefined;
  /** Records per page of REST requests, 1 to 1000 (default 1000, Clover's most). */
  readonly pageSize?: number | undefined;
  /** Records written per transaction at most (default 1000; 5000 into a SQLite file). */
  readonly batchSize?: number | undefined;
  /** Stops the run at the next commit boundary; the summary then says `aborted`. */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((p: SyncProgress) => void) | undefined;
  /**
   * Called after each transaction commits, with what it covered (for logs, and for tests that
   * stop a run between two commits).
   */
  readonly onCommit?: ((c: SyncCommit) => void) | undefined;
}

/** What one committed transaction covered. */
export interface SyncCommit {
  readonly resource: ResourceName;
  readonly phase: SyncProgress['phase'];
  /** Records written (new or changed) in it. */
  readonly records: number;
  /** Whether it also moved the state (the last transaction of a window). */
  readonly state: boolean;
}

interface RunCtx {
  readonly dest: Destination;
  readonly store: RowStore;
  readonly client: Omit<RunOptions, 'signal' | 'onProgress'>;
  readonly merchantId: string;
  readonly now: number;
  readonly clock: Clock;
  readonly lookbackMs: number;
  readonly settleMs: number;
  readonly batchSize: number;
  readonly pageSize: number | undefined;
  readonly hardDelete: boolean;
  readonly reconcile: boolean;
  readonly signal: AbortSignal | undefined;
  readonly onCommit: SyncOptions['onCommit'];
  readonly summary: SyncSummary;
  readonly progress: (p: Omit<SyncProgress, 'records' | 'requests' | 'retries'>) => void;
  /** The latest progress of each window run in flight (counted in the summary when it ends). */
  readonly live: Set<{ progress: Progress | undefined }>;
  records: number;
  /**
   * The SQLite writer thread, started at the first batch (null: batches are written on this
   * thread, through kysely: PostgreSQL, an in-memory SQLite database, or a destination with a
   * `store` of its own).
   */
  writer: Promise<SqliteWriter> | null;
  readonly writerFile: string | null;
}

/**
 * Runs one sync and returns its summary. Opens (and migrates) the database, syncs each resource
 * in turn, closes the database. Client failures (`ClientError`) pass through; the database keeps
 * everything committed before them.
 *
 * @example
 * const summary = await sync({ client: { token, merchantId }, db: 'sqlite:./clover.db' });
 * console.log(summary.resources.orders?.inserted);
 */
export async function sync(options: SyncOptions): Promise<SyncSummary> {
  const o = checkOptions(options);
  const spec = parseDestination(o.db);
  const dest = await openDestination(spec);
  let unlock: (() => Promise<void>) | undefined;
  try {
    unlock = await lockRun(spec, { merchantId: options.client.merchantId, label: dest.label });
    await destinationStep(dest, 'create or migrate the schema of', () =>
      migrateToLatest(dest.db, dest.dialect),
    );
    return await syncInto(dest, options);
  } finally {
    await unlock?.();
    await dest.close();
  }
}

function checkOptions(options: SyncOptions): { db: string } {
  const bad = (m: string) => new SyncError('INVALID_OPTIONS', m);
  if (!options || typeof options !== 'object' || !options.client)
    throw bad('sync needs options.client');
  for (const [name, v] of [
    ['lookbackMs', options.lookbackMs],
    ['settleMs', options.settleMs],
  ] as const) {
    if (v !== undefined && (!Number.isFinite(v) || v < 0))
      throw bad(`${name} must be a duration ≥ 0`);
  }
  if (
    options.batchSize !== undefined &&
    (!Number.isInteger(options.batchSize) || options.batchSize < 1)
  ) {
    throw bad('batchSize must be a positive integer');
  }
  for (const r of options.resources ?? []) {
    if (!(RESOURCE_NAMES as readonly string[]).includes(r)) {
      throw bad(`unknown resource ${JSON.stringify(r)}; expected ${RESOURCE_NAMES.join(', ')}`);
    }
  }
  return { db: options.db ?? SYNC_DEFAULTS.db };
}

/** {@link sync} into a destination that is open and migrated (the caller closes it). */
export async function syncInto(dest: Destination, options: SyncOptions): Promise<SyncSummary> {
  checkOptions(options);
  const clock = options.client.clock ?? realClock;
  const started = clock.now();
  const now = options.now ?? started;
  const resources = options.resources ?? RESOURCE_NAMES;
  const summary: SyncSummary = {
    merchantId: options.client.merchantId,
    destination: dest.label,
    status: 'ok',
    resources: {},
    requests: 0,
    retries: 0,
    durationMs: 0,
  };
  const writerFile =
    dest.dialect === 'sqlite' && dest.sqlite && !dest.sqlite.memory && !dest.store
      ? dest.sqlite.name
      : null;
  const ctx: RunCtx = {
    dest,
    store: dest.store ?? rowStore(dest.dialect, dest.sqlite),
    client: options.client,
    merchantId: options.client.merchantId,
    now,
    clock,
    lookbackMs: options.lookbackMs ?? SYNC_DEFAULTS.lookbackMs,
    settleMs: options.settleMs ?? SYNC_DEFAULTS.settleMs,
    batchSize:
      options.batchSize ??
      (writerFile !== null ? SYNC_DEFAULTS.sqliteBatchSize : SYNC_DEFAULTS.batchSize),
    pageSize: options.pageSize,
    hardDelete: options.hardDelete === true,
    reconcile: options.reconcile === true,
    signal: options.signal,
    onCommit: options.onCommit,
    summary,
    records: 0,
    live: new Set(),
    writer: null,
    writerFile,
    progress: (p) => {
      if (!options.onProgress) return;
      let requests = summary.requests;
      let retries = summary.retries;
      for (const l of ctx.live) {
        requests += l.progress?.requests ?? 0;
        retries += l.progress?.retries ?? 0;
      }
      options.onProgress({ ...p, records: ctx.records, requests, retries });
    },
  };
  try {
    for (const resource of resources) {
      if (ctx.signal?.aborted) break;
      await syncResource(ctx, resource, {
        since: options.since ?? SYNC_DEFAULTS.since,
        backfill: options.backfill ?? SYNC_DEFAULTS.backfill,
      });
    }
  } catch (e) {
    if (!ctx.signal?.aborted) throw e;
  } finally {
    const writer = ctx.writer;
    ctx.writer = null;
    if (writer) await writer.then((w) => w.close()).catch(() => {});
  }
  if (ctx.signal?.aborted) summary.status = 'aborted';
  summary.durationMs = Math.max(0, clock.now() - started);
  return summary;
}

async function syncResource(
  ctx: RunCtx,
  resource: ResourceName,
  o: { since: string; backfill: 'rest' | 'export' },
): Promise<void> {
  const { db } = ctx.dest;
  const key = { merchantId: ctx.merchantId, resource };
  let state = await destinationStep(ctx.dest, 'read the state in', () =>
    readState(db, ctx.merchantId, resource),
  );
  const rs: ResourceSummary = {
    mode: state && state.backfillDone >= state.backfillTo ? 'incremental' : 'backfill',
    inserted: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    windows: 0,
    requests: 0,
    retries: 0,
    watermark: state?.watermark ?? null,
  };
  (ctx.summary.resources as Record<string, ResourceSummary>)[resource] = rs;
  let status = 'failed';
  try {
    if (!state) {
      const since =
        o.since.trim().toLowerCase() === 'earliest'
          ? await findEarliest(ctx, resource, rs)
          : parseSince(o.since, { now: ctx.now });
      const mode = o.backfill === 'export' && CATALOGUE[resource].exportType ? 'export' : 'rest';
      state = {
        merchantId: ctx.merchantId,
        resource,
        watermark: null,
        backfillFrom: since,
        backfillTo: ctx.now,
        backfillDone: Math.min(since, ctx.now),
        backfillMode: mode,
        lastRunStarted: ctx.now,
        lastRunFinished: null,
        lastRunStatus: 'running',
        lastRunSummary: null,
      };
      await insertState(db, state);
    } else {
      await updateState(db, key, { lastRunStarted: ctx.now, lastRunStatus: 'running' });
    }
    if (state.backfillDone < state.backfillTo) {
      state = await backfill(ctx, state, rs);
      if (state.backfillDone >= state.backfillTo && rs.mode === 'backfill') {
        (rs as { mode: ResourceSummary['mode'] }).mode = 'backfill+incremental';
      }
    }
    if (state.backfillDone >= state.backfillTo && !ctx.signal?.aborted) {
      state = await incremental(ctx, state, rs);
      if (ctx.reconcile && !ctx.signal?.aborted) await reconcile(ctx, state, rs);
    }
    status = ctx.signal?.aborted ? 'aborted' : 'ok';
  } catch (e) {
    status = ctx.signal?.aborted ? 'aborted' : 'failed';
    throw e;
  } finally {
    rs.watermark = state?.watermark ?? null;
    if (state) {
      await updateState(db, key, {
        lastRunFinished: ctx.clock.now(),
        lastRunStatus: status,
        lastRunSummary: JSON.stringify(rs),
      }).catch(() => {});
    }
  }
}

/** Reads `[backfillDone, backfillTo)` on `createdTime`, one committed window at a time. */
async function backfill(
  ctx: RunCtx,
  state: ResourceState,
  rs: ResourceSummary,
): Promise<ResourceState> {
  const kind = state.backfillMode;
  const spans = windowsOf(
    {
      resource: state.resource,
      field: 'createdTime',
      span: { start: state.backfillDone, end: state.backfillTo },
      kind,
    },
    ctx.now,
  );
  const reads = spans.map((span, i): WindowRead => {
    const done = span.end >= state.backfillTo;
    return {
      resource: state.resource,
      field: 'createdTime',
      span,
      kind,
      rs,
      phase: 'backfill',
      index: i,
      total: spans.length,
      // The last window also sets the watermark: everything modified before the backfill's end
      // (less the settle time) has been read, in the version current when it was read.
      patch: done
        ? { backfillDone: span.end, watermark: state.backfillTo - ctx.settleMs }
        : { backfillDone: span.end },
    };
  });
  let s = state;
  await readWindows(ctx, reads, (r) => {
    s = { ...s, ...r.patch };
  });
  return s;
}

/** The cursor of incremental runs: `modifiedTime`, or `createdTime` for a resource without it. */
export function cursorField(resource: ResourceName): string {
  return CATALOGUE[resource].timeFields.includes('modifiedTime') ? 'modifiedTime' : 'createdTime';
}

/** Reads `[watermark − lookback, now − settle)` on the cursor field; advances the watermark. */
async function incremental(
  ctx: RunCtx,
  state: ResourceState,
  rs: ResourceSummary,
): Promise<ResourceState> {
  const watermark = state.watermark ?? state.backfillTo - ctx.settleMs;
  const end = ctx.now - ctx.settleMs;
  const start = Math.min(watermark - ctx.lookbackMs, end);
  const field = cursorField(state.resource);
  const spans = windowsOf({ resource: state.resource, field, span: { start, end } }, ctx.now);
  // The watermark moves only with the last read of a window: the deletes, when the resource has
  // them.
  const deletes = hasDeletedTime(state.resource);
  const reads = spans.flatMap((span, i): WindowRead[] => {
    const patch = { watermark: Math.max(watermark, span.end) };
    const w = {
      resource: state.resource,
      field,
      span,
      kind: 'rest' as const,
      rs,
      phase: 'incremental' as const,
      index: i,
      total: spans.length,
    };
    if (!deletes) return [{ ...w, patch }];
    return [
      { ...w, patch: null },
      {
        ...w,
        field: 'deletedTime',
        phase: 'deletes',
        deleted: { hard: ctx.hardDelete },
        patch,
      },
    ];
  });
  let s = state;
  await readWindows(ctx, reads, (r) => {
    if (r.patch) s = { ...s, ...r.patch };
  });
  return s;
}

/**
 * Whether deleted records of a resource can be read with a `deletedTime` filter (orders: Clover
 * lists a deleted order only to a request that filters on `deletedTime`).
 */
export function hasDeletedTime(resource: ResourceName): boolean {
  return CATALOGUE[resource].fields.some(
    (f) => f.name === 'deletedTime' && f.type === 'time' && f.filterable,
  );
}

/**
 * `--reconcile`: reads every record of `[backfillFrom, now − settle)` again, window by window on
 * `createdTime`, upserting what it reads, and marks (or removes) the live rows of the window that
 * the server did not list: records removed outright, or deleted beyond the lookback.
 */
async function reconcile(ctx: RunCtx, state: ResourceState, rs: ResourceSummary): Promise<void> {
  const end = ctx.now - ctx.settleMs;
  const spans = windowsOf(
    { resource: state.resource, field: 'createdTime', span: { start: state.backfillFrom, end } },
    ctx.now,
  );
  const reads = spans.map(
    (span, i): WindowRead => ({
      resource: state.resource,
      field: 'createdTime',
      span,
      kind: 'rest',
      rs,
      phase: 'reconcile',
      index: i,
      total: spans.length,
      seen: new Set<string>(),
      patch: null,
    }),
  );
  await readWindows(ctx, reads, async (r) => {
    const seen = r.seen ?? new Set<string>();
    const span = r.span;
    const gone = await destinationStep(ctx.dest, 'reconcile', () =>
      ctx.dest.db.transaction().execute(async (trx) => {
        const t = (ms: number) => (ctx.dest.dialect === 'postgres' ? new Date(ms) : ms);
        const rows = await trx
          .selectFrom(state.resource)
          .select('id')
          .where('merchant_id', '=', ctx.merchantId)
          .where('_deleted_at', 'is', null)
          .where('created_time', '>=', t(span.start))
          .where('created_time', '<', t(span.end))
          .execute();
        const ids = rows.map((row) => String(row.id)).filter((id) => !seen.has(id));
        for (let k = 0; k < ids.length; k += 1000) {
          const part = ids.slice(k, k + 1000);
          if (ctx.hardDelete) {
            await trx
              .deleteFrom(state.resource)
              .where('merchant_id', '=', ctx.merchantId)
              .where('id', 'in', part)
              .execute();
          } else {
            await trx
              .updateTable(state.resource)
              .set({ _deleted_at: t(ctx.now), _synced_at: t(ctx.now) })
              .where('merchant_id', '=', ctx.merchantId)
              .where('id', 'in', part)
              .execute();
          }
        }
        return ids.length;
      }),
    );
    rs.deleted += gone;
    if (gone > 0) {
      ctx.onCommit?.({ resource: state.resource, phase: 'reconcile', records: gone, state: false });
    }
  });
}

/** One read of a window, and the state it moves once its records are committed. */
interface WindowRead {
  readonly resource: ResourceName;
  readonly field: string;
  readonly span: Span;
  readonly kind: 'rest' | 'export';
  readonly rs: ResourceSummary;
  readonly phase: SyncProgress['phase'];
  readonly index: number;
  readonly total: number;
  /** The records are deleted ones (read with a `deletedTime` filter). */
  readonly deleted?: { readonly hard: boolean } | undefined;
  /** Collects the ids read (for `reconcile`). */
  readonly seen?: Set<string> | undefined;
  /** Committed with the window's last batch (null: rows only). */
  readonly patch: Partial<ResourceState> | null;
}

/**
 * Records read ahead of the writer, in transactions' worth of up to 1000 records (`batchSize`,
 * or 1000 when it is larger): for the window being written (at least two whole batches), and in
 * total for the windows after it. Bounds memory to about
 * `(READ_AHEAD.current + READ_AHEAD.next) × 1000` records (twice a batch, for larger batches),
 * however large the windows.
 */
const READ_AHEAD = { current: 4, next: 20, unit: 1000 } as const;

/**
 * Reads windows in order and commits each: batches of `batchSize` records as they come (each
 * batch its own transaction, rows only), then the last batch together with the window's `patch`
 * of the state; `after` runs once a window is committed, before the next one is written. A crash
 * in between leaves rows whose window the state does not claim yet; the next run reads the window
 * again and finds them unchanged.
 *
 * The reading runs ahead of the writing: the current window's run and those of the next windows
 * (as many as the client's concurrency allows) pull their records into bounded buffers while
 * batches are written, so requests stay in flight during commits. Only the writing is in order;
 * a window's state is still committed only after every record of it and of the windows before.
 */
async function readWindows(
  ctx: RunCtx,
  reads: readonly WindowRead[],
  after: (r: WindowRead) => void | Promise<void>,
): Promise<void> {
  const ahead = Math.max(1, ctx.client.concurrency ?? RUN_DEFAULTS.concurrency);
  const budget = new ReadBudget(READ_AHEAD.next * Math.min(ctx.batchSize, READ_AHEAD.unit));
  const started: ReadingWindow[] = [];
  const startUpTo = (i: number) => {
    for (let k = started.length; k < Math.min(i, reads.length); k++) {
      started.push(startReading(ctx, reads[k] as WindowRead, budget));
    }
  };
  try {
    for (const [i, r] of reads.entries()) {
      if (ctx.signal?.aborted) break;
      startUpTo(i + ahead);
      ctx.progress({
        resource: r.resource,
        phase: r.phase,
        windowsDone: r.index,
        windowsTotal: r.total,
      });
      const reading = started[i] as ReadingWindow;
      reading.records.promote();
      await writeWindow(ctx, r, reading);
      await after(r);
    }
  } finally {
    // Windows read ahead and not written (a failure, an abort): cancel their requests.
    await Promise.all(started.map((w) => w.stop()));
  }
}

/** A window whose records are being read ahead. */
interface ReadingWindow {
  readonly records: ReadAhead<SourceRecord>;
  /** Cancels the window's requests (if still going) and counts them in the summary, once. */
  stop(): Promise<void>;
}

function startReading(ctx: RunCtx, w: WindowRead, budget: ReadBudget): ReadingWindow {
  const plan = windowPlan(w, ctx);
  const cancel = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, cancel.signal]) : cancel.signal;
  const live: { progress: Progress | undefined } = { progress: undefined };
  ctx.live.add(live);
  const records = run(plan, {
    ...ctx.client,
    signal,
    onProgress: (p) => {
      live.progress = p;
      ctx.progress({
        resource: w.resource,
        phase: w.phase,
        windowsDone: w.index,
        windowsTotal: w.total,
      });
    },
  });
  let counted = false;
  const count = () => {
    if (counted) return;
    counted = true;
    ctx.live.delete(live);
    const p = live.progress ?? records.stats.progress;
    if (p) {
      w.rs.requests += p.requests;
      w.rs.retries += p.retries;
      ctx.summary.requests += p.requests;
      ctx.summary.retries += p.retries;
    }
  };
  const ahead = new ReadAhead<SourceRecord>(records as AsyncIterable<SourceRecord>, {
    capacity: Math.max(
      READ_AHEAD.current * Math.min(ctx.batchSize, READ_AHEAD.unit),
      2 * ctx.batchSize,
    ),
    budget,
    onEnd: count,
  });
  return {
    records: ahead,
    async stop() {
      cancel.abort(new Error('the sync stopped reading this window'));
      await ahead.stop();
      count();
    },
  };
}

/**
 * Writes one window's records as they are read, then its state. With the SQLite writer thread,
 * the rows of the next batch are built while the previous batch commits; still only one batch
 * is in flight, and the next is sent only after the previous is committed and `onCommit` has
 * run, so an abort in `onCommit` stops the run right there.
 */
async function writeWindow(ctx: RunCtx, w: WindowRead, reading: ReadingWindow): Promise<void> {
  const committed = (c: WriteCounts, state: boolean) => {
    w.rs.inserted += c.inserted;
    w.rs.updated += c.updated;
    w.rs.unchanged += c.unchanged;
    w.rs.deleted += c.deleted;
    ctx.onCommit?.({
      resource: w.resource,
      phase: w.phase,
      records: c.inserted + c.updated + c.deleted,
      state,
    });
  };
  const key = { merchantId: ctx.merchantId, resource: w.resource };
  const writeContext = {
    merchantId: ctx.merchantId,
    resource: w.resource,
    dialect: ctx.dest.dialect,
    store: ctx.store,
    syncedAt: ctx.now,
    deleted: w.deleted,
  };
  /** The batch in flight in the writer thread (its commit and `onCommit`), if any. */
  let inFlight: Promise<void> | null = null;
  const settle = async () => {
    const p = inFlight;
    inFlight = null;
    if (p) await p;
  };
  const write = async (batch: SourceRecord[], statePatch: Partial<ResourceState> | null) => {
    if (ctx.writerFile !== null) {
      const file = ctx.writerFile;
      const rows = batchRows(batch, writeContext);
      const state = statePatch ? compileStateUpdate(ctx.dest.db, key, statePatch) : null;
      await settle();
      // A commit boundary: an abort (in `onCommit`, or Ctrl-C) stops the run before the next.
      ctx.signal?.throwIfAborted();
      ctx.writer ??= destinationStep(ctx.dest, 'open', () =>
        startSqliteWriter(file, ctx.dest.writerHooks),
      );
      const writer = ctx.writer;
      const p = destinationStep(ctx.dest, 'write to', async () =>
        (await writer).write({
          table: w.resource,
          merchantId: ctx.merchantId,
          ...rows,
          deleted: w.deleted ?? null,
          state,
        }),
      ).then((c) => committed(c, statePatch !== null));
      // Awaited by the next write or at the window's end; never left unhandled meanwhile.
      p.catch(() => {});
      inFlight = p;
      return;
    }
    ctx.signal?.throwIfAborted();
    const c = await destinationStep(ctx.dest, 'write to', () =>
      ctx.dest.db.transaction().execute(async (trx) => {
        const c = await writeRecords(trx, batch, { ...writeContext, store: ctx.store });
        if (statePatch) await updateState(trx, key, statePatch);
        return c;
      }),
    );
    committed(c, statePatch !== null);
  };
  try {
    let batch: SourceRecord[] = [];
    for (;;) {
      const got = await reading.records.take(ctx.batchSize - batch.length);
      if (got.length === 0) break;
      // The writer thread's rows leave `href` out of the record's text (batchRows).
      const keepHref = ctx.writerFile !== null;
      for (const rec of got) {
        const r = keepHref ? rec : withoutHref(rec);
        batch.push(r);
        w.seen?.add(r.id);
      }
      ctx.records += got.length;
      if (batch.length >= ctx.batchSize) {
        await write(batch, null);
        batch = [];
      }
    }
    // With nothing to write and no state to move, there is nothing to commit.
    if (batch.length > 0 || w.patch) await write(batch, w.patch);
    await settle();
  } finally {
    // A failure while a batch is in flight: wait for its outcome (bounded: it commits, fails,
    // or the thread dies), so nothing writes after the run has ended.
    await (inFlight as Promise<void> | null)?.catch(() => {});
  }
  if (w.patch) w.rs.windows++;
}

/**
 * Runs a database step; a failure of the database (connection refused, disk full, bad
 * credentials) becomes `SyncError('DESTINATION')` naming the destination.
 */
async function destinationStep<T>(
  dest: Destination,
  what: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof SyncError) throw e;
    // Whichever statement first meets a connection the server ended says so, in one way.
    if (isLostConnection(e)) throw lostConnectionError(dest.label, e as Error);
    throw new SyncError(
      'DESTINATION',
      `cannot ${what} ${dest.label}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}

/**
 * `--since earliest`: the start of the oldest 90-day window that holds a record, probing back
 * from now one window (one `limit 1` request) at a time, and stopping after a year of empty
 * windows or at 2010-01-01 (before Clover took its first payment).
 */
async function findEarliest(
  ctx: RunCtx,
  resource: ResourceName,
  rs: ResourceSummary,
): Promise<number> {
  const FLOOR = Date.UTC(2010, 0, 1);
  const STEP = 90 * DAY_MS;
  const EMPTY_STOP = 4;
  let earliest = ctx.now;
  let empty = 0;
  for (let end = ctx.now; end > FLOOR && empty < EMPTY_STOP; end -= STEP) {
    ctx.signal?.throwIfAborted();
    const start = Math.max(FLOOR, end - STEP);
    const base = windowPlan(
      { resource, field: 'createdTime', span: { start, end } },
      {
        now: ctx.now,
        pageSize: 1,
      },
    );
    const plan = { ...base, limit: 1 };
    const it = run(plan, { ...ctx.client, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    let found = false;
    for await (const _ of it) {
      found = true;
      break;
    }
    const p = it.stats.progress;
    if (p) {
      rs.requests += p.requests;
      rs.retries += p.retries;
      ctx.summary.requests += p.requests;
      ctx.summary.retries += p.retries;
    }
    if (found) {
      earliest = start;
      empty = 0;
    } else empty++;
  }
  return earliest;
}
