import { type Bound, type ResourceName, resourceSpec, type TimeRange } from '@cloverql/dsl';
import type { Condition } from '../filter/filter-types.js';
import { clampRange } from './clamp.js';

/** The time bounds a request applies, and the conditions left to check record by record. */
export interface TimeBounds {
  /** Effective range per bounded time field, in the catalogue's `timeFields` order. */
  readonly ranges: ReadonlyMap<string, TimeRange>;
  /** Conditions other than the bounds folded into `ranges`. */
  readonly rest: readonly Condition[];
  /** Whether Clover's 90-day clamp applied to this request. */
  readonly clamped: boolean;
}

function tighterLower(a: Bound | null, b: Bound): Bound {
  if (a === null || b.value > a.value) return b;
  if (b.value === a.value) return { value: a.value, inclusive: a.inclusive && b.inclusive };
  return a;
}

function tighterUpper(a: Bound | null, b: Bound): Bound {
  if (a === null || b.value < a.value) return b;
  if (b.value === a.value) return { value: a.value, inclusive: a.inclusive && b.inclusive };
  return a;
}

/** Folds `>`, `>=`, `<`, `<=` and `=` comparisons on time fields into one range per field. */
function foldBounds(resource: ResourceName, conditions: readonly Condition[]) {
  const timeFields = resourceSpec(resource).timeFields;
  // Ranges under construction: the dsl's `TimeRange`, writable while the bounds fold in.
  const ranges = new Map<string, { -readonly [K in keyof TimeRange]: TimeRange[K] }>();
  const rest: Condition[] = [];
  for (const c of conditions) {
    if (
      c.kind !== 'comparison' ||
      c.op === '!=' ||
      !timeFields.includes(c.field.name) ||
      typeof c.value !== 'number'
    ) {
      rest.push(c);
      continue;
    }
    const r = ranges.get(c.field.name) ?? { lower: null, upper: null };
    const value = c.value;
    if (c.op === '>' || c.op === '>=' || c.op === '=') {
      r.lower = tighterLower(r.lower, { value, inclusive: c.op !== '>' });
    }
    if (c.op === '<' || c.op === '<=' || c.op === '=') {
      r.upper = tighterUpper(r.upper, { value, inclusive: c.op !== '<' });
    }
    ranges.set(c.field.name, r);
  }
  const ordered = new Map<string, TimeRange>();
  for (const f of timeFields) {
    const r = ranges.get(f);
    if (r) ordered.set(f, r);
  }
  return { ranges: ordered, rest };
}

/**
 * Whether Clover clamps a request on `resource` with these filters: every resource whenever a
 * time field is filtered ("When you use a time-based filter in a request (for example,
 * createdTime, clientCreatedTime, or modifiedTime), the server returns a maximum of 90 days of
 * data", the Clover docs page "Apply filters to API requests", which names getOrders too), and orders also whenever a filter names one of
 * the catalogue's `clampTriggers` (API changelog, May 2023).
 */
export function isClamped(resource: ResourceName, conditions: readonly Condition[]): boolean {
  const spec = resourceSpec(resource);
  const triggers = spec.clampTriggers ?? [];
  return conditions.some(
    (c) => spec.timeFields.includes(c.field.name) || triggers.includes(c.field.name),
  );
}

/**
 * The effective time bounds of a request: its own bounds, clamped by {@link clampRange} when
 * Clover clamps the request, and `createdTime` in `[now - 90d, now]` when the request bounds no
 * time field and the resource (orders, payments) returns only the recent 90 days without one, or
 * the request is clamped anyway (e.g. `createdTime!=x` on payments).
 *
 * @example timeBounds({ resource: 'payments', conditions, now }).ranges.get('createdTime')
 */
export function timeBounds(input: {
  readonly resource: ResourceName;
  readonly conditions: readonly Condition[];
  readonly now: number;
}): TimeBounds {
  const { resource, conditions, now } = input;
  const folded = foldBounds(resource, conditions);
  const clamped = isClamped(resource, conditions);
  if (folded.ranges.size === 0) {
    if (!resourceSpec(resource).clampWithoutTimeFilter && !clamped) {
      return { ranges: folded.ranges, rest: folded.rest, clamped: false };
    }
    const recent = clampRange({ lower: null, upper: null }, now);
    return { ranges: new Map([['createdTime', recent]]), rest: folded.rest, clamped: true };
  }
  if (!clamped) return { ranges: folded.ranges, rest: folded.rest, clamped: false };
  const ranges = new Map<string, TimeRange>();
  for (const [field, range] of folded.ranges) ranges.set(field, clampRange(range, now));
  return { ranges, rest: folded.rest, clamped: true };
}
