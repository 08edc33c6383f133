/**
 * Time bounds as inclusive integer ranges per field, so that `createdTime<b` and
 * `createdTime<=b-1` compare equal: Clover's times are whole milliseconds. The bounds a request
 * sends come from its structured filters; only the server's echo (`href`) is read from
 * `filter=` text, in the wire contract's `field op value` form.
 */
import type { CompareOp, ServerFilter } from '@cloverql/dsl';

/** An inclusive range of ms; open ends are infinite. */
export interface Bounds {
  readonly lo: number;
  readonly hi: number;
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
 * // Map { 'createdTime' => { lo: -Infinity, hi: 19 } }
 */
export function timeBounds(
  filters: Iterable<ServerFilter>,
  fields: ReadonlySet<string>,
): Map<string, Bounds> {
  const out = new Map<string, Bounds>();
  for (const f of filters) {
    if (f.kind !== 'comparison' || typeof f.value !== 'number' || !fields.has(f.field)) continue;
    const v = f.value;
    let b: Bounds;
    switch (f.op) {
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
    const prev = out.get(f.field);
    out.set(f.field, prev ? { lo: Math.max(prev.lo, b.lo), hi: Math.min(prev.hi, b.hi) } : b);
  }
  return out;
}

/** `[lo, hi]` with ISO dates, for messages. */
export function formatBounds(b: Bounds): string {
  const iso = (ms: number) =>
    Number.isFinite(ms) ? new Date(ms).toISOString() : ms > 0 ? 'open end' : 'open start';
  return `[${iso(b.lo)}, ${iso(b.hi)}]`;
}
