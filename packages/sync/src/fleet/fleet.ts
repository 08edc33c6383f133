/**
 * The fleet's operations, one function per `cloverql fleet` command, each opening the fleet's
 * database, doing its one thing and closing it. The worker is `startFleetWorker`.
 */
import { type Clock, realClock } from '@cloverql/client';
import { Logger, makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { sql } from 'kysely';
import { type FleetDb, openFleetDb } from './fleet-db.js';
import { FleetError } from './fleet-error.js';
import {
  addMerchant,
  type FleetMerchant,
  listMerchants,
  type Region,
  removeMerchant,
} from './merchants/merchants.js';
import { enqueueSyncs, scheduleTick, TICK_KEY } from './runs/enqueue.js';
import { outstandingJobs, readFleetStatus, runsSince, syncJobKey } from './runs/run-records.js';
import type { FleetStatus } from './runs/status.js';

async function withFleet<T>(url: string, f: (fleet: FleetDb) => Promise<T>): Promise<T> {
  const fleet = await openFleetDb(url, { poolSize: 2 });
  try {
    return await f(fleet);
  } finally {
    await fleet.close();
  }
}

const quietLogger = new Logger(() => () => undefined);

async function withUtils<T>(url: string, f: (utils: WorkerUtils) => Promise<T>): Promise<T> {
  const utils = await makeWorkerUtils({ connectionString: url, logger: quietLogger });
  try {
    await utils.migrate();
    return await f(utils);
  } finally {
    await utils.release();
  }
}

/**
 * `fleet add`: adds a merchant (or replaces its token, region and base URL).
 *
 * @example await fleetAdd({ db, key, merchantId: 'M', token: 't', baseUrl: 'http://127.0.0.1:8080' })
 */
export function fleetAdd(o: {
  readonly db: string;
  readonly key: Buffer;
  readonly merchantId: string;
  readonly token: string;
  readonly region?: Region | undefined;
  readonly baseUrl?: string | undefined;
}): Promise<'added' | 'updated'> {
  return withFleet(o.db, (f) => addMerchant(f.db, o, o.key));
}

/** `fleet remove`: removes a merchant and its queued sync (its rows stay). */
export async function fleetRemove(o: {
  readonly db: string;
  readonly merchantId: string;
}): Promise<void> {
  await withFleet(o.db, (f) => removeMerchant(f.db, o.merchantId));
  await withUtils(o.db, async (utils) => {
    await utils.withPgClient((c) =>
      c.query('select graphile_worker.remove_job($1)', [syncJobKey(o.merchantId)]),
    );
  });
}

/** `fleet list`: the merchants, without tokens. */
export function fleetList(o: { readonly db: string }): Promise<FleetMerchant[]> {
  return withFleet(o.db, (f) => listMerchants(f.db));
}

/** `fleet status`. */
export function fleetStatus(o: { readonly db: string }): Promise<FleetStatus> {
  return withFleet(o.db, (f) => readFleetStatus(f.db));
}

/**
 * `fleet schedule --every`: every merchant's sync every `everyMs`, starting now (replaces an
 * earlier schedule); `everyMs: null` stops it.
 */
export async function fleetSchedule(o: {
  readonly db: string;
  readonly everyMs: number | null;
}): Promise<void> {
  await withFleet(o.db, async () => undefined);
  await withUtils(o.db, async (utils) => {
    if (o.everyMs === null) {
      await utils.withPgClient((c) => c.query('select graphile_worker.remove_job($1)', [TICK_KEY]));
    } else {
      await scheduleTick(utils.addJob, o.everyMs, new Date());
    }
  });
}

/** What `fleet run-once --wait` reports while it waits. */
export interface RunOnceProgress {
  readonly total: number;
  readonly running: number;
  readonly queued: number;
}

/** The result of `fleet run-once`. */
export interface RunOnceResult {
  readonly enqueued: number;
  /** With `wait`: each merchant's outcome, failures first. */
  readonly results?: ReadonlyArray<{
    readonly merchantId: string;
    readonly state: 'ok' | 'failed';
    readonly error?: string;
  }>;
}

/**
 * `fleet run-once`: one sync job per merchant; with `wait`, resolves when each has finished for
 * good (succeeded, or failed with no attempt left).
 *
 * @throws FleetError WAIT_TIMEOUT when `timeoutMs` passes first.
 */
export async function fleetRunOnce(o: {
  readonly db: string;
  readonly wait?: boolean | undefined;
  /** Longest wait (default 1 h). */
  readonly timeoutMs?: number | undefined;
  readonly maxAttempts?: number | undefined;
  readonly onProgress?: ((p: RunOnceProgress) => void) | undefined;
  readonly pollMs?: number | undefined;
  readonly clock?: Clock | undefined;
}): Promise<RunOnceResult> {
  const clock = o.clock ?? realClock;
  return withFleet(o.db, async (fleet) => {
    const ids = (await listMerchants(fleet.db)).map((m) => m.merchantId);
    const since = (await sql<{ now: Date }>`select now() as now`.execute(fleet.db)).rows[0]!.now;
    await withUtils(o.db, (utils) =>
      enqueueSyncs(utils.addJob, ids, { maxAttempts: o.maxAttempts }),
    );
    if (!o.wait) return { enqueued: ids.length };
    const timeoutMs = o.timeoutMs ?? 3_600_000;
    const started = clock.now();
    let last = '';
    for (;;) {
      const { queued, locked } = await outstandingJobs(fleet.db);
      const running = ids.filter((id) => locked.has(id)).length;
      const waiting = ids.filter((id) => queued.has(id)).length;
      if (running + waiting === 0) break;
      const key = `${running}/${waiting}`;
      if (key !== last) {
        last = key;
        o.onProgress?.({ total: ids.length, running, queued: waiting });
      }
      if (clock.now() - started >= timeoutMs) {
        throw new FleetError(
          'WAIT_TIMEOUT',
          `gave up after ${Math.round(timeoutMs / 1000)} s: ${running} merchants still running and ${waiting} queued${running === 0 ? ' (is a `cloverql fleet worker` running on this database?)' : ''}`,
        );
      }
      await clock.sleep(o.pollMs ?? 500);
    }
    const runs = await runsSince(fleet.db, since);
    const results = ids.map((merchantId) => {
      const r = runs.get(merchantId);
      return r?.state === 'ok'
        ? { merchantId, state: 'ok' as const }
        : {
            merchantId,
            state: 'failed' as const,
            error: r?.error ?? 'the job ended without a run record',
          };
    });
    results.sort((a, b) => (a.state === b.state ? 0 : a.state === 'failed' ? -1 : 1));
    return { enqueued: ids.length, results };
  });
}
