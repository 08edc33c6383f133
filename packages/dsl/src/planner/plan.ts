/**
 * The planner: a normal-form query becomes a `Plan` of window-split requests (docs/language.md,
 * "Planning rules"). Pure: `now`, `tz` and every limit come in through the options.
 *
 * Outline, one module per step: push `not`s to the leaves; choose the time field and split the
 * condition into request streams (`split-streams.ts`: one per `or` branch when every branch can be
 * narrowed on the server, else one stream whose residual is the whole condition); give each stream
 * its time range (`resolve-ranges.ts`: the intersection of its bounds, open ends closed with
 * `earliest` and `now`); add the twins that see hidden records (`hidden-twins.ts`); cut ranges
 * into windows no wider than Clover allows and render one request per window
 * (`render-requests.ts`). The words of warnings live in `warning-prose.ts`.
 */
import type { Diagnostic } from '../errors/query-error.js';
import { DAY_MS } from '../limits/clover-limits.js';
import type { NormalQuery } from '../normalize/normalize.js';
import { toNnf } from '../predicate/normal-forms.js';
import { freezePredicate } from '../predicate/predicate.js';
import { addHiddenTwins } from './hidden-twins.js';
import { boundsSomewhere, type PlanContext, type PlanOptions } from './plan-context.js';
import { PLAN_VERSION, type Plan, type PlanWarning, type TimeWindow } from './plan-types.js';
import { renderRequests } from './render-requests.js';
import { resolveRanges, windowCount } from './resolve-ranges.js';
import { chooseTimeField, splitStreams } from './split-streams.js';
import { dedupeWarnings, tooManyRequests } from './warning-prose.js';

/**
 * At most this many windows (requests) in one plan: ~2,400 years of 90-day windows, so only a
 * tiny `windowDays` or a `now` centuries away reaches it. Beyond it the plan is refused rather
 * than built, so its size never grows without bound from a short query.
 */
export const MAX_WINDOWS = 10_000;

export interface PlanResult {
  readonly plan: Plan | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Builds the plan of a normal-form query. */
export function buildPlan(q: NormalQuery, opts: PlanOptions): PlanResult {
  const nnf = toNnf(q.predicate);
  const timeField = q.isExport ? 'createdTime' : chooseTimeField(q.resource, nnf);
  const warnings: PlanWarning[] = [];
  const bounded = boundsSomewhere(nnf, timeField);
  // A resource Clover does not clamp without a time filter is read in one request with none.
  const unwindowed = !bounded && !q.isExport && !q.resource.clampWithoutTimeFilter;
  const ctx: PlanContext = { q, opts, timeField, warnings, bounded, unwindowed };

  const { streams, residual } = splitStreams(nnf, ctx);
  const resolved = resolveRanges(streams, ctx);
  if ('diagnostic' in resolved) return { plan: undefined, diagnostics: [resolved.diagnostic] };

  const withTwins = q.isExport ? resolved.streams : addHiddenTwins(resolved.streams, q.resource);
  let count = 0;
  for (let i = 0; i < withTwins.length; i++) count += windowCount(withTwins[i]!, ctx);
  if (count > MAX_WINDOWS) {
    return { plan: undefined, diagnostics: [tooManyRequests(count, MAX_WINDOWS, opts.rangeSpan)] };
  }
  // A smaller page helps only when the first `limit` records the server returns are the answer:
  // no client-side filter, and no order other than the server's own on the time field.
  const serverCanStop = !q.orderBy || q.orderBy.field === timeField;
  const pageLimit =
    residual === null && q.limit !== null && serverCanStop
      ? Math.min(q.limit, opts.pageSize)
      : opts.pageSize;
  const { windows, requests } = renderRequests(withTwins, ctx, pageLimit);

  // Requests and windows come frozen from `renderRequests`; the rest is frozen here, so a plan
  // is immutable to every caller without walking all of it.
  const plan: Mutable<Plan> = {
    version: PLAN_VERSION,
    source: opts.source,
    resource: q.resource.name,
    kind: q.isExport ? 'export' : 'rest',
    timeField,
    // One window is its own hull: the same (frozen) object serves as both.
    range:
      windows.length === 0
        ? null
        : windows.length === 1
          ? windows[0]!
          : Object.freeze(hullOf(windows)),
    windows: Object.freeze(windows),
    requests: Object.freeze(requests),
    residual: requests.length && residual !== null ? freezePredicate(residual) : null,
    limit: q.limit,
    // Frozen by normalize (and shared); frozen here only if it came from elsewhere.
    orderBy: q.orderBy && (Object.isFrozen(q.orderBy) ? q.orderBy : Object.freeze(q.orderBy)),
    pageSize: opts.pageSize,
    now: q.now,
    tz: q.tz,
    warnings: warnings.length ? deepFreeze(dedupeWarnings(warnings)) : NO_WARNINGS,
  };
  // Absent (not null) without select or aggregates, so such plans are unchanged. Added after the
  // literal rather than spread into it: on Node 20 a spread in a literal takes V8's slow path.
  if (q.select) plan.select = deepFreeze(q.select);
  if (q.aggregate) plan.aggregate = deepFreeze(q.aggregate);
  return { plan: Object.freeze(plan), diagnostics: NO_DIAGNOSTICS };
}

/** A plan while it is built, before it is frozen. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The diagnostics of a plan built: one frozen empty list, shared. */
const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/** The warnings of most plans: one frozen empty list, shared. */
const NO_WARNINGS: readonly PlanWarning[] = Object.freeze([]);

function hullOf(windows: readonly TimeWindow[]): TimeWindow {
  let first = windows[0]!;
  let last = windows[0]!;
  for (const w of windows) {
    if (
      w.start < first.start ||
      (w.start === first.start && w.startInclusive && !first.startInclusive)
    )
      first = w;
    if (w.end > last.end || (w.end === last.end && w.endInclusive && !last.endInclusive)) last = w;
  }
  return {
    start: first.start,
    end: last.end,
    startInclusive: first.startInclusive,
    endInclusive: last.endInclusive,
  };
}

/** Freezes a small value built outside the planner (select, aggregate) all the way down. */
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Converts the `windowDays` option into a whole number of ms. */
export function windowMsOf(windowDays: number): number {
  return Math.floor(windowDays * DAY_MS);
}
