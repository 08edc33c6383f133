/**
 * Semantic checks on the surface AST: the resource exists (and can be exported when asked), every
 * field exists on it, operators suit the field's type, values have the right type, enum values
 * exist, dates are real dates, `limit` is sensible. Collects every problem; never throws.
 */

import type { ExprNode, FieldRef, HavingNode, QueryNode, ValueNode } from '../ast/nodes.js';
import type { FieldSpec, ResourceSpec } from '../catalogue/catalogue.js';
import {
  CATALOGUE,
  deletionTimeFields,
  fieldNamed,
  RESOURCE_NAMES,
} from '../catalogue/catalogue.js';
import { canonicalEnumValue } from '../catalogue/lookup.js';
import type { Diagnostic, Span } from '../errors/query-error.js';
import { daysInMonth } from '../normalize/time-zone.js';
import { assertNever, type CompareOp } from '../predicate/predicate.js';
import { type AggregateShape, checkShape, type QueryShape } from './check-shape.js';
import { suggest } from './suggest.js';

/** Largest `limit` accepted. */
export const MAX_LIMIT = 1_000_000_000;

/** A query whose names resolved: the input of normalisation. */
export interface CheckedQuery {
  readonly ast: QueryNode;
  readonly resource: ResourceSpec;
  /** What the rows are: records, projected records or groups. */
  readonly shape: QueryShape;
}

export interface CheckResult {
  readonly query: CheckedQuery | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Checks a parsed query; `query` is undefined when any diagnostic was found. */
export function check(ast: QueryNode): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const name = ast.resource.name;
  const resource = resourceNamed(name);
  if (resource === undefined) {
    const guess = suggest(name, RESOURCE_NAMES);
    diagnostics.push({
      code: 'UNKNOWN_RESOURCE',
      message: `unknown resource '${name}'`,
      span: ast.resource.span,
      expected: [...RESOURCE_NAMES],
      hint: guess ? `did you mean ${guess}?` : `resources are ${RESOURCE_NAMES.join(', ')}`,
    });
    return { query: undefined, diagnostics };
  }
  if (ast.isExport && resource.exportType === null) {
    const exportable = RESOURCE_NAMES.filter((r) => CATALOGUE[r].exportType !== null);
    diagnostics.push({
      code: 'NOT_EXPORTABLE',
      message: `the Export API cannot export ${name}`,
      span: ast.resource.span,
      hint: `exports exist for ${exportable.join(' and ')}; drop 'export' to read ${name} over REST`,
    });
  }
  const ctx: Ctx = { resource, diagnostics };
  if (ast.where) {
    checkExpr(ast.where, ctx);
    checkDeletionBounds(ast.where, ast.isExport, ctx);
  }
  const { shape } = checkShape(ast, {
    resource,
    diagnostics,
    resolveField: (ref) => resolveField(ref, ctx),
  });
  if (shape?.kind === 'aggregate' && shape.having) checkHaving(shape.having, shape, ctx);
  if (ast.limit) {
    const { value, span } = ast.limit;
    if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
      diagnostics.push({
        code: 'INVALID_LIMIT',
        message: `limit must be a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}`,
        span,
      });
    }
  }
  return {
    query: diagnostics.length === 0 && shape ? { ast, resource, shape } : undefined,
    diagnostics,
  };
}

const RESOURCE_SPECS: readonly ResourceSpec[] = RESOURCE_NAMES.map((r) => CATALOGUE[r]);

/**
 * The resource called `name`, if any. A scan of the three names rather than `CATALOGUE[name]`:
 * the name is a slice of the query, and indexing an object with such a string makes V8 look it
 * up in its string table first.
 */
function resourceNamed(name: string): ResourceSpec | undefined {
  for (let i = 0; i < RESOURCE_NAMES.length; i++)
    if (RESOURCE_NAMES[i] === name) return RESOURCE_SPECS[i];
  return undefined;
}

/** What the checks share: the resource and the diagnostics collected so far. */
export interface Ctx {
  readonly resource: ResourceSpec;
  readonly diagnostics: Diagnostic[];
}

function checkExpr(e: ExprNode, ctx: Ctx): void {
  switch (e.kind) {
    case 'and':
    case 'or':
      for (const o of e.operands) checkExpr(o, ctx);
      return;
    case 'not':
      checkExpr(e.operand, ctx);
      return;
    case 'comparison': {
      const f = resolveField(e.field, ctx);
      if (!f) return;
      if (e.value.kind === 'null') {
        if (e.op !== '=' && e.op !== '!=') {
          ctx.diagnostics.push({
            code: 'TYPE_MISMATCH',
            message: `'${e.op}' cannot compare with null`,
            span: e.value.span,
            hint: `use ${e.field.name} is null or ${e.field.name} is not null`,
          });
        }
        return;
      }
      checkOperator(f, { op: e.op, field: e.field }, ctx);
      checkValue(f, e.value, ctx);
      return;
    }
    case 'between': {
      const f = resolveField(e.field, ctx);
      if (!f) return;
      if (!isOrdered(f)) {
        ctx.diagnostics.push({
          code: 'INVALID_OPERATOR',
          message: `between needs an ordered field; ${f.name} is ${article(f.type)}`,
          span: e.span,
          hint: f.type === 'boolean' ? `use ${f.name} = true` : `use ${f.name} in (...)`,
        });
        return;
      }
      checkValue(f, e.low, ctx);
      checkValue(f, e.high, ctx);
      return;
    }
    case 'in': {
      const f = resolveField(e.field, ctx);
      if (!f) return;
      for (const v of e.values) {
        if (v.kind === 'null') {
          ctx.diagnostics.push({
            code: 'TYPE_MISMATCH',
            message: 'null cannot be in an in (...) list',
            span: v.span,
            hint: `add "or ${f.name} is null" instead`,
          });
        } else {
          checkValue(f, v, ctx);
        }
      }
      return;
    }
    case 'isNull':
      resolveField(e.field, ctx);
      return;
    default:
      assertNever(e);
  }
}

/**
 * A deletion field (orders' `deletedTime`) only as a top-level range bound of a REST query:
 * Clover returns deleted records only to requests that filter on it, so anywhere else (inside
 * `or` or `not`, `is null`, `!=`, `in`) the plan could not fetch the records the condition
 * names, and the answer would be silently short. The Export API leaves deleted orders out.
 */
function checkDeletionBounds(where: ExprNode, isExport: boolean, ctx: Ctx): void {
  // Only a resource with a deletion field (orders) has anything to check: skip building the walk.
  if (deletionTimeFields(ctx.resource).length === 0) return;
  // The top-level conjuncts, collected only once a deletion field is met (most queries have none).
  let topLevel: Set<ExprNode> | null = null;
  const collect = (e: ExprNode, into: Set<ExprNode>): Set<ExprNode> => {
    if (e.kind === 'and') for (const o of e.operands) collect(o, into);
    else into.add(e);
    return into;
  };
  const isTopLevel = (e: ExprNode): boolean => {
    if (topLevel === null) topLevel = collect(where, new Set());
    return topLevel.has(e);
  };
  const visit = (e: ExprNode): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        e.operands.forEach(visit);
        return;
      case 'not':
        visit(e.operand);
        return;
      default: {
        const f = fieldNamed(ctx.resource, e.field.name);
        if (!f?.deletion) return;
        const range =
          (e.kind === 'comparison' && e.op !== '!=' && e.value.kind !== 'null') ||
          e.kind === 'between';
        if (isExport) {
          ctx.diagnostics.push({
            code: 'UNSUPPORTED_CONDITION',
            message: `the Export API leaves deleted ${ctx.resource.name} out, so ${f.name} cannot be exported`,
            span: e.field.span,
            hint: `drop 'export' to read deleted ${ctx.resource.name} over REST`,
          });
        } else if (!range || !isTopLevel(e)) {
          ctx.diagnostics.push({
            code: 'UNSUPPORTED_CONDITION',
            message: `${f.name} can only bound the whole query (where ${f.name} >= … and …): Clover returns deleted ${ctx.resource.name} only to requests filtering on it`,
            span: e.field.span,
            hint: `query deleted ${ctx.resource.name} on their own, e.g. ${ctx.resource.name} where ${f.name} >= today - 7d`,
          });
        }
      }
    }
  };
  visit(where);
}

/** Operators and literals of a having condition, against the type of each operand's values. */
function checkHaving(h: HavingNode, shape: AggregateShape, ctx: Ctx): void {
  switch (h.kind) {
    case 'havingAnd':
    case 'havingOr':
      for (const o of h.operands) checkHaving(o, shape, ctx);
      return;
    case 'havingNot':
      checkHaving(h.operand, shape, ctx);
      return;
    case 'havingIsNull':
      return;
    case 'havingComparison': {
      const resolved = shape.operands.get(h.operand);
      if (!resolved) return;
      const f = resolved.spec;
      if (h.value.kind === 'null') {
        if (h.op !== '=' && h.op !== '!=') {
          ctx.diagnostics.push({
            code: 'TYPE_MISMATCH',
            message: `'${h.op}' cannot compare with null`,
            span: h.value.span,
            hint: `use ${f.name} is null or ${f.name} is not null`,
          });
        }
        return;
      }
      const ref: FieldRef = { kind: 'field', name: f.name, span: h.operand.span };
      checkOperator(f, { op: h.op, field: ref }, ctx);
      checkValue(f, h.value, ctx);
      return;
    }
    default:
      assertNever(h);
  }
}

function resolveField(ref: FieldRef, ctx: Ctx): FieldSpec | undefined {
  const spec = fieldNamed(ctx.resource, ref.name);
  if (spec) return spec;
  const names = ctx.resource.fields.map((f) => f.name);
  const guess = suggest(ref.name, names);
  ctx.diagnostics.push({
    code: 'UNKNOWN_FIELD',
    message: `${ctx.resource.name} has no field '${ref.name}'`,
    span: ref.span,
    expected: names,
    hint: guess
      ? `did you mean ${guess}?`
      : `fields of ${ctx.resource.name}: ${names.slice(0, 12).join(', ')}, …`,
  });
  return undefined;
}

const isOrdered = (f: FieldSpec) =>
  f.type === 'time' || f.type === 'money' || f.type === 'number' || f.type === 'string';

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function checkOperator(f: FieldSpec, at: { op: CompareOp; field: FieldRef }, ctx: Ctx): void {
  if (isOrdered(f) || at.op === '=' || at.op === '!=') return;
  ctx.diagnostics.push({
    code: 'INVALID_OPERATOR',
    message: `'${at.op}' does not apply to ${f.name}, which is ${article(f.type)}`,
    span: at.field.span,
    expected: ['=', '!=', 'in', 'is null'],
    hint:
      f.type === 'enum'
        ? `use = or in (...) with values ${(f.values ?? []).join(', ')}`
        : 'use = or !=',
  });
}

function mismatch(f: FieldSpec, v: ValueNode, hint: string): Diagnostic {
  return {
    code: 'TYPE_MISMATCH',
    message: `${f.name} is ${article(f.type)} field; ${describe(v)} does not fit it`,
    span: v.span,
    hint,
  };
}

function describe(v: ValueNode): string {
  switch (v.kind) {
    case 'number':
      return `the number ${v.text}`;
    case 'money':
      return 'a money amount';
    case 'string':
      return `the string '${v.value.length > 20 ? `${v.value.slice(0, 20)}…` : v.value}'`;
    case 'boolean':
      return `${v.value}`;
    case 'null':
      return 'null';
    case 'date':
      return 'a date';
    case 'datetime':
      return 'a date and time';
    case 'relative':
      return `'${v.base}'`;
    default:
      return assertNever(v);
  }
}

/** Checks that literal `v` suits field `f` (type, enum value, real date); else a diagnostic. */
export function checkValue(f: FieldSpec, v: ValueNode, ctx: Ctx): void {
  const d = valueProblem(f, v);
  if (d) ctx.diagnostics.push(d);
}

function valueProblem(f: FieldSpec, v: ValueNode): Diagnostic | undefined {
  switch (f.type) {
    case 'time':
      if (v.kind === 'date' || v.kind === 'datetime') return dateProblem(v);
      if (v.kind === 'relative') return undefined;
      if (v.kind === 'number') {
        return Number.isSafeInteger(v.value)
          ? undefined
          : {
              code: 'INVALID_NUMBER',
              message: `a time as a number must be whole UTC milliseconds, not ${v.text}`,
              span: v.span,
            };
      }
      return mismatch(
        f,
        v,
        v.kind === 'string'
          ? `write dates without quotes: ${f.name} >= 2024-01-31`
          : 'use a date, a datetime, unix ms or now/today/yesterday',
      );
    case 'money':
      if (v.kind === 'money') return safeCents(v.cents, v.span);
      if (v.kind === 'number') {
        return Number.isInteger(v.value)
          ? safeCents(v.value, v.span)
          : {
              code: 'INVALID_NUMBER',
              message: `${f.name} is in cents, so ${v.text} is not a whole amount`,
              span: v.span,
              hint: `write dollars with a $: $${v.text}`,
            };
      }
      return mismatch(f, v, `write cents (1250) or dollars ($12.50)`);
    case 'number':
      if (v.kind === 'number') {
        return Number.isFinite(v.value)
          ? undefined
          : { code: 'INVALID_NUMBER', message: `${v.text} is out of range`, span: v.span };
      }
      return mismatch(f, v, 'use a number');
    case 'string':
    case 'id':
      return v.kind === 'string'
        ? undefined
        : mismatch(f, v, v.kind === 'number' ? `quote it: '${v.text}'` : `use a quoted string`);
    case 'boolean':
      if (v.kind === 'boolean') return undefined;
      return mismatch(
        f,
        v,
        v.kind === 'string' && /^(true|false)$/i.test(v.value)
          ? `write ${v.value.toLowerCase()} without quotes`
          : 'use true or false',
      );
    case 'enum': {
      if (v.kind !== 'string')
        return mismatch(
          f,
          v,
          `use a quoted value: ${(f.values ?? []).map((x) => `'${x}'`).join(', ')}`,
        );
      if (canonicalEnumValue(f, v.value) !== undefined) return undefined;
      const values = f.values ?? [];
      const guess = suggest(v.value, values);
      return {
        code: 'UNKNOWN_ENUM_VALUE',
        message: `'${v.value}' is not a value of ${f.name}`,
        span: v.span,
        expected: [...values],
        hint: guess ? `did you mean '${guess}'?` : `values: ${values.join(', ')}`,
      };
    }
    default:
      return assertNever(f.type);
  }
}

function safeCents(
  cents: number,
  span: { offset: number; length: number },
): Diagnostic | undefined {
  return Number.isSafeInteger(cents)
    ? undefined
    : { code: 'INVALID_NUMBER', message: 'the amount is too large', span };
}

/** INVALID_DATE (a function rather than a closure over the value: every date comes here). */
function badDate(span: Span, why: string): Diagnostic {
  return { code: 'INVALID_DATE', message: `invalid date: ${why}`, span };
}

function dateProblem(v: ValueNode & { kind: 'date' | 'datetime' }): Diagnostic | undefined {
  if (v.year < 1970 || v.year > 9999) return badDate(v.span, `year ${v.year} is outside 1970-9999`);
  if (v.month < 1 || v.month > 12) return badDate(v.span, `month ${v.month} does not exist`);
  if (v.day < 1 || v.day > daysInMonth(v.year, v.month)) {
    return badDate(
      v.span,
      `${String(v.year)}-${String(v.month).padStart(2, '0')} has no day ${v.day}`,
    );
  }
  if (v.kind === 'datetime') {
    if (v.hour > 23 || v.minute > 59 || v.second > 59)
      return badDate(v.span, 'time of day out of range');
    if (v.offset !== null) {
      if (v.offset.minutes > 59)
        return badDate(v.span, `UTC offset minutes run to 59, not ${v.offset.minutes}`);
      if (v.offset.hours * 60 + v.offset.minutes > 14 * 60)
        return badDate(v.span, 'UTC offset beyond ±14:00');
    }
  }
  return undefined;
}
