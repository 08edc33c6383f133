/**
 * The mock server's benchmark: start-up time and memory for a million orders, and time-bounded
 * `limit=1000` pages per second over real HTTP, next to a bare express handler that returns a
 * prebuilt 1000-element page, both measured in this run on this machine.
 *
 * Each server runs in its own child process (so its RSS is its own and the client does not share
 * its event loop); this process is the client, with a keep-alive agent and a few requests in
 * flight, reading every byte of every page. Both servers stay up while their throughput is
 * measured in interleaved blocks (mock, bare, mock, bare, …), so a change in the machine's load
 * hits both alike; measured one after the other, three reruns gave ratios from 1.04× to 1.34×.
 */
import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startChild } from '../child-process.js';
import {
  type BenchFigure,
  type BenchSuite,
  interleave,
  pairedFigure,
  throughput,
} from '../harness.js';

const PACKAGE_DIR = fileURLToPath(new URL('../../packages/mock-server/', import.meta.url));
const DAY = 86_400_000;
const TO = Date.UTC(2026, 0, 1);
const FROM = TO - 365 * DAY;
const ORDERS = 1_000_000;
const IN_FLIGHT = 4;
/** Interleaved rounds, each one block of the mock and one of the bare server. */
const ROUNDS = 7;
const BLOCK_MS = 2_000;
const WARMUP_MS = 500;

/** What a server child reports once it listens. */
interface ChildReport {
  readonly url: string;
  readonly loadMs: number;
  readonly rssBefore: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly arrayBuffers: number;
  readonly storeBytes: number;
  readonly records: number;
}

/**
 * Child script: `mock` generates the dataset and serves it; `bare` serves a prebuilt page of
 * 1000 orders from a bare express handler. Runs from the package directory so `express` and
 * `@cloverql/mock-server` (its own dist) resolve.
 */
const CHILD = `
const { createMockApp } = await import('@cloverql/mock-server');
const express = (await import('express')).default;
const cfg = JSON.parse(process.env.BENCH_CONFIG);
global.gc();
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
let app;
let storeBytes = 0;
let records = 0;
if (cfg.kind === 'mock') {
  app = createMockApp({
    seed: 1, region: 'sandbox', clock: { start: cfg.to, frozen: true }, limits: { rateLimits: false },
    merchants: [{ id: 'MERCHANT00001', token: 't', orders: cfg.orders, payments: cfg.payments, refunds: cfg.refunds, from: cfg.from, to: cfg.to }],
  });
  storeBytes = app.mock.store.byteSize();
  records = cfg.orders + cfg.payments + cfg.refunds;
} else {
  const mock = createMockApp({ seed: 1, clock: { start: cfg.to, frozen: true },
    merchants: [{ id: 'MERCHANT00001', token: 't', orders: 1000, payments: 0, refunds: 0, from: cfg.to - 86400000, to: cfg.to }] });
  const base = 'http://127.0.0.1/v3/merchants/MERCHANT00001/orders';
  const page = { elements: mock.mock.store.records('MERCHANT00001', 'orders').map((r) => ({ href: base + '/' + r.id, ...r })), href: base + '?limit=1000' };
  app = express();
  app.get('/page', (_req, res) => { res.json(page); });
}
const loadMs = performance.now() - t0;
global.gc();
const m = process.memoryUsage();
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + port, loadMs, rssBefore, rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, storeBytes, records }) + '\\n');
});
`;

function startServer(config: Record<string, unknown>) {
  return startChild<ChildReport>({
    args: ['--expose-gc', '--input-type=module', '-e', CHILD],
    cwd: PACKAGE_DIR,
    env: { BENCH_CONFIG: JSON.stringify(config) },
  });
}

/** GETs `url` and reads every byte; rejects unless 200. */
function fetchPage(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { Authorization: 'Bearer t' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Pages per second with IN_FLIGHT requests at a time, for one block after a warm-up. */
async function pagesPerSecond(nextUrl: () => string): Promise<{ rate: number; bytes: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  let bytes = 0;
  const batch = async () => {
    const sizes = await Promise.all(
      Array.from({ length: IN_FLIGHT }, () => fetchPage(nextUrl(), agent)),
    );
    bytes = sizes[0] ?? 0;
  };
  try {
    const batches = await throughput(batch, { minMs: BLOCK_MS, warmupMs: WARMUP_MS });
    return { rate: batches * IN_FLIGHT, bytes };
  } finally {
    agent.destroy();
  }
}

const mb = (bytes: number) => bytes / 2 ** 20;

export const mockServerSuite: BenchSuite = {
  name: 'mock-server',
  description: `The mock Clover server (\`@cloverql/mock-server\`). Start-up: a child process generates a merchant with 1,000,000 orders over one year (and, as a second figure, 1M orders plus 1M payments and 60k refunds) and reports the time \`createMockApp\` took and its RSS after a GC; bytes per record are the typed-array columns and sorted indexes the store holds. Throughput: \`limit=1000\` pages of orders bounded to one day by \`filter=createdTime>=…&filter=createdTime<…\` (offsets 0 and 1000, days spread over the year) from the 1M-order merchant, over real HTTP on 127.0.0.1 with 4 requests in flight on keep-alive connections, each body read in full, in ${ROUNDS} interleaved rounds of a ${BLOCK_MS / 1000} s block on each server (after a ${WARMUP_MS} ms warm-up per block), with both servers up throughout; the figures are the median [min–max] of the blocks and the ratio the median [min–max] of the per-round ratios. Baseline: a bare express handler in its own child process answering \`res.json()\` of a prebuilt page of 1000 orders of the same shape, fetched the same way; the ratio is what filtering, indexing, materialising and the rest of the mock cost over serialising the page. Start-up figures are one sample each.`,
  async run() {
    const figures: BenchFigure[] = [];

    const big = await startServer({
      kind: 'mock',
      orders: ORDERS,
      payments: 1_000_000,
      refunds: 60_000,
      from: FROM,
      to: TO,
    });
    await big.stop();
    const b = big.report;

    const mock = await startServer({
      kind: 'mock',
      orders: ORDERS,
      payments: 0,
      refunds: 0,
      from: FROM,
      to: TO,
    });
    const m = mock.report;
    figures.push(
      {
        name: 'start-up: generate and index 1M orders',
        value: m.loadMs,
        unit: 'ms',
        note: 'createMockApp in a child process',
      },
      {
        name: 'RSS with 1M orders',
        value: mb(m.rss),
        unit: 'MiB',
        note: `${mb(m.rss - m.rssBefore).toFixed(0)} MiB above the process before loading; heap ${mb(m.heapUsed).toFixed(0)} MiB, typed arrays ${mb(m.arrayBuffers).toFixed(0)} MiB`,
      },
      {
        name: 'store bytes per order',
        value: m.storeBytes / m.records,
        unit: 'B',
        note: 'columns + sorted time indexes; records are materialised per page',
      },
      {
        name: 'start-up: 1M orders + 1M payments + 60k refunds',
        value: b.loadMs,
        unit: 'ms',
        note: `RSS ${mb(b.rss).toFixed(0)} MiB; ${(b.storeBytes / b.records).toFixed(0)} B per record`,
      },
    );

    let i = 0;
    const mockPage = () => {
      i++;
      const day = FROM + ((i * 7919) % 360) * DAY;
      return `${m.url}/v3/merchants/MERCHANT00001/orders?filter=createdTime>=${day}&filter=createdTime<${day + DAY}&limit=1000&offset=${(i % 2) * 1000}`;
    };
    const bare = await startServer({ kind: 'bare', to: TO });
    const bytes = { mock: 0, bare: 0 };
    try {
      const { a, b } = await interleave({
        a: async () => {
          const r = await pagesPerSecond(mockPage);
          bytes.mock = r.bytes;
          return r.rate;
        },
        b: async () => {
          const r = await pagesPerSecond(() => `${bare.report.url}/page`);
          bytes.bare = r.bytes;
          return r.rate;
        },
        rounds: ROUNDS,
      });
      figures.push(
        pairedFigure({
          name: 'time-bounded limit=1000 pages from 1M orders',
          unit: 'pages/s',
          a,
          baselineName: 'bare express, prebuilt 1000-order page',
          b,
          note: `${ROUNDS} interleaved rounds; page ${(bytes.mock / 1024).toFixed(0)} KiB vs ${(bytes.bare / 1024).toFixed(0)} KiB`,
        }),
      );
    } finally {
      await Promise.all([mock.stop(), bare.stop()]);
    }
    return figures;
  },
};
