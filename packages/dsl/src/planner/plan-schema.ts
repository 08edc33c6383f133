/**
 * The `Plan` format as a zod 4 schema, and as JSON Schema (draft 2020-12) generated from it, so
 * programs in other languages can read plans (`cloverql explain --json`) and anyone can validate
 * one before running it. `plan-schema.test.ts` checks every golden plan against it and that the
 * schema's type is a `Plan`.
 *
 * Imported as `@cloverql/dsl/plan-schema`, not from the package's main entry: zod costs ~100 ms
 * to load, which every CLI start would otherwise pay.
 */
import { z } from 'zod';
import type { Predicate } from '../predicate/predicate.js';
import { PLAN_VERSION } from './plan-types.js';

const ms = z.number().int().describe('an instant in UTC milliseconds');
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const compareOp = z.enum(['=', '!=', '>', '>=', '<', '<=']);
const direction = z.enum(['asc', 'desc']);
const fieldType = z.enum(['time', 'money', 'number', 'string', 'enum', 'boolean', 'id']);

const comparison = z.object({
  kind: z.literal('comparison'),
  field: z.string(),
  op: compareOp,
  value: scalar,
});
const inList = z.object({
  kind: z.literal('in'),
  field: z.string(),
  values: z.array(scalar),
  negated: z.boolean(),
});
const isNull = z.object({ kind: z.literal('isNull'), field: z.string(), negated: z.boolean() });
const constant = z.object({ kind: z.literal('constant'), value: z.boolean() });

/** A normalised predicate (`where` residual, `having`): and/or/not over literals. */
export const predicateSchema: z.ZodType<Predicate> = z
  .lazy(() =>
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('and'), operands: z.array(predicateSchema) }),
      z.object({ kind: z.literal('or'), operands: z.array(predicateSchema) }),
      z.object({ kind: z.literal('not'), operand: predicateSchema }),
      comparison,
      inList,
      isNull,
      constant,
    ]),
  )
  .meta({ id: 'Predicate' });

const timeWindow = z.object({
  start: ms,
  end: ms,
  startInclusive: z.boolean(),
  endInclusive: z.boolean(),
});

const rendered = {
  path: z.string().describe('the request path; {mId} stands for the merchant id'),
  query: z.array(z.tuple([z.string(), z.string()])).describe('query parameters, in order'),
  window: z.number().int().nonnegative().describe('index into windows'),
  stream: z.number().int().nonnegative(),
};
const exportType = z.enum(['ORDERS', 'PAYMENTS']);

const restRequest = z.object({
  kind: z.literal('rest'),
  method: z.literal('GET'),
  ...rendered,
  filters: z
    .array(z.discriminatedUnion('kind', [comparison, inList, isNull]))
    .describe('every filter= param as data, the window bounds first'),
  orderBy: z.object({ field: z.string(), direction }).nullable(),
  pageLimit: z.number().int().positive(),
});
const exportRequest = z.object({
  kind: z.literal('export'),
  method: z.literal('POST'),
  ...rendered,
  body: z.object({ type: exportType, startTime: ms, endTime: ms }),
  type: exportType,
  startTime: ms,
  endTime: ms,
});

const groupKey = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('field'),
    key: z.string(),
    field: z.string(),
    path: z.string(),
    type: fieldType,
  }),
  z.object({
    kind: z.literal('bucket'),
    key: z.string(),
    unit: z.enum(['hour', 'day', 'week', 'month', 'year']),
    field: z.string(),
    path: z.string(),
    weekStart: z
      .enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
      .nullable(),
  }),
]);

const aggregate = z.object({
  groupBy: z.array(groupKey),
  aggregates: z.array(
    z.object({
      key: z.string(),
      fn: z.enum(['count', 'sum', 'avg', 'min', 'max']),
      field: z.string().nullable(),
      path: z.string().nullable(),
      type: fieldType.nullable(),
      distinct: z.boolean(),
    }),
  ),
  output: z.array(z.object({ name: z.string(), key: z.string() })),
  having: predicateSchema.nullable(),
  orderBy: z.object({ key: z.string(), direction }).nullable(),
  limit: z.number().int().positive().nullable(),
  tz: z.string(),
});

/**
 * The zod schema of a `Plan`.
 *
 * @example
 * const plan = planSchema.parse(JSON.parse(text)); // throws on anything that is not a plan
 */
export const planSchema = z
  .object({
    version: z.literal(PLAN_VERSION),
    source: z.string(),
    resource: z.enum(['orders', 'payments', 'refunds']),
    kind: z.enum(['rest', 'export']),
    timeField: z.string(),
    range: timeWindow.nullable(),
    windows: z.array(timeWindow),
    requests: z.array(z.discriminatedUnion('kind', [restRequest, exportRequest])),
    residual: predicateSchema.nullable(),
    limit: z.number().int().positive().nullable(),
    orderBy: z.object({ field: z.string(), direction }).nullable(),
    pageSize: z.number().int().positive(),
    now: ms,
    tz: z.string(),
    warnings: z.array(
      z.object({
        code: z.enum(['NO_TIME_BOUND', 'EMPTY_RANGE', 'CONTRADICTION']),
        message: z.string(),
      }),
    ),
    select: z
      .object({
        columns: z.array(z.object({ name: z.string(), field: z.string(), path: z.string() })),
      })
      .exactOptional(),
    aggregate: aggregate.exactOptional(),
  })
  .describe('a cloverql plan: the Clover requests that answer a query');

/**
 * The JSON Schema (draft 2020-12) of a `Plan`, generated from `planSchema` with zod's
 * `z.toJSONSchema`. `@cloverql/dsl` exports a generated copy, `PLAN_JSON_SCHEMA`, so importing the
 * compiler does not load zod; `plan-schema.test.ts` keeps the copy equal to this.
 */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema) as Record<string, unknown>;
}
