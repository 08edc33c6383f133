/**
 * Child process of the client benchmark: streams a query's records from the mock at argv[2]
 * through `run()`, counting and dropping them, and prints its record count, its RSS before the
 * run and its peak RSS.
 */
import { run } from '@cloverql/client';
import { compile } from '@cloverql/dsl';

const [url, query] = process.argv.slice(2);
if (!url || !query) throw new Error('usage: client-child <baseUrl> <query>');
const plan = compile(query, { now: Date.UTC(2026, 0, 7, 12) });
// Run with --expose-gc: the live heap, measured after a full collection, is what the run
// retains; RSS also counts garbage V8 has not collected yet, which grows with throughput.
const gc = (globalThis as { gc?: () => void }).gc;
const liveMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
// What the process holds before the run (Node, tsx, the compiler and undici loaded).
const beforeMb = process.memoryUsage.rss() / 2 ** 20;
const liveBeforeMb = liveMb();
let livePeakMb = liveBeforeMb;
let records = 0;
for await (const _ of run(plan, {
  baseUrl: url,
  token: 'bench-token',
  merchantId: 'MERCHANT00001',
  rateLimit: 0,
  // One window at a time in both runs, so the figures differ only by the number of records.
  concurrency: 1,
})) {
  records++;
  if (records % 2500 === 0) livePeakMb = Math.max(livePeakMb, liveMb());
}
const peakMb = process.resourceUsage().maxRSS / 1024;
const round = (mb: number) => Math.round(mb * 10) / 10;
process.stdout.write(
  JSON.stringify({
    records,
    beforeMb: round(beforeMb),
    peakMb: round(peakMb),
    liveGrowthMb: round(livePeakMb - liveBeforeMb),
  }),
);
