/**
 * Client benchmark: records per second end to end (compile, requests, paging, tripwire,
 * de-duplication) for 100k records from the mock with its rate limits off, next to a naive
 * sequential `fetch` loop over the same windows, without and with a delay per response; and
 * the RSS growth of a client process that streams 10k and then 100k records without keeping
 * them.
 *
 * The mock runs in child processes of its own (one per latency), so the client and the server
 * never share an event loop: in one process the mock's work is charged to whichever client is
 * measured, which made the client look slower than the naive loop. The client and the loop are
 * measured in interleaved rounds, so a change in the machine's load hits both alike.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run } from '@cloverql/client';
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
const MERCHANT = 'MERCHANT00001';
const TOKEN = 'bench-token';
const RECORDS = 100_000;
const LATENCIES_MS = [0, 20] as const;
const ROUNDS = 5;
const CHILD = fileURLToPath(new URL('./client-child.ts', import.meta.url));
const MOCK_CHILD = fileURLToPath(new URL('./mock-child.ts', import.meta.url));

/** What the mock child reports once it listens. */
interface MockReport {
  readonly url: string;
  /** Creation time of the 10,000th newest payment. */
  readonly newest10k: number;
}

/** The baseline: one request at a time, page after page, `fetch` and `JSON.parse`, nothing else. */
async function naiveLoop(plan: Plan, baseUrl: string): Promise<number> {
  let n = 0;
  for (const r of plan.requests) {
    const path = r.path.replace('{mId}', MERCHANT);
    for (let offset = 0; ; offset += plan.pageSize) {
      const q = [...r.query, ['offset', String(offset)]]
        .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
        .join('&');
      const res = await fetch(`${baseUrl}${path}?${q}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = (await res.json()) as { elements: unknown[] };
      n += body.elements.length;
      if (body.elements.length < plan.pageSize) break;
    }
  }
  return n;
}

async function client(plan: Plan, baseUrl: string): Promise<number> {
  let n = 0;
  for await (const _ of run(plan, { baseUrl, token: TOKEN, merchantId: MERCHANT, rateLimit: 0 })) {
    n++;
  }
  return n;
}

/** Records per second of one call of `fn`, which must read `expected` records. */
async function recordsPerSecond(fn: () => Promise<number>, expected: number): Promise<number> {
  let count = 0;
  const ms = await timeOnce(async () => {
    count = await fn();
  });
  if (count !== expected) throw new Error(`read ${count} records, expected ${expected}`);
  return (count * 1000) / ms;
}

interface ChildResult {
  readonly records: number;
  /** RSS once everything is loaded, before the run. */
  readonly beforeMb: number;
  readonly peakMb: number;
  /** Largest growth of the live heap (sampled after a full GC every 2500 records). */
  readonly liveGrowthMb: number;
}

/** Memory of a child process that streams the query's records through `run`. */
function childRss(args: { url: string; query: string }): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, args.url, args.query],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`client child exited with ${code}`));
      else resolve(JSON.parse(out) as ChildResult);
    });
  });
}

const growth = (c: ChildResult) => Math.max(0, Math.round((c.peakMb - c.beforeMb) * 10) / 10);
const fmtN = (n: number) => n.toLocaleString('en-US');

export const clientSuite: BenchSuite = {
  name: 'client',
  description: `End to end through \`run()\` against the mock in a child process of its own (rate limits off): ${fmtN(RECORDS)} payments over a year, 5 windows of 90 days read with 5 requests in flight, 1000 records a page, every record through the tripwire and the per-window de-duplication. The baseline is a naive loop of \`fetch\` + \`JSON.parse\`, one page at a time, over the same requests. Client and loop are measured in ${ROUNDS} interleaved rounds (client, loop, client, loop, …) after one warm-up of each; figures are the median [min–max] of the rounds and the ratio the median [min–max] of the per-round ratios. Without latency the ratio shows the cost of the client's checks against what requests in flight buy on the server's spare core; with ${LATENCIES_MS.slice(1).join(', ')} ms added to every response by the mock (closer to a real network) it shows what requests in flight buy. (With the mock in the client's process, as this suite used to run, the server's work is charged to the client and the client looked 0.83× of the loop.) Memory is measured in child processes that stream 10k and 100k records without keeping them, one window at a time so the two differ only by the number of records, as the growth of RSS during the run; the 10k figure is the baseline of the 100k one (one sample each). Records are not kept; each window in flight remembers only its last two pages of ids. The live heap (after a full GC) shows what the run retains; RSS growth also counts garbage V8 has not collected yet, which grows with throughput rather than with what is retained.`,
  async run() {
    const mocks = await Promise.all(
      LATENCIES_MS.map((latencyMs) =>
        startChild<MockReport>({
          args: ['--import', 'tsx', MOCK_CHILD],
          env: { BENCH_CONFIG: JSON.stringify({ now: NOW, payments: RECORDS, latencyMs }) },
        }),
      ),
    );
    try {
      const query = `payments where createdTime >= ${NOW - 364 * DAY}`;
      const plan = compile(query, { now: NOW });
      const figures: BenchFigure[] = [];
      for (const [k, latencyMs] of LATENCIES_MS.entries()) {
        const { url } = mocks[k]!.report;
        const expected = await client(plan, url); // warm-up, and the count both must read
        if ((await naiveLoop(plan, url)) !== expected) throw new Error('loop and client differ');
        const { a, b } = await interleave({
          a: () => recordsPerSecond(() => client(plan, url), expected),
          b: () => recordsPerSecond(() => naiveLoop(plan, url), expected),
          rounds: ROUNDS,
        });
        figures.push(
          pairedFigure({
            name:
              latencyMs === 0
                ? `client: ${fmtN(expected)} records end to end`
                : `client: ${fmtN(expected)} records, ${latencyMs} ms per response`,
            unit: 'records/s',
            a,
            baselineName: 'sequential fetch loop',
            b,
            note: `mock in its own process${latencyMs ? `, latency fault of ${latencyMs} ms on every request` : ''}; ${plan.requests.length} windows, ${ROUNDS} interleaved rounds`,
          }),
        );
      }
      const { url, newest10k } = mocks[0]!.report;
      const small = await childRss({ url, query: `payments where createdTime >= ${newest10k}` });
      const large = await childRss({ url, query });
      figures.push(
        {
          name: `client: live heap growth streaming ${fmtN(large.records)} records`,
          value: large.liveGrowthMb,
          unit: 'MB',
          baseline: { name: `${fmtN(small.records)} records`, value: small.liveGrowthMb },
          note: 'heap in use after a full GC, sampled every 2500 records, minus before the run: what the run retains',
        },
        {
          name: `client: RSS growth streaming ${fmtN(large.records)} records`,
          value: growth(large),
          unit: 'MB',
          baseline: { name: `${fmtN(small.records)} records`, value: growth(small) },
          note: `peak RSS minus RSS before the run, child process; absolute peaks ${large.peakMb} MB and ${small.peakMb} MB, of which about ${large.beforeMb} MB is Node, tsx and the loaded packages`,
        },
      );
      return figures;
    } finally {
      await Promise.all(mocks.map((m) => m.stop()));
    }
  },
};
