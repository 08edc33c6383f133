import type { FieldType, ResourceName } from '../catalogue/catalogue.js';
import type {
  ComparisonPredicate,
  InPredicate,
  IsNullPredicate,
  Predicate,
} from '../predicate/predicate.js';

/**
 * The plan format version; bumped on any incompatible change to `Plan`. Version 2: each request
 * has a `kind` (`rest` or `export`) and its structured form beside the rendered one; a plan may
 * carry `select` or `aggregate`.
 */
export const PLAN_VERSION = 2;

/** A time interval in UTC ms with explicit ends. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
  readonly startInclusive: boolean;
  readonly endInclusive: boolean;
}

/**
 * The rendered HTTP form every request has: what `toCurl`, `explain` and clients written against
 * plan version 1 read. `path` holds `{mId}`; paging params (`offset`) are added by the runner.
 */
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

/** A condition the server evaluates: one `filter=` parameter, as data. */
export type ServerFilter = ComparisonPredicate | InPredicate | IsNullPredicate;

/**
 * A REST list request (`GET /v3/merchants/{mId}/<resource>`), structured: its filters as data (the
 * window's time bounds first, in the order of the `filter` params of `query`), the server-side
 * order and the page size. The rendered `method`/`path`/`query` say the same.
 */
export interface RestRequest extends PlanRequest {
  readonly kind: 'rest';
  readonly method: 'GET';
  readonly body?: undefined;
  readonly filters: readonly ServerFilter[];
  /** The server-side order (only ever on the plan's time field), or null. */
  readonly orderBy: { readonly field: string; readonly direction: 'asc' | 'desc' } | null;
  /** The `limit` param: records per page. */
  readonly pageLimit: number;
}

/** An Export API request (`POST /v3/merchants/{mId}/exports`); `body` holds the same three fields. */
export interface ExportRequest extends PlanRequest {
  readonly kind: 'export';
  readonly method: 'POST';
  readonly body: {
    readonly type: 'ORDERS' | 'PAYMENTS';
    readonly startTime: number;
    readonly endTime: number;
  };
  readonly type: 'ORDERS' | 'PAYMENTS';
  /** First instant exported (UTC ms, inclusive). */
  readonly startTime: number;
  /** Last instant exported (UTC ms, inclusive). */
  readonly endTime: number;
}

/** A request of a plan: REST or export, told apart by `kind`. */
export type PlanRequestV2 = RestRequest | ExportRequest;

/** Something the user should know about a plan that is not an error. */
export interface PlanWarning {
  readonly code: 'NO_TIME_BOUND' | 'EMPTY_RANGE' | 'CONTRADICTION';
  readonly message: string;
}

/** Units of the time-bucket functions `hour(…)` to `year(…)`. */
export type BucketUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** Days a `week(…)` bucket may start on. */
export type Weekday =
  | 'monday'
  | 'tuesday'
  | 'wednesday'
  | 'thursday'
  | 'friday'
  | 'saturday'
  | 'sunday';

/** The aggregate functions. */
export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max';

/**
 * One column of a select list without grouping: the record's value at `path`, stored in the row
 * under `name` (the alias, else the field as written).
 */
export interface SelectColumn {
  readonly name: string;
  readonly field: string;
  /** Where the value lives in a record (the catalogue's `path`, else the field name). */
  readonly path: string;
}

/** `select` without aggregates: each record becomes a row of exactly these columns. */
export interface SelectSpec {
  readonly columns: readonly SelectColumn[];
}

/** A group key that is a field's value: `tender.label`. */
export interface FieldGroupKey {
  readonly kind: 'field';
  /** The key's text (`tender.label`): its name in rows, having and order by. */
  readonly key: string;
  readonly field: string;
  readonly path: string;
  readonly type: FieldType;
}

/**
 * A group key that is a time bucket: `day(createdTime)`. Its value is the bucket's start in UTC ms,
 * buckets being calendar hours, days, weeks, months or years in the aggregate's `tz`.
 */
export interface BucketGroupKey {
  readonly kind: 'bucket';
  /** The key's text without spaces: `week(createdTime,sunday)`. */
  readonly key: string;
  readonly unit: BucketUnit;
  readonly field: string;
  readonly path: string;
  /** The first day of a week (`week` buckets only; `monday` unless the query names one). */
  readonly weekStart: Weekday | null;
}

export type GroupKey = FieldGroupKey | BucketGroupKey;

/** An aggregate computed per group: `count()`, `count(distinct tender.id)`, `sum(amount)`. */
export interface AggregateColumn {
  /** The aggregate's text without spaces (`sum(amount)`; `count(distinct x)` keeps one space). */
  readonly key: string;
  readonly fn: AggregateFunction;
  /** The field aggregated; null for `count()`. */
  readonly field: string | null;
  readonly path: string | null;
  /** The field's type (`money` sums exactly in cents); null for `count()`. */
  readonly type: FieldType | null;
  readonly distinct: boolean;
}

/**
 * Grouping and aggregation done by the client after filtering (see `createAggregator`). One row
 * per group; the row's properties are `output`, in order. `orderBy` and `limit` apply to groups,
 * after `having`; the plan's own `orderBy` and `limit` are then null, so nothing about them is
 * sent to the server.
 */
export interface AggregateSpec {
  /** Group keys; empty for a query like `select count()` (one group of every record). */
  readonly groupBy: readonly GroupKey[];
  /** Every aggregate the query needs: those selected and those only named by having/order by. */
  readonly aggregates: readonly AggregateColumn[];
  /** Row properties in order: `name` in the row, and the `key` of the group key or aggregate. */
  readonly output: readonly { readonly name: string; readonly key: string }[];
  /** Condition on groups; its fields are keys of group keys and aggregates. */
  readonly having: Predicate | null;
  readonly orderBy: { readonly key: string; readonly direction: 'asc' | 'desc' } | null;
  readonly limit: number | null;
  /** The zone time buckets are cut in (the query's `tz`). */
  readonly tz: string;
}

/**
 * A compiled query: frozen, plain JSON. Executing every request, paging each until a short page,
 * de-duplicating by id and keeping only records that satisfy `residual` gives exactly the records
 * the query asks for; then `orderBy` and `limit` apply. With `select`, each record then becomes a
 * row (`projectRecord`); with `aggregate`, the records are grouped instead (`createAggregator`).
 * `R` is the resource when it is known at the type level (see `compile`), so a runner can type
 * the records it yields (`RecordOf<R>`).
 */
export interface Plan<R extends ResourceName = ResourceName> {
  readonly version: typeof PLAN_VERSION;
  /** The query text the plan was compiled from. */
  readonly source: string;
  readonly resource: R;
  readonly kind: 'rest' | 'export';
  /** The time field the windows split. */
  readonly timeField: string;
  /** The overall range covered (the hull of all windows), or null when the plan is empty. */
  readonly range: TimeWindow | null;
  readonly windows: readonly TimeWindow[];
  readonly requests: readonly PlanRequestV2[];
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
  /** Present when the query has a select list and no aggregates: the columns of each row. */
  readonly select?: SelectSpec;
  /** Present when the query groups or aggregates: rows are groups, not records. */
  readonly aggregate?: AggregateSpec;
}
