// Standalone: `pnpm -s build && node bench/compile-micro.mjs`. Prints µs per compile() for the
// compile suite's three queries (bench/suites/compile.ts), and µs per JSON.parse of each plan (the
// suite's baseline), from packages/dsl/dist. After a warm-up, each figure is the fastest of many
// short rounds (ROUNDS rounds of N calls): on a machine shared with other jobs the fastest round
// is the one least disturbed, so it moves far less with the load than an average does.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { compile } from '../packages/dsl/dist/index.js';
import { NOW, QUERIES } from './compile-queries.mjs';

const ROUNDS = Number(process.argv[2] ?? 200);

/** µs per call of `fn` in the fastest of ROUNDS rounds of `n` calls. */
function fastest(fn, n) {
  for (let i = 0; i < 5000; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, ((performance.now() - t0) * 1000) / n);
  }
  return best;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${load()}`);
for (const [name, q] of Object.entries(QUERIES)) {
  const plan = compile(q, { now: NOW });
  const json = JSON.stringify(plan);
  const n = plan.requests.length > 10 ? 20 : 100;
  const us = fastest(() => compile(q, { now: NOW }), n);
  const parse = fastest(() => JSON.parse(json), n);
  console.log(
    `${name.padEnd(7)} ${us.toFixed(1).padStart(6)} µs/compile = ${Math.round(1e6 / us)
      .toLocaleString('en-US')
      .padStart(
        7,
      )}/s   JSON.parse of its plan ${parse.toFixed(1).padStart(6)} µs   compile/s ÷ parse/s ${(parse / us).toFixed(2)}×`,
  );
}
console.log(`load average after: ${load()}`);
