/**
 * Client benchmark: records per second end to end (compile, requests, paging, tripwire,
 * de-duplication) for 100k records against the mock with its rate limits off, next to a naive
 * sequential `fetch` loop over the same windows, without and with a delay per response; and
 * the RSS growth of a client process that streams 10k and then 100k records without keeping
 * them.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run } from '@cloverql/client';
import { compile, type Plan } from '@cloverql/dsl';
import { startMockServer } from '@cloverql/mock-server';
import { type BenchFigure, type BenchSuite, timeOnce } from '../harness.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const DAY = 86_400_000;
const MERCHANT = 'MERCHANT00001';
const TOKEN = 'bench-token';
const RECORDS = 100_000;
const LATENCY_MS = 20;
const CHILD = fileURLToPath(new URL('./client-child.ts', import.meta.url));

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

/** Runs `fn` three times and returns the median duration in ms and the count it returned. */
async function median(fn: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const runs: { ms: number; count: number }[] = [];
  for (let i = 0; i < 3; i++) {
    let count = 0;
    const ms = await timeOnce(async () => {
      count = await fn();
    });
    runs.push({ ms, count });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[1]!;
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

const perSecond = (r: { ms: number; count: number }) => (r.count * 1000) / r.ms;
const growth = (c: ChildResult) => Math.max(0, Math.round((c.peakMb - c.beforeMb) * 10) / 10);
const fmtN = (n: number) => n.toLocaleString('en-US');

export const clientSuite: BenchSuite = {
  name: 'client',
  description: `End to end through \`run()\` against the mock in the same process (rate limits off): ${fmtN(RECORDS)} payments over a year, 5 windows of 90 days read with 5 requests in flight, 1000 records a page, every record through the tripwire and the per-window de-duplication. The baseline is a naive loop of \`fetch\` + \`JSON.parse\`, one page at a time, over the same requests. Without latency both are bound by the one CPU that serves and parses the pages, so the ratio shows the cost of the client's checks; with a ${LATENCY_MS} ms delay per response (closer to a real network) it shows what requests in flight buy. Memory is measured in child processes that stream 10k and 100k records without keeping them, one window at a time so the two differ only by the number of records, as the growth of RSS during the run; the 10k figure is the baseline of the 100k one. Records are not kept; each window in flight remembers only its last two pages of ids. The live heap (after a full GC) shows what the run retains; RSS growth also counts garbage V8 has not collected yet, which grows with throughput rather than with what is retained.`,
  async run() {
    const mock = await startMockServer({
      seed: 1,
      merchants: [
        {
          id: MERCHANT,
          token: TOKEN,
          orders: 10,
          payments: RECORDS,
          refunds: 10,
          from: NOW - 364 * DAY,
          to: NOW,
        },
      ],
      clock: { start: NOW, frozen: true },
      limits: { rateLimits: false },
    });
    try {
      const query = `payments where createdTime >= ${NOW - 364 * DAY}`;
      const plan = compile(query, { now: NOW });
      await client(plan, mock.url); // warm-up
      const base = await median(() => naiveLoop(plan, mock.url));
      const ours = await median(() => client(plan, mock.url));
      if (ours.count !== base.count) {
        throw new Error(`client read ${ours.count} records, the loop ${base.count}`);
      }
      mock.faults.set({ latencyMs: LATENCY_MS });
      const slowBase = await median(() => naiveLoop(plan, mock.url));
      const slow = await median(() => client(plan, mock.url));
      mock.faults.clear();
      const times = mock.store
        .records(MERCHANT, 'payments')
        .map((r) => (r as { createdTime: number }).createdTime)
        .sort((a, b) => b - a);
      const small = await childRss({
        url: mock.url,
        query: `payments where createdTime >= ${times[9_999]}`,
      });
      const large = await childRss({ url: mock.url, query });
      const figures: BenchFigure[] = [
        {
          name: `client: ${fmtN(ours.count)} records end to end`,
          value: perSecond(ours),
          unit: 'records/s',
          baseline: { name: 'sequential fetch loop', value: perSecond(base) },
          note: `${Math.round(ours.ms)} ms vs ${Math.round(base.ms)} ms, ${plan.requests.length} windows, median of 3`,
        },
        {
          name: `client: ${fmtN(slow.count)} records, ${LATENCY_MS} ms per response`,
          value: perSecond(slow),
          unit: 'records/s',
          baseline: { name: 'sequential fetch loop', value: perSecond(slowBase) },
          note: `mock latency fault on every request; ${Math.round(slow.ms)} ms vs ${Math.round(slowBase.ms)} ms`,
        },
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
      ];
      return figures;
    } finally {
      await mock.close();
    }
  },
};
