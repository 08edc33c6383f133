/**
 * A small benchmark harness: each suite returns figures, `run.ts` prints them and rewrites
 * docs/benchmarks.md. Figures are throughput or sizes measured in this run; a ratio always
 * compares two things measured in the same run on the same machine, never a stored number.
 *
 * A figure compared with a baseline is measured in interleaved rounds (A B A B …), so drift in
 * the machine's load hits both alike; it is reported as the median with the smallest and largest
 * round, and its ratio as the median and range of the per-round ratios.
 */
import { performance } from 'node:perf_hooks';

/** The median of some samples and their extremes. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many samples. */
  readonly n: number;
}

export interface BenchFigure {
  /** What was measured, e.g. "compile: 5-year query". */
  readonly name: string;
  /** The figure, or the median of its samples. */
  readonly value: number;
  /** e.g. "queries/s", "pages/s", "MB", "ms". */
  readonly unit: string;
  /** The samples `value` is the median of, when there are several. */
  readonly spread?: Spread;
  /** The baseline measured in the same run, when the figure is compared with one. */
  readonly baseline?: { readonly name: string; readonly value: number; readonly spread?: Spread };
  /** The per-round ratios to the baseline, when measured in pairs. */
  readonly ratio?: Spread;
  /** Free-text remark printed beside the figure. */
  readonly note?: string;
}

export interface BenchSuite {
  readonly name: string;
  /** One paragraph for docs/benchmarks.md: what is measured and how. */
  readonly description: string;
  run(): Promise<BenchFigure[]>;
}

/**
 * Calls `fn` repeatedly for at least `minMs` (after a warm-up) and returns calls per second.
 * `fn` may be async; it is awaited each time.
 */
export async function throughput(
  fn: () => unknown,
  opts: { minMs?: number; warmupMs?: number } = {},
): Promise<number> {
  const { minMs = 1500, warmupMs = 300 } = opts;
  const loop = async (ms: number) => {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
      const r = fn();
      if (r instanceof Promise) await r;
      n++;
      t = performance.now();
    }
    return (n * 1000) / (t - t0);
  };
  await loop(warmupMs);
  return loop(minMs);
}

/** Milliseconds taken by one call of `fn`. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  const r = fn();
  if (r instanceof Promise) await r;
  return performance.now() - t0;
}

/** The median and extremes of `samples` (not empty). */
export function spread(samples: readonly number[]): Spread {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) throw new Error('spread of no samples');
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s.at(-1)!, n: s.length };
}

/**
 * Measures `a` and `b` alternately, `rounds` times (A B A B …); each call returns one sample.
 *
 * @example const { a, b } = await interleave({ a: () => ours(), b: () => naive(), rounds: 5 });
 */
export async function interleave(pair: {
  readonly a: () => Promise<number>;
  readonly b: () => Promise<number>;
  readonly rounds: number;
}): Promise<{ a: number[]; b: number[] }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < pair.rounds; i++) {
    a.push(await pair.a());
    b.push(await pair.b());
  }
  return { a, b };
}

/**
 * A figure from paired samples: `value` the median of `a`, the baseline the median of `b`, and
 * the ratio the median of the per-round ratios `a[i] / b[i]`.
 */
export function pairedFigure(f: {
  readonly name: string;
  readonly unit: string;
  readonly a: readonly number[];
  readonly baselineName: string;
  readonly b: readonly number[];
  readonly note?: string;
}): BenchFigure {
  const value = spread(f.a);
  const base = spread(f.b);
  return {
    name: f.name,
    value: value.median,
    unit: f.unit,
    spread: value,
    baseline: { name: f.baselineName, value: base.median, spread: base },
    ratio: spread(f.a.map((x, i) => x / f.b[i]!)),
    ...(f.note === undefined ? {} : { note: f.note }),
  };
}

/** Formats a number with sensible precision for a report. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

/** `median [min–max]`, or the plain number for a single sample. */
export function fmtSpread(value: number, s: Spread | undefined, suffix = ''): string {
  if (!s || s.n < 2) return `${fmt(value)}${suffix}`;
  return `${fmt(s.median)}${suffix} [${fmt(s.min)}–${fmt(s.max)}]`;
}
