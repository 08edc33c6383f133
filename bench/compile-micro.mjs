// Standalone: `pnpm -s build && node bench/compile-micro.mjs [roundMs]`. Prints µs per compile()
// for the compile suite's three queries, and for JSON.parse of each plan (the suite's baseline),
// measured from packages/dsl/dist. Rounds alternate compile / JSON.parse; each figure is the best
// round, in wall time and in this process's CPU time (which other processes on a loaded machine
// inflate much less than wall time).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { compile } from '../packages/dsl/dist/index.js';

const NOW = Date.UTC(2026, 0, 1);
const QUERIES = {
  small: 'payments where createdTime >= today - 7d',
  medium:
    "payments where createdTime >= 2025-06-01 and createdTime < 2025-09-01 and amount > $25 and result in ('SUCCESS', 'AUTH') and tender.label != 'Cash' order by createdTime desc limit 500",
  '5-year':
    "orders where createdTime >= 2021-01-01 and (total > $100 or payType = 'FULL') and employee.id is not null",
};
const roundMs = Number(process.argv[2] ?? 300);
const ROUNDS = 7;

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** µs per call of `fn` over one round: wall and CPU. */
function round(fn) {
  let n = 0;
  const t0 = performance.now();
  const c0 = cpuUs();
  let t = t0;
  while (t - t0 < roundMs) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    t = performance.now();
  }
  return { wall: ((t - t0) * 1000) / n, cpu: (cpuUs() - c0) / n };
}

const f = (us) => `${us.toFixed(1).padStart(7)} µs`;
console.log(
  `node ${process.version}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs; best of ${ROUNDS} rounds of ${roundMs} ms`,
);
for (const [name, q] of Object.entries(QUERIES)) {
  const json = JSON.stringify(compile(q, { now: NOW }));
  const c = () => compile(q, { now: NOW });
  const p = () => JSON.parse(json);
  for (let i = 0; i < 3; i++) {
    round(c);
    round(p);
  }
  let cw = Infinity;
  let cc = Infinity;
  let pw = Infinity;
  let pc = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const a = round(c);
    const b = round(p);
    cw = Math.min(cw, a.wall);
    cc = Math.min(cc, a.cpu);
    pw = Math.min(pw, b.wall);
    pc = Math.min(pc, b.cpu);
  }
  console.log(
    `${name.padEnd(7)} compile wall ${f(cw)} (${Math.round(1e6 / cw).toLocaleString('en-US')}/s) cpu ${f(cc)} | JSON.parse wall ${f(pw)} cpu ${f(pc)} | ratio compile/s ÷ parse/s ${(pw / cw).toFixed(3)}×`,
  );
}
