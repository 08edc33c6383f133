/**
 * @cloverql/dsl — the cloverql query language: a pure compiler from query text to a plan of
 * Clover API requests, plus the field catalogue and Clover's limits that the mock server and the
 * client share with it.
 *
 * @example
 * import { compile, explain } from '@cloverql/dsl';
 * const plan = compile('payments where createdTime >= 2024-01-01 and amount > $10', { now: Date.now() });
 * console.log(explain(plan));
 */

export {
  type Aggregator,
  createAggregator,
  type Row,
  type RowValue,
} from './aggregate/aggregator.js';
export { compareRowValues, compileHaving, type GroupMatcher } from './aggregate/having.js';
export { projectRecord, rowColumns } from './aggregate/project.js';
export { type BucketRule, bucketOf } from './aggregate/time-bucket.js';
export {
  CATALOGUE,
  type FieldSpec,
  type FieldType,
  RESOURCE_NAMES,
  type ResourceName,
  type ResourceSpec,
} from './catalogue/catalogue.js';
export {
  allowedFilterFields,
  fieldOperators,
  fieldPath,
  fieldSpec,
  isResourceName,
  readPath,
  resourceSpec,
} from './catalogue/lookup.js';
export type {
  CardEntryType,
  CardTransactionType,
  CardType,
  Order,
  OrderState,
  Payment,
  PaymentResult,
  PaymentState,
  PayType,
  RecordOf,
  RecordTypes,
  Refund,
  VoidReason,
} from './catalogue/records.js';
export { suggest } from './check/suggest.js';
export {
  type CompileOptions,
  type CompileResult,
  compile,
  MAX_QUERY_LENGTH,
  type QueryResource,
  tryCompile,
} from './compile.js';
export { complete, completionStart } from './complete/complete.js';
export {
  type Diagnostic,
  QueryError,
  type QueryErrorCode,
  type Span,
} from './errors/query-error.js';
export {
  CLAMP_DAYS,
  CLAMP_MS,
  DAY_MS,
  EXPORT_FILE_OBJECTS,
  EXPORT_MAX_DAYS,
  EXPORT_MAX_MS,
  EXPORT_TTL_MS,
  HOUR_MS,
  IN_LIST_MAX,
  MINUTE_MS,
  NESTED_LIST_MAX,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  RATE_LIMITS,
  REGION_BASE_URLS,
  REGIONS,
  type Region,
  SECOND_MS,
} from './limits/clover-limits.js';
export {
  describeExportHours,
  EXPORT_HOURS,
  EXPORT_REGIONS,
  type ExportOpening,
  type ExportRegion,
  exportRegionOf,
  isExportOpen,
  nextExportOpening,
} from './limits/export-hours.js';
export { PLAN_JSON_SCHEMA } from './planner/plan-json-schema.js';
export {
  type AggregateColumn,
  type AggregateFunction,
  type AggregateSpec,
  type BucketGroupKey,
  type BucketUnit,
  type ExportRequest,
  type FieldGroupKey,
  type GroupKey,
  PLAN_VERSION,
  type Plan,
  type PlanRequest,
  type PlanRequestV2,
  type PlanWarning,
  type RestRequest,
  type SelectColumn,
  type SelectSpec,
  type ServerFilter,
  type TimeWindow,
  type Weekday,
} from './planner/plan-types.js';
export { isTimeFiltered } from './planner/time-filtered.js';
export type { Bound, TimeRange } from './planner/time-range.js';
export { compileMatcher, evaluate, type Matcher, type Truth } from './predicate/evaluate.js';
export type {
  AndPredicate,
  CompareOp,
  ComparisonPredicate,
  ConstantPredicate,
  InPredicate,
  IsNullPredicate,
  NotPredicate,
  OrPredicate,
  Predicate,
  Scalar,
} from './predicate/predicate.js';
export { type CurlOptions, toCurl } from './render/curl.js';
export { explain, formatWindow } from './render/explain.js';
export { formatPredicate } from './render/format-predicate.js';
