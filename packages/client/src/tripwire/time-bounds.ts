/**
 * Reads the time bounds out of `filter=` parameters (the wire contract's `field op value` form)
 * as inclusive integer ranges per field, so that `createdTime<b` and `createdTime<=b-1` compare
 * equal: Clover's times are whole milliseconds.
 */

/** An inclusive range of ms; open ends are infinite. */
export interface Bounds {
  readonly lo: number;
  readonly hi: number;
}

const COMPARISON = /^([A-Za-z0-9_.]+)\s*(>=|<=|!=|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * The bounds that range comparisons in `filters` put on each of `fields` (several filters on one
 * field intersect). Other filters (`in`, `IS NULL`, `!=`, other fields) are ignored.
 *
 * @example timeBounds(['createdTime>=10', 'createdTime<20', 'total>5'], new Set(['createdTime']))
 * // Map { 'createdTime' => { lo: 10, hi: 19 } }
 */
export function timeBounds(
  filters: Iterable<string>,
  fields: ReadonlySet<string>,
): Map<string, Bounds> {
  const out = new Map<string, Bounds>();
  for (const f of filters) {
    const m = COMPARISON.exec(f);
    if (!m || !fields.has(m[1]!)) continue;
    const field = m[1]!;
    const v = Number(m[3]);
    let b: Bounds;
    switch (m[2]) {
      case '>':
        b = { lo: Math.floor(v) + 1, hi: Number.POSITIVE_INFINITY };
        break;
      case '>=':
        b = { lo: Math.ceil(v), hi: Number.POSITIVE_INFINITY };
        break;
      case '<':
        b = { lo: Number.NEGATIVE_INFINITY, hi: Math.ceil(v) - 1 };
        break;
      case '<=':
        b = { lo: Number.NEGATIVE_INFINITY, hi: Math.floor(v) };
        break;
      case '=':
        b = { lo: v, hi: v };
        break;
      default:
        continue;
    }
    const prev = out.get(field);
    out.set(field, prev ? { lo: Math.max(prev.lo, b.lo), hi: Math.min(prev.hi, b.hi) } : b);
  }
  return out;
}

/** `[lo, hi]` with ISO dates, for messages. */
export function formatBounds(b: Bounds): string {
  const iso = (ms: number) =>
    Number.isFinite(ms) ? new Date(ms).toISOString() : ms > 0 ? 'open end' : 'open start';
  return `[${iso(b.lo)}, ${iso(b.hi)}]`;
}
