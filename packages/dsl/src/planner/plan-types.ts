import type { ResourceName } from '../catalogue/catalogue.js';
import type { Predicate } from '../predicate/predicate.js';

/** The plan format version; bumped on any incompatible change to `Plan`. */
export const PLAN_VERSION = 1;

/** A time interval in UTC ms with explicit ends. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
  readonly startInclusive: boolean;
  readonly endInclusive: boolean;
}

/** One request template. `path` holds `{mId}`; paging params (`offset`) are added by the runner. */
export interface PlanRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly body?: unknown;
  /** Index into `Plan.windows` of the window this request covers. */
  readonly window: number;
  /** Which request stream (one per `or` branch split out by the planner) this belongs to. */
  readonly stream: number;
}

/** Something the user should know about a plan that is not an error. */
export interface PlanWarning {
  readonly code: 'NO_TIME_BOUND' | 'EMPTY_RANGE' | 'CONTRADICTION';
  readonly message: string;
}

/**
 * A compiled query: frozen, plain JSON. Executing every request, paging each until a short page,
 * de-duplicating by id and keeping only records that satisfy `residual` gives exactly the records
 * the query asks for; then `orderBy` and `limit` apply.
 */
export interface Plan {
  readonly version: typeof PLAN_VERSION;
  /** The query text the plan was compiled from. */
  readonly source: string;
  readonly resource: ResourceName;
  readonly kind: 'rest' | 'export';
  /** The time field the windows split. */
  readonly timeField: string;
  /** The overall range covered (the hull of all windows), or null when the plan is empty. */
  readonly range: TimeWindow | null;
  readonly windows: readonly TimeWindow[];
  readonly requests: readonly PlanRequest[];
  /** What the client must check on every record; null when the server filters are exact. */
  readonly residual: Predicate | null;
  readonly limit: number | null;
  readonly orderBy: { readonly field: string; readonly direction: 'asc' | 'desc' } | null;
  /** The page size (`limit` param) of REST requests. */
  readonly pageSize: number;
  /** The instant the plan treated as "now" (UTC ms). */
  readonly now: number;
  /** The IANA zone dates were read in. */
  readonly tz: string;
  readonly warnings: readonly PlanWarning[];
}
