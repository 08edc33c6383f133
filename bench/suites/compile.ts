import { compile } from '@cloverql/dsl';
import { NOW, QUERIES } from '../compile-queries.mjs';
import {
  type BenchFigure,
  type BenchSuite,
  interleave,
  pairedFigure,
  throughput,
} from '../harness.js';

/** Compiles of each query before any is timed. */
const WARMUP_COMPILES = 20_000;
/** Rounds per figure (A B A B …), and the length of one side of a round. */
const ROUNDS = 9;
const ROUND_MS = 200;

/** Compile throughput for three query sizes, against loading the same plan from JSON. */
export const compileSuite: BenchSuite = {
  name: 'compile',
  description:
    'Queries compiled per second by `compile()` (lex, parse, check, normalise, plan) for a small query, a medium one with several filters and a 5-year query that becomes 84 requests (21 windows in four streams: two `or` branches, each with its orders `state IS NULL` twin). After 20,000 compiles of each query (so V8 has optimised the compiler even on a loaded machine), compiles and the baseline are timed in 9 interleaved rounds of 200 ms each (A B A B …, garbage collection included); each figure is the median round, with the slowest and fastest. The baseline is `JSON.parse` of the same plan — the cheapest way to obtain it — so the ratio (the median of the per-round ratios) shows what compiling costs over loading a cached plan. Targets on Node 20 (issue 10): the small query at least 100,000 compiles/s and the medium one at least 50,000/s; absolute figures depend on the machine and its load, the ratio to `JSON.parse` less so.',
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
      const { a, b } = await interleave({
        a: () => throughput(() => compile(q, { now: NOW }), { minMs: ROUND_MS, warmupMs: 0 }),
        b: () => throughput(() => JSON.parse(json), { minMs: ROUND_MS, warmupMs: 0 }),
        rounds: ROUNDS,
      });
      const fig = pairedFigure({
        name: `compile: ${name} query`,
        unit: 'queries/s',
        a,
        baselineName: 'JSON.parse of its plan',
        b,
      });
      figures.push({
        ...fig,
        note: `${(1e6 / fig.value).toFixed(1)} µs per query (median round); ${compile(q, { now: NOW }).requests.length} requests`,
      });
    }
    return figures;
  },
};
