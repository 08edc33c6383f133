/**
 * A small benchmark harness: each suite returns figures, `run.ts` prints them and rewrites
 * docs/benchmarks.md. Figures are throughput or sizes measured in this run; a ratio always
 * compares two things measured in the same run on the same machine, never a stored number.
 */
import { performance } from 'node:perf_hooks';

export interface BenchFigure {
  /** What was measured, e.g. "compile: 5-year query". */
  readonly name: string;
  readonly value: number;
  /** e.g. "queries/s", "pages/s", "MB", "ms". */
  readonly unit: string;
  /** The baseline measured in the same run, when the figure is compared with one. */
  readonly baseline?: { readonly name: string; readonly value: number };
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

/** Formats a number with sensible precision for a report. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}
