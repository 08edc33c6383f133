/**
 * Child process of the aggregate benchmark: runs a query against the mock at argv[2] with
 * `collect()` — argv[4] `aggregate` for a grouped query (rows only for the groups) or `collect`
 * for a plain one (every record kept) — and prints its record count, how many rows it returned
 * and the largest growth of its live heap during the run.
 */
import { collect } from '@cloverql/client';
import { compile } from '@cloverql/dsl';

const [url, query] = process.argv.slice(2);
if (!url || !query) throw new Error('usage: aggregate-child <baseUrl> <query>');
const plan = compile(query, { now: Date.UTC(2026, 0, 7, 12) });
// Run with --expose-gc: the live heap after a full collection is what the run retains.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('aggregate-child needs --expose-gc');
const liveMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const before = liveMb();
let peak = before;
let records = 0;
let sampledAt = 0;
const rows = await collect(plan, {
  baseUrl: url,
  token: 'bench-token',
  merchantId: 'MERCHANT00001',
  rateLimit: 0,
  // One window at a time, so runs differ only by the number of records.
  concurrency: 1,
  onProgress: (p) => {
    records = p.records;
    if (records - sampledAt >= 2500) {
      sampledAt = records;
      peak = Math.max(peak, liveMb());
    }
  },
});
// The rows are still referenced here, so the last sample counts what the caller is handed.
peak = Math.max(peak, liveMb());
const round = (mb: number) => Math.round(mb * 10) / 10;
process.stdout.write(
  JSON.stringify({ records, rows: rows.length, liveGrowthMb: round(peak - before) }),
);
