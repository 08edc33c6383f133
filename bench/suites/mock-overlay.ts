/**
 * The cost of the mock's mutation overlay: time-bounded `limit=1000` pages of orders from a
 * merchant with 10,000 changes applied (inserts, updates and deletes through `mock.store`) next to
 * the same merchant untouched, both servers up in their own child processes and measured in
 * interleaved blocks, as the mock-server suite measures against a bare handler.
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
const ORDERS = 200_000;
const CHANGES = 10_000;
const IN_FLIGHT = 4;
const ROUNDS = 7;
const BLOCK_MS = 2_000;
const WARMUP_MS = 500;

interface ChildReport {
  readonly url: string;
  readonly changeMs: number;
  readonly overlay: number;
}

/**
 * Child script: generates the merchant, then (for `changed`) applies CHANGES writes spread over
 * the year: 40% inserts at random past instants, 50% updates, 10% deletes of random orders.
 */
const CHILD = `
const { createMockApp } = await import('@cloverql/mock-server');
const cfg = JSON.parse(process.env.BENCH_CONFIG);
const app = createMockApp({
  seed: 1, region: 'sandbox', clock: { start: cfg.to, frozen: true }, limits: { rateLimits: false },
  merchants: [{ id: 'M', token: 't', orders: cfg.orders, payments: 0, refunds: 0, from: cfg.from, to: cfg.to }],
});
const store = app.mock.store;
let x = 12345;
const rnd = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x / 4294967296; };
const t0 = performance.now();
for (let i = 0; i < cfg.changes; i++) {
  const r = rnd();
  const table = store.table('M', 'orders');
  if (r < 0.4) {
    store.insert('M', 'orders', { createdTime: Math.floor(cfg.from + rnd() * (cfg.to - cfg.from)), note: 'bench' });
  } else {
    const id = table.idOf(Math.floor(rnd() * cfg.orders));
    if (!store.record('M', 'orders', id)) continue;
    if (r < 0.9) store.update('M', 'orders', id, { note: 'changed ' + i });
    else store.remove('M', 'orders', id);
  }
}
const changeMs = performance.now() - t0;
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + port, changeMs, overlay: store.changedCount() }) + '\\n');
});
`;

function startServer(changes: number) {
  return startChild<ChildReport>({
    args: ['--input-type=module', '-e', CHILD],
    cwd: PACKAGE_DIR,
    env: { BENCH_CONFIG: JSON.stringify({ orders: ORDERS, from: FROM, to: TO, changes }) },
  });
}

function fetchPage(url: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { Authorization: 'Bearer t' } }, (res) => {
      res.on('data', () => {});
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function pagesPerSecond(nextUrl: () => string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  try {
    const batch = () =>
      Promise.all(Array.from({ length: IN_FLIGHT }, () => fetchPage(nextUrl(), agent)));
    return (await throughput(batch, { minMs: BLOCK_MS, warmupMs: WARMUP_MS })) * IN_FLIGHT;
  } finally {
    agent.destroy();
  }
}

export const mockOverlaySuite: BenchSuite = {
  name: 'mock-overlay',
  description: `The mock's mutation overlay. Two child processes each generate a merchant with ${ORDERS.toLocaleString('en')} orders over one year; one then applies ${CHANGES.toLocaleString('en')} changes through \`mock.store\` (40% inserts at random instants of the year, 50% updates, 10% deletes of random orders). Throughput: \`limit=1000\` pages of orders bounded to one day by \`filter=createdTime>=…&filter=createdTime<…\` (offset 0, days spread over the year), over real HTTP on 127.0.0.1 with ${IN_FLIGHT} requests in flight on keep-alive connections, in ${ROUNDS} interleaved rounds of a ${BLOCK_MS / 1000} s block on each server; the baseline is the untouched merchant measured in the same run. The time to apply the changes is one sample.`,
  async run() {
    const figures: BenchFigure[] = [];
    const changed = await startServer(CHANGES);
    const plain = await startServer(0);
    try {
      figures.push({
        name: `apply ${CHANGES.toLocaleString('en')} changes`,
        value: changed.report.changeMs,
        unit: 'ms',
        note: `${changed.report.overlay} records in the overlay afterwards`,
      });
      let i = 0;
      const page = (base: string) => () => {
        i++;
        const day = FROM + ((i * 7919) % 360) * DAY;
        return `${base}/v3/merchants/M/orders?filter=createdTime>=${day}&filter=createdTime<${day + DAY}&limit=1000`;
      };
      const { a, b } = await interleave({
        a: () => pagesPerSecond(page(changed.report.url)),
        b: () => pagesPerSecond(page(plain.report.url)),
        rounds: ROUNDS,
      });
      figures.push(
        pairedFigure({
          name: `day-bounded limit=1000 pages with ${CHANGES.toLocaleString('en')} changes applied`,
          unit: 'pages/s',
          a,
          baselineName: 'the same merchant with no changes',
          b,
          note: `${ROUNDS} interleaved rounds`,
        }),
      );
    } finally {
      await Promise.all([changed.stop(), plain.stop()]);
    }
    return figures;
  },
};
