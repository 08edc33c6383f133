/**
 * Aggregate benchmark (issue 10): a grouped query over 100k payments against `collect()` of the
 * same records, in interleaved rounds, and the live heap of each at 25k, 50k and 100k records.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { collect } from '@cloverql/client';
import { compile, type Plan } from '@cloverql/dsl';
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
const RECORDS = 100_000;
const ROUNDS = 5;
const CHILD = fileURLToPath(new URL('./aggregate-child.ts', import.meta.url));
const MOCK_CHILD = fileURLToPath(new URL('./mock-child.ts', import.meta.url));
const GROUPING =
  'group by month(createdTime), tender.label select count(), sum(amount), avg(amount), max(amount)';
const OPTIONS = { token: 'bench-token', merchantId: 'MERCHANT00001', rateLimit: 0 } as const;

interface MockReport {
  readonly url: string;
  readonly newest25k: number;
  readonly newest50k: number;
}

interface ChildResult {
  readonly records: number;
  readonly rows: number;
  readonly liveGrowthMb: number;
}

/** Runs one query with `collect()` in a child process and reports its live heap growth. */
function inChild(args: { url: string; query: string }): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, args.url, args.query],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`aggregate child exited with ${code}`));
      else resolve(JSON.parse(out) as ChildResult);
    });
  });
}

/** Records per second of one `collect()` of a plan known to read `records` records. */
async function recordsPerSecond(plan: Plan, run: { url: string; records: number }) {
  let read = 0;
  const ms = await timeOnce(async () => {
    await collect(plan, {
      ...OPTIONS,
      baseUrl: run.url,
      onProgress: (p) => {
        read = p.records;
      },
    });
  });
  if (read !== run.records) throw new Error(`read ${read} records, expected ${run.records}`);
  return (read * 1000) / ms;
}

const fmtN = (n: number) => n.toLocaleString('en-US');

export const aggregateSuite: BenchSuite = {
  name: 'aggregate',
  description: `A grouped query (\`${GROUPING}\`) over ${fmtN(RECORDS)} payments of a year, computed by the client while records stream, against \`collect()\` of the same query without grouping (every record kept), both end to end through the client against the mock in a child process of its own (rate limits off). Measured in ${ROUNDS} interleaved rounds after a warm-up of each; records/s is the records read (progress \`records\`) over the time of the call. Memory: each query runs in a child process with \`concurrency: 1\` over the newest 25k, 50k and 100k payments; the figure is the largest growth of the live heap (after a full GC, sampled every 2,500 records and once more with the result in hand), the grouped query's next to the plain \`collect()\`'s of the same records: the first should stay flat as records grow, the second grows with them.`,
  async run() {
    const mock = await startChild<MockReport>({
      args: ['--import', 'tsx', MOCK_CHILD],
      env: { BENCH_CONFIG: JSON.stringify({ now: NOW, payments: RECORDS, latencyMs: 0 }) },
    });
    try {
      const { url } = mock.report;
      const where = `payments where createdTime >= ${NOW - 364 * DAY}`;
      const grouped = compile(`${where} ${GROUPING}`, { now: NOW });
      const plain = compile(where, { now: NOW });
      const records = (await collect(plain, { ...OPTIONS, baseUrl: url })).length; // warm-up
      await recordsPerSecond(grouped, { url, records });
      const { a, b } = await interleave({
        a: () => recordsPerSecond(grouped, { url, records }),
        b: () => recordsPerSecond(plain, { url, records }),
        rounds: ROUNDS,
      });
      const figures: BenchFigure[] = [
        pairedFigure({
          name: `aggregate: ${fmtN(records)} records grouped while they stream`,
          unit: 'records/s',
          a,
          baselineName: 'collect() of the same records',
          b,
          note: `${plain.requests.length} windows, ${ROUNDS} interleaved rounds`,
        }),
      ];
      const starts: [number, number][] = [
        [25_000, mock.report.newest25k],
        [50_000, mock.report.newest50k],
        [RECORDS, NOW - 364 * DAY],
      ];
      for (const [n, from] of starts) {
        const w = `payments where createdTime >= ${from}`;
        const g = await inChild({ url, query: `${w} ${GROUPING}` });
        const c = await inChild({ url, query: w });
        if (g.records !== c.records)
          throw new Error('grouped and plain runs read different records');
        figures.push({
          name: `aggregate: live heap growth over ${fmtN(g.records)} records`,
          value: g.liveGrowthMb,
          unit: 'MB',
          baseline: { name: 'collect() of the same records', value: c.liveGrowthMb },
          note: `${fmtN(g.rows)} groups; target ${fmtN(n)} newest payments`,
        });
      }
      return figures;
    } finally {
      await mock.stop();
    }
  },
};
