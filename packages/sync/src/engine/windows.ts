/**
 * The windows a sync reads, from the compiler: exact, consecutive, half-open and never wider than
 * Clover's clamp (90 days for REST, 30 for exports). Each window is then read on its own, so that
 * its rows and the state that covers them commit together.
 */
import { compile, type Plan, type ResourceName } from '@cloverql/dsl';

/** A half-open interval `[start, end)` of UTC ms. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Which records a window reads: `resource` records whose `field` is in `span`. */
export interface WindowQuery {
  readonly resource: ResourceName;
  readonly field: string;
  readonly span: Span;
  /** REST windows (≤ 90 days) or Export API windows (≤ 30 days); default `rest`. */
  readonly kind?: 'rest' | 'export';
}

/**
 * The query text of a window query.
 *
 * @example spanQuery({ resource: 'orders', field: 'modifiedTime', span: { start: 0, end: 9 } }) // 'orders where modifiedTime >= 0 and modifiedTime < 9'
 */
export function spanQuery(q: WindowQuery): string {
  const prefix = q.kind === 'export' ? 'export ' : '';
  return `${prefix}${q.resource} where ${q.field} >= ${q.span.start} and ${q.field} < ${q.span.end}`;
}

/**
 * The compiler's windows over the query's span, oldest first, each once (a plan repeats its
 * windows for each request stream).
 *
 * @example windowsOf({ resource: 'orders', field: 'createdTime', span: { start: 0, end: 200 * 86_400_000 } }, now) // 3 spans
 */
export function windowsOf(q: WindowQuery, now: number): Span[] {
  if (q.span.end <= q.span.start) return [];
  const plan = compile(spanQuery(q), { now });
  const seen = new Map<string, Span>();
  for (const w of plan.windows) {
    // Export windows end inclusively (`endTime` is the last ms); as half-open spans they end 1 ms
    // later, or the instant between two windows would be read by neither.
    const end = w.endInclusive ? w.end + 1 : w.end;
    seen.set(`${w.start}:${end}`, { start: w.start, end });
  }
  return [...seen.values()].sort((a, b) => a.start - b.start);
}

/** The plan that reads one window. */
export function windowPlan(
  q: WindowQuery,
  opts: { now: number; pageSize?: number | undefined },
): Plan {
  return compile(spanQuery(q), {
    now: opts.now,
    ...(opts.pageSize !== undefined ? { pageSize: opts.pageSize } : {}),
  });
}
