/**
 * Normalisation: the checked AST becomes a `Predicate` over plain values. Dates become UTC ms in
 * the `tz` option's zone (a date is a whole day, so `createdTime <= 2024-01-31` includes all of
 * the 31st, as Clover's own docs read it), relative times resolve against the injected `now`,
 * money becomes cents, enum values their canonical spelling, `between` two comparisons and
 * `= null` an `is null`.
 */

import type { ExprNode, HavingNode, ValueNode } from '../ast/nodes.js';
import { type FieldSpec, fieldNamed, type ResourceSpec } from '../catalogue/catalogue.js';
import { canonicalEnumValue } from '../catalogue/lookup.js';
import type { CheckedQuery } from '../check/check.js';
import type { AggregateShape, ResolvedOperand } from '../check/check-shape.js';
import type { Diagnostic } from '../errors/query-error.js';
import type { AggregateSpec, SelectSpec } from '../planner/plan-types.js';
import {
  and,
  assertNever,
  type CompareOp,
  comparison,
  constant,
  inList,
  isNull,
  not,
  or,
  type Predicate,
  type Scalar,
} from '../predicate/predicate.js';
import { resolveTime, type TimeValue } from './time-value.js';

/**
 * The instants a query may name: the years 1970 to 9999 that dates may have, with a day to spare
 * at each end for the time zones east and west of UTC. Anything beyond is rejected, not only
 * because it cannot be a real record time but because a range reaching back to year -270000
 * would be cut into a million 90-day windows.
 */
export const EARLIEST_TIME = Date.UTC(1969, 11, 31);
export const LATEST_TIME = Date.UTC(10000, 0, 2);

/** A query in normal form: the input of the planner. */
export interface NormalQuery {
  readonly resource: ResourceSpec;
  readonly isExport: boolean;
  readonly predicate: Predicate;
  readonly orderBy: { readonly field: string; readonly direction: 'asc' | 'desc' } | null;
  readonly limit: number | null;
  readonly now: number;
  readonly tz: string;
  /** The select list of a query without aggregates, else null. */
  readonly select: SelectSpec | null;
  /** Grouping and aggregates, else null; `orderBy` and `limit` above are then null. */
  readonly aggregate: AggregateSpec | null;
}

export interface NormalizeResult {
  readonly query: NormalQuery | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Normalises a checked query against `now` (UTC ms) in IANA zone `tz`. */
export function normalize(
  checked: CheckedQuery,
  ctx: { now: number; tz: string },
): NormalizeResult {
  const { ast, resource, shape } = checked;
  const diagnostics: Diagnostic[] = [];
  const env: Env = { resource, now: ctx.now, tz: ctx.tz, diagnostics };
  const predicate = ast.where ? expr(ast.where, env) : constant(true);
  const direction = ast.orderBy?.direction ?? 'asc';
  const limit = ast.limit?.value ?? null;
  let aggregate: AggregateSpec | null = null;
  if (shape.kind === 'aggregate') {
    aggregate = {
      groupBy: shape.groupBy,
      aggregates: shape.aggregates,
      output: shape.output,
      having: shape.having ? having(shape.having, shape, env) : null,
      orderBy: shape.orderKey === null ? null : { key: shape.orderKey, direction },
      limit,
      tz: ctx.tz,
    };
  }
  if (diagnostics.length > 0) return { query: undefined, diagnostics };
  // With groups, order and limit apply to the groups (in `aggregate`), never to the records.
  const orderField = shape.kind === 'aggregate' ? null : shape.orderField;
  return {
    query: {
      resource,
      isExport: ast.isExport,
      predicate,
      orderBy: orderField === null ? null : recordOrder(resource, orderField, direction),
      limit: aggregate ? null : limit,
      now: ctx.now,
      tz: ctx.tz,
      select: shape.kind === 'select' ? shape.spec : null,
      aggregate,
    },
    diagnostics,
  };
}

/** Frozen record orders by field spec, shared by every query that orders by that field. */
const RECORD_ORDERS = new WeakMap<FieldSpec, { asc: RecordOrder; desc: RecordOrder }>();

type RecordOrder = NonNullable<NormalQuery['orderBy']>;

/**
 * `order by field direction`, frozen (it goes into the plan as it is). Shared per catalogue field:
 * each Object.freeze is a call into the runtime, about 70 ns on Node 20.
 */
function recordOrder(
  resource: ResourceSpec,
  field: string,
  direction: 'asc' | 'desc',
): RecordOrder {
  const spec = fieldNamed(resource, field);
  if (spec === undefined) return Object.freeze({ field, direction });
  let orders = RECORD_ORDERS.get(spec);
  if (orders === undefined) {
    orders = {
      asc: Object.freeze({ field: spec.name, direction: 'asc' }),
      desc: Object.freeze({ field: spec.name, direction: 'desc' }),
    };
    RECORD_ORDERS.set(spec, orders);
  }
  return orders[direction];
}

/** A having condition as a predicate over the keys of group keys and aggregates. */
function having(h: HavingNode, shape: AggregateShape, env: Env): Predicate {
  const resolved = (e: { kind: string }): ResolvedOperand => {
    const r = shape.operands.get(e as never);
    if (!r) throw new TypeError('normalize: unchecked having operand');
    return r;
  };
  switch (h.kind) {
    case 'havingAnd':
      return and(
        h.operands.map((o) => having(o, shape, env)),
        true,
      );
    case 'havingOr':
      return or(
        h.operands.map((o) => having(o, shape, env)),
        true,
      );
    case 'havingNot':
      return not(having(h.operand, shape, env));
    case 'havingIsNull':
      return isNull(resolved(h.operand).key, h.negated);
    case 'havingComparison': {
      const { key, spec: f } = resolved(h.operand);
      if (h.value.kind === 'null') return isNull(key, h.op === '!=');
      if (f.type === 'time') return timeComparison(key, h.op, time(h.value, env));
      return comparison(key, h.op, scalar(f, h.value));
    }
    default:
      return assertNever(h);
  }
}

interface Env {
  readonly resource: ResourceSpec;
  readonly now: number;
  readonly tz: string;
  readonly diagnostics: Diagnostic[];
}

function spec(env: Env, name: string): FieldSpec {
  const f = fieldNamed(env.resource, name);
  if (!f) throw new TypeError(`normalize: unchecked field ${name}`);
  return f;
}

function expr(e: ExprNode, env: Env): Predicate {
  switch (e.kind) {
    case 'and':
      return and(exprs(e.operands, env), true);
    case 'or':
      return or(exprs(e.operands, env), true);
    case 'not':
      return not(expr(e.operand, env));
    case 'isNull':
      return isNull(e.field.name, e.negated);
    case 'comparison': {
      const f = spec(env, e.field.name);
      if (e.value.kind === 'null') return isNull(f.name, e.op === '!=');
      if (f.type === 'time') return timeComparison(f.name, e.op, time(e.value, env));
      return comparison(f.name, e.op, scalar(f, e.value));
    }
    case 'between': {
      const f = spec(env, e.field.name);
      if (f.type === 'time') {
        return and([
          timeComparison(f.name, '>=', time(e.low, env)),
          timeComparison(f.name, '<=', time(e.high, env)),
        ]);
      }
      return and([
        comparison(f.name, '>=', scalar(f, e.low)),
        comparison(f.name, '<=', scalar(f, e.high)),
      ]);
    }
    case 'in': {
      const f = spec(env, e.field.name);
      if (f.type === 'time') {
        const times = e.values.map((v) => time(v, env));
        const instants: number[] = [];
        for (const t of times) if (t.kind === 'instant') instants.push(t.ms);
        const inside =
          instants.length === times.length
            ? inList(f.name, dedupe(instants))
            : or(times.map((t) => timeComparison(f.name, '=', t)));
        return e.negated ? not(inside) : inside;
      }
      const values = new Array<Scalar>(e.values.length);
      for (let i = 0; i < values.length; i++) values[i] = scalar(f, e.values[i]!);
      return inList(f.name, dedupe(values), e.negated);
    }
    default:
      return assertNever(e);
  }
}

/** The predicates of `operands`, in a new list (a loop: `map` would allocate a closure). */
function exprs(operands: readonly ExprNode[], env: Env): Predicate[] {
  const out = new Array<Predicate>(operands.length);
  for (let i = 0; i < operands.length; i++) out[i] = expr(operands[i]!, env);
  return out;
}

/** The values without repeats, first occurrence kept (SameValueZero, as a Set compares). */
function dedupe(values: Scalar[]): Scalar[] {
  // Lists are nearly always short, and scanning one costs less than building a Set; a long list
  // (they may hold thousands of values) keeps the Set, so the cost stays linear.
  if (values.length > 16) return [...new Set(values)];
  // At most as long as `values`; trimmed at the end (an empty array grows to 16 slots).
  const out = new Array<Scalar>(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let seen = false;
    // SameValueZero, as `includes` and a Set compare: NaN is NaN, and -0 is 0.
    for (let j = 0; j < n && !seen; j++)
      seen = out[j] === v || (Number.isNaN(out[j]) && Number.isNaN(v));
    if (!seen) out[n++] = v;
  }
  out.length = n;
  return out;
}

function time(v: ValueNode, env: Env): TimeValue {
  if (v.kind !== 'number' && v.kind !== 'date' && v.kind !== 'datetime' && v.kind !== 'relative') {
    throw new TypeError(`normalize: unchecked time value ${v.kind}`);
  }
  const t = resolveTime(v, env);
  if (t.kind === 'instant' ? !isNameable(t.ms) : !isNameable(t.start) || !isNameable(t.end)) {
    env.diagnostics.push({
      code: 'INVALID_DATE',
      message: 'the time is out of range: times must lie in the years 1970 to 9999',
      span: v.span,
    });
    return { kind: 'instant', ms: 0 };
  }
  return t;
}

/** Whether a query may name this instant (see EARLIEST_TIME). */
function isNameable(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= EARLIEST_TIME && ms <= LATEST_TIME;
}

/** A comparison with a time value; with a whole day, the operator applies to the day. */
function timeComparison(field: string, op: CompareOp, t: TimeValue): Predicate {
  if (t.kind === 'instant') return comparison(field, op, t.ms);
  switch (op) {
    case '=':
      return and([comparison(field, '>=', t.start), comparison(field, '<', t.end)], true);
    case '!=':
      return or([comparison(field, '<', t.start), comparison(field, '>=', t.end)], true);
    case '>':
      return comparison(field, '>=', t.end);
    case '>=':
      return comparison(field, '>=', t.start);
    case '<':
      return comparison(field, '<', t.start);
    case '<=':
      return comparison(field, '<', t.end);
    default:
      return assertNever(op);
  }
}

function scalar(f: FieldSpec, v: ValueNode): Scalar {
  switch (v.kind) {
    case 'number':
      return v.value;
    case 'money':
      return v.cents;
    case 'string':
      if (f.type === 'enum') return canonicalEnumValue(f, v.value) ?? v.value;
      return v.value;
    case 'boolean':
      return v.value;
    default:
      throw new TypeError(`normalize: unchecked ${v.kind} value for ${f.name}`);
  }
}
