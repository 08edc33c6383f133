import { compile } from '@cloverql/dsl';
import { NOW, QUERIES } from '../compile-queries.mjs';
import { type BenchFigure, type BenchSuite, throughput } from '../harness.js';

/** Compiles of each query before any is timed. */
const WARMUP_COMPILES = 20_000;

/** Compile throughput for three query sizes, against loading the same plan from JSON. */
export const compileSuite: BenchSuite = {
  name: 'compile',
  description:
    'Queries compiled per second by `compile()` (lex, parse, check, normalise, plan) for a small query, a medium one with several filters and a 5-year query that becomes 84 requests (21 windows in four streams: two `or` branches, each with its orders `state IS NULL` twin). After 20,000 compiles of each query (so V8 has optimised the lexer even on a loaded machine), each figure is compiles per second over 1.5 s. The baseline is `JSON.parse` of the same plan — the cheapest way to obtain it — so the ratio shows what compiling costs over loading a cached plan. Targets on Node 20 (issue 10): the small query at least 100,000 compiles/s and the medium one at least 50,000/s; absolute figures depend on the machine and its load, the ratio to `JSON.parse` less so.',
  async run() {
    const figures: BenchFigure[] = [];
    // Warm up by count, not only by time: V8 optimises Chevrotain's large lexer function on a
    // background thread (~0.35 s of CPU on Node 20), and on a loaded machine a time-based warm-up
    // ends before that thread has run, so the figures measured the unoptimised lexer.
    for (let i = 0; i < WARMUP_COMPILES; i++) {
      for (const q of Object.values(QUERIES)) compile(q, { now: NOW });
    }
    for (const [name, q] of Object.entries(QUERIES)) {
      const json = JSON.stringify(compile(q, { now: NOW }));
      const baseline = await throughput(() => JSON.parse(json));
      const qps = await throughput(() => compile(q, { now: NOW }));
      figures.push({
        name: `compile: ${name} query`,
        value: qps,
        unit: 'queries/s',
        baseline: { name: 'JSON.parse of its plan', value: baseline },
        note: `${(1e6 / qps).toFixed(1)} µs per query; ${compile(q, { now: NOW }).requests.length} requests`,
      });
    }
    return figures;
  },
};
