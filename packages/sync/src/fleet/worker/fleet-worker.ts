/**
 * A fleet worker: a graphile-worker runner whose jobs are merchant syncs, plus what graphile-
 * worker leaves to its users:
 *
 * - **Liveness.** Each worker pool holds a session advisory lock named after its pool id on a
 *   connection of its own, and lists itself in `fleet_workers`. When a process dies (even by
 *   SIGKILL) PostgreSQL ends its session and the lock is free.
 * - **Crash recovery in bounded time.** graphile-worker unlocks a dead worker's jobs only after 4
 *   hours; it offers `forceUnlockWorkers` for workers known to be dead. Every `reapIntervalMs`,
 *   each worker tries the locks of the others; a free lock is a dead worker, whose jobs it
 *   force-unlocks (they run again at once, on any worker, resuming from the merchant's last
 *   checkpoint) and whose running attempts it marks failed.
 * - **One run per merchant.** The job key makes one queued job per merchant; a merchant advisory
 *   lock held for the job's length makes sure two attempts never overlap (after a force-unlock,
 *   or a job added while one runs): the second fails with `MERCHANT_BUSY` and is retried later.
 */
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { RunOptions } from '@cloverql/client';
import {
  type JobHelpers,
  Logger,
  makeWorkerUtils,
  type Runner,
  run,
  type Task,
  type WorkerEvents,
  type WorkerUtils,
} from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import type { Destination } from '../../destination/destination.js';
import { type SyncOptions, syncInto } from '../../engine/sync.js';
import { openFleetDb } from '../fleet-db.js';
import { FleetError } from '../fleet-error.js';
import type { WaitReason } from '../limiter/decide.js';
import { type PgLimiterOptions, pgLimiter } from '../limiter/pg-limiter.js';
import { loadMerchant } from '../merchants/merchants.js';
import { enqueueSyncs, scheduleTick, TICK_TASK } from '../runs/enqueue.js';
import {
  failRunsOf,
  finishRun,
  outstandingJobs,
  SYNC_TASK,
  startRun,
} from '../runs/run-records.js';

/** What a worker tells its caller (the CLI prints them on stderr). */
export type FleetWorkerEvent =
  | { readonly kind: 'ready'; readonly poolId: string }
  | { readonly kind: 'job-start'; readonly merchantId: string; readonly attempt: number }
  | {
      readonly kind: 'job-ok';
      readonly merchantId: string;
      readonly requests: number;
      readonly durationMs: number;
    }
  | { readonly kind: 'job-failed'; readonly merchantId: string; readonly error: string }
  | { readonly kind: 'reaped'; readonly poolId: string }
  | { readonly kind: 'waiting'; readonly reason: WaitReason; readonly waitMs: number }
  | { readonly kind: 'tick'; readonly merchants: number }
  | { readonly kind: 'log'; readonly level: 'warning' | 'error'; readonly message: string };

/** Options of {@link startFleetWorker}. */
export interface FleetWorkerOptions {
  /** The fleet's PostgreSQL URL. */
  readonly db: string;
  /** The key the merchants' tokens were encrypted with (`parseFleetKey`). */
  readonly key: Buffer;
  /** Merchants synced at once by this worker (default 4). */
  readonly concurrency?: number | undefined;
  /** Options of each merchant's sync (since, lookback, settle, resources, batch size). */
  readonly sync?:
    | Pick<SyncOptions, 'since' | 'lookbackMs' | 'settleMs' | 'resources' | 'batchSize'>
    | undefined;
  /** Client options for every merchant (retry, timeouts); token, merchant and URL come from the fleet. */
  readonly client?:
    | Omit<RunOptions, 'token' | 'merchantId' | 'baseUrl' | 'region' | 'signal' | 'onProgress'>
    | undefined;
  /** The shared limiter's options (limits, lease length, longest wait). */
  readonly limiter?: Omit<PgLimiterOptions, 'db' | 'onWait'> | undefined;
  /** How often graphile-worker looks for jobs due later (retries, ticks), in ms (default 2000). */
  readonly pollIntervalMs?: number | undefined;
  /** How often this worker looks for dead workers, in ms (default 10 000). */
  readonly reapIntervalMs?: number | undefined;
  readonly onEvent?: ((e: FleetWorkerEvent) => void) | undefined;
}

/** A running worker. */
export interface FleetWorker {
  /** graphile-worker's pool id: the `locked_by` of its jobs. */
  readonly poolId: string;
  /** Stops taking jobs, lets running ones stop at a commit boundary, releases everything. */
  stop(): Promise<void>;
  /** Settles when the worker has stopped (rejects if it failed). */
  readonly done: Promise<void>;
}

/** Advisory-lock namespace of merchant locks (the two-int form; "Clvr"). */
const MERCHANT_LOCK_NS = 0x436c7672;

/**
 * Starts a worker; resolves once it is registered and taking jobs.
 *
 * @example
 * const worker = await startFleetWorker({ db: url, key: parseFleetKey(process.env.CLOVERQL_FLEET_KEY) });
 * process.once('SIGINT', () => worker.stop());
 */
export async function startFleetWorker(o: FleetWorkerOptions): Promise<FleetWorker> {
  const concurrency = o.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new FleetError('INVALID_OPTIONS', '--concurrency must be an integer from 1 to 100');
  }
  const emit = (e: FleetWorkerEvent) => o.onEvent?.(e);
  const fleet = await openFleetDb(o.db, { poolSize: 2 * concurrency + 2 });
  const cleanups: Array<() => Promise<unknown>> = [() => fleet.close()];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    // The syncs write through the fleet's own pool (sized for the concurrency).
    const dest: Destination = {
      dialect: 'postgres',
      db: fleet.db,
      label: fleet.label,
      close: async () => undefined,
    };
    const limiter = pgLimiter({
      db: fleet.db,
      ...o.limiter,
      onWait: (w) => emit({ kind: 'waiting', ...w }),
    });
    const logger = new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning') emit({ kind: 'log', level, message });
    });
    const utils: WorkerUtils = await makeWorkerUtils({ connectionString: o.db, logger });
    cleanups.push(async () => utils.release());
    await utils.migrate();

    // Liveness: a session of our own holding our lock for as long as we live.
    const live = new pg.Client({ connectionString: o.db });
    live.on('error', () => undefined);
    await live.connect();
    cleanups.push(() => live.end());

    let poolId = '';
    let registered!: () => void;
    const ready = new Promise<void>((r) => {
      registered = r;
    });

    const syncTask: Task = async (payload, helpers) => {
      await ready;
      await runSync(payload, helpers);
    };

    const runSync = async (payload: unknown, helpers: JobHelpers) => {
      const merchantId = (payload as { merchantId?: unknown } | null)?.merchantId;
      if (typeof merchantId !== 'string') {
        throw new FleetError(
          'INVALID_OPTIONS',
          `a sync job without a merchant id: ${JSON.stringify(payload)}`,
        );
      }
      await fleet.db.connection().execute(async (conn) => {
        const lock = await sql<{ ok: boolean }>`
          select pg_try_advisory_lock(${MERCHANT_LOCK_NS}, hashtext(${merchantId})) as ok`.execute(
          conn,
        );
        if (!lock.rows[0]?.ok) {
          throw new FleetError(
            'MERCHANT_BUSY',
            `merchant ${merchantId} is being synced by another job`,
          );
        }
        try {
          await syncOne(merchantId, helpers);
        } finally {
          await sql`select pg_advisory_unlock(${MERCHANT_LOCK_NS}, hashtext(${merchantId}))`.execute(
            conn,
          );
        }
      });
    };

    const syncOne = async (merchantId: string, helpers: JobHelpers) => {
      const merchant = await loadMerchant(fleet.db, merchantId, o.key);
      const attempt = helpers.job.attempts;
      emit({ kind: 'job-start', merchantId, attempt });
      const runId = await startRun(fleet.db, {
        merchantId,
        jobId: String(helpers.job.id),
        attempt,
        worker: poolId,
      });
      try {
        const summary = await syncInto(dest, {
          ...o.sync,
          client: {
            ...o.client,
            token: merchant.token,
            merchantId,
            ...(merchant.baseUrl ? { baseUrl: merchant.baseUrl } : {}),
            ...(merchant.region ? { region: merchant.region } : {}),
            sharedLimiter: limiter,
          },
          signal: helpers.abortSignal,
        });
        if (summary.status === 'aborted') {
          throw new FleetError('INVALID_OPTIONS', 'stopped: the worker is shutting down');
        }
        await finishRun(fleet.db, runId, { state: 'ok', rows: null, error: null, summary });
        emit({
          kind: 'job-ok',
          merchantId,
          requests: summary.requests,
          durationMs: summary.durationMs,
        });
      } catch (e) {
        const error = oneLine(e);
        await finishRun(fleet.db, runId, {
          state: 'failed',
          rows: null,
          error,
          summary: null,
        }).catch(() => undefined);
        emit({ kind: 'job-failed', merchantId, error });
        throw e;
      }
    };

    const tickTask: Task = async (payload, helpers) => {
      const everyMs = Number((payload as { everyMs?: unknown } | null)?.everyMs);
      if (!Number.isFinite(everyMs) || everyMs <= 0) return;
      const ids = (
        await sql<{
          merchant_id: string;
        }>`select merchant_id from merchants order by merchant_id`.execute(fleet.db)
      ).rows.map((r) => r.merchant_id);
      const { queued, locked } = await outstandingJobs(fleet.db);
      const due = ids.filter((id) => !queued.has(id) && !locked.has(id));
      await enqueueSyncs(helpers.addJob, due);
      emit({ kind: 'tick', merchants: due.length });
      await scheduleTick(helpers.addJob, everyMs, new Date(Date.now() + everyMs));
    };

    const events: WorkerEvents = new EventEmitter() as WorkerEvents;
    events.on('pool:create', ({ workerPool }) => {
      poolId = workerPool.id;
      void (async () => {
        await live.query(`select pg_advisory_lock(hashtextextended($1, 0))`, [poolId]);
        await live.query(
          `insert into fleet_workers (pool_id, lock_key, host, pid)
           values ($1, hashtextextended($1, 0), $2, $3) on conflict (pool_id) do nothing`,
          [poolId, hostname(), process.pid],
        );
        registered();
      })().catch((e: unknown) => emit({ kind: 'log', level: 'error', message: oneLine(e) }));
    });

    const runner: Runner = await run({
      connectionString: o.db,
      concurrency,
      noHandleSignals: true,
      pollInterval: o.pollIntervalMs ?? 2000,
      taskList: { [SYNC_TASK]: syncTask, [TICK_TASK]: tickTask },
      logger,
      events,
    });
    await ready;
    emit({ kind: 'ready', poolId });

    const reap = async () => {
      const others = await live.query<{ pool_id: string; lock_key: string }>(
        'select pool_id, lock_key from fleet_workers where pool_id <> $1',
        [poolId],
      );
      for (const w of others.rows) {
        const free = await live.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1::bigint) as ok',
          [w.lock_key],
        );
        if (!free.rows[0]?.ok) continue;
        await live.query('select pg_advisory_unlock($1::bigint)', [w.lock_key]);
        // Several workers may find the same dead one: whoever deletes its row reaps it.
        const mine = await live.query('delete from fleet_workers where pool_id = $1', [w.pool_id]);
        if (mine.rowCount !== 1) continue;
        await utils.forceUnlockWorkers([w.pool_id]);
        await failRunsOf(fleet.db, w.pool_id, 'the worker running it died; the job runs again');
        emit({ kind: 'reaped', poolId: w.pool_id });
      }
    };
    const reapEvery = o.reapIntervalMs ?? 10_000;
    let reaping = Promise.resolve();
    const timer = setInterval(() => {
      reaping = reaping
        .then(reap)
        .catch((e: unknown) =>
          emit({ kind: 'log', level: 'warning', message: `reaper: ${oneLine(e)}` }),
        );
    }, reapEvery);
    timer.unref();

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        clearInterval(timer);
        await reaping;
        await runner.stop().catch(() => undefined);
        await live
          .query('delete from fleet_workers where pool_id = $1', [poolId])
          .catch(() => undefined);
        await cleanup();
      })();
      return stopping;
    };
    const done = runner.promise.then(
      () => stop(),
      async (e: unknown) => {
        await stop();
        throw e;
      },
    );
    // A lost liveness session means others may take our jobs: stop rather than run twice.
    live.on('end', () => {
      if (!stopping) {
        emit({
          kind: 'log',
          level: 'error',
          message: 'lost the liveness connection to PostgreSQL; stopping',
        });
        void stop();
      }
    });
    return { poolId, stop, done };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** An error as one line, without a stack. */
function oneLine(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  const text = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `${code}: ${message}` : message;
  return text.replace(/\s+/g, ' ').trim();
}
