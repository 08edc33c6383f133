/**
 * Time bounds per field as the dsl's `TimeRange`, every end made inclusive on a whole
 * millisecond, so that `createdTime<b` and `createdTime<=b-1` compare equal: Clover's times are
 * whole milliseconds. The bounds a request sends come from its structured filters; only the
 * server's echo (`href`) is read from `filter=` text, in the wire contract's `field op value` form.
 */
import type { Bound, CompareOp, ServerFilter, TimeRange } from '@cloverql/dsl';

const inclusive = (value: number): Bound => ({ value, inclusive: true });

/**
 * The first millisecond inside a range, or -Infinity for an open start.
 *
 * @example lowest({ lower: { value: 5, inclusive: false }, upper: null }) // 6
 */
export function lowest(r: TimeRange): number {
  const b = r.lower;
  if (b === null) return Number.NEGATIVE_INFINITY;
  return b.inclusive ? b.value : b.value + 1;
}

/**
 * The last millisecond inside a range, or Infinity for an open end.
 *
 * @example highest({ lower: null, upper: { value: 10, inclusive: false } }) // 9
 */
export function highest(r: TimeRange): number {
  const b = r.upper;
  if (b === null) return Number.POSITIVE_INFINITY;
  return b.inclusive ? b.value : b.value - 1;
}

/**
 * The range of whole milliseconds from `lo` to `hi`, both inclusive.
 *
 * @example inclusiveRange(0, 9) // { lower: { value: 0, inclusive: true }, upper: { value: 9, inclusive: true } }
 */
export function inclusiveRange(lo: number, hi: number): TimeRange {
  return { lower: inclusive(lo), upper: inclusive(hi) };
}

const COMPARISON = /^([A-Za-z0-9_.]+)\s*(>=|<=|!=|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Reads one `filter=` value the server echoed as a numeric comparison, or null for anything
 * else (`in`, `IS NULL`, text values).
 *
 * @example parseEchoedFilter('createdTime>=10') // { kind: 'comparison', field: 'createdTime', op: '>=', value: 10 }
 */
export function parseEchoedFilter(text: string): ServerFilter | null {
  const m = COMPARISON.exec(text);
  if (!m) return null;
  return { kind: 'comparison', field: m[1]!, op: m[2] as CompareOp, value: Number(m[3]) };
}

/**
 * The bounds that numeric range comparisons in `filters` put on each of `fields` (several filters
 * on one field intersect). Other filters (`in`, `IS NULL`, `!=`, other fields) are ignored.
 *
 * @example timeBounds([{ kind: 'comparison', field: 'createdTime', op: '<', value: 20 }], new Set(['createdTime']))
 * // Map { 'createdTime' => { lower: null, upper: { value: 19, inclusive: true } } }
 */
export function timeBounds(
  filters: Iterable<ServerFilter>,
  fields: ReadonlySet<string>,
): Map<string, TimeRange> {
  const out = new Map<string, TimeRange>();
  for (const f of filters) {
    if (f.kind !== 'comparison' || typeof f.value !== 'number' || !fields.has(f.field)) continue;
    const v = f.value;
    let b: TimeRange;
    switch (f.op) {
      case '>':
        b = { lower: inclusive(Math.floor(v) + 1), upper: null };
        break;
      case '>=':
        b = { lower: inclusive(Math.ceil(v)), upper: null };
        break;
      case '<':
        b = { lower: null, upper: inclusive(Math.ceil(v) - 1) };
        break;
      case '<=':
        b = { lower: null, upper: inclusive(Math.floor(v)) };
        break;
      case '=':
        b = inclusiveRange(v, v);
        break;
      default:
        continue;
    }
    const prev = out.get(f.field);
    out.set(f.field, prev ? meet(prev, b) : b);
  }
  return out;
}

/** The intersection of two ranges whose ends are inclusive. */
function meet(a: TimeRange, b: TimeRange): TimeRange {
  const lo = Math.max(lowest(a), lowest(b));
  const hi = Math.min(highest(a), highest(b));
  return {
    lower: lo === Number.NEGATIVE_INFINITY ? null : inclusive(lo),
    upper: hi === Number.POSITIVE_INFINITY ? null : inclusive(hi),
  };
}

/** `[first, last]` with ISO dates, for messages. */
export function formatBounds(r: TimeRange): string {
  const iso = (ms: number) =>
    Number.isFinite(ms) ? new Date(ms).toISOString() : ms > 0 ? 'open end' : 'open start';
  return `[${iso(lowest(r))}, ${iso(highest(r))}]`;
}
