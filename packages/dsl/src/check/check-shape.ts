/**
 * Semantic checks of a query's shape: its select list, group by, having and order by. Decides
 * whether rows are whole records, projected records (`select` without aggregates) or groups (any
 * `group by` or aggregate), resolves every name against the catalogue and gives each group key and
 * aggregate its key text. Collects every problem; never throws.
 */
import type {
  CallNode,
  ExpressionNode,
  FieldRef,
  HavingNode,
  QueryNode,
  SelectItemNode,
} from '../ast/nodes.js';
import {
  type FieldSpec,
  type FieldType,
  fieldNamed,
  type ResourceSpec,
} from '../catalogue/catalogue.js';
import type { Diagnostic, Span } from '../errors/query-error.js';
import type {
  AggregateColumn,
  AggregateFunction,
  BucketUnit,
  GroupKey,
  SelectSpec,
  Weekday,
} from '../planner/plan-types.js';
import { assertNever } from '../predicate/predicate.js';
import { suggest } from './suggest.js';

/** The aggregate function names. */
export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
];
/** The time-bucket function names. */
export const BUCKET_UNITS: readonly BucketUnit[] = ['hour', 'day', 'week', 'month', 'year'];
/** Week start days, Monday first (ISO 8601); `week(x)` starts on Monday. */
export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];
const FUNCTIONS: readonly string[] = [...AGGREGATE_FUNCTIONS, ...BUCKET_UNITS];

/** A having operand once resolved: the key it reads and the type its values have. */
export interface ResolvedOperand {
  readonly key: string;
  /** A field-like spec (name = key) used to check and normalise the literal compared with it. */
  readonly spec: FieldSpec;
}

/** The shape of the rows a query returns. */
export type QueryShape =
  | {
      /** Whole records (no select list, no aggregates): the language before select. */
      readonly kind: 'records';
      readonly orderField: string | null;
    }
  | {
      readonly kind: 'select';
      readonly spec: SelectSpec;
      /** The record field `order by` names (an alias resolved to its field). */
      readonly orderField: string | null;
    }
  | {
      readonly kind: 'aggregate';
      readonly groupBy: readonly GroupKey[];
      readonly aggregates: readonly AggregateColumn[];
      readonly output: readonly { readonly name: string; readonly key: string }[];
      readonly having: HavingNode | null;
      /** How each having operand resolved. */
      readonly operands: ReadonlyMap<ExpressionNode, ResolvedOperand>;
      readonly orderKey: string | null;
    };

/** The shape of a query with grouping or aggregates. */
export type AggregateShape = QueryShape & { kind: 'aggregate' };

interface Ctx {
  readonly resource: ResourceSpec;
  readonly diagnostics: Diagnostic[];
  /** Resolves a field, reporting UNKNOWN_FIELD with a did-you-mean hint when it is not one. */
  readonly resolveField: (ref: FieldRef) => FieldSpec | undefined;
}

/** Whether the query's rows are groups: it groups, or selects an aggregate. */
export function isAggregateQuery(ast: QueryNode): boolean {
  return (
    ast.groupBy !== null ||
    (ast.select?.some((i) => i.expression.kind === 'call' && isAggregateName(i.expression.name)) ??
      false)
  );
}

const isAggregateName = (name: string) =>
  (AGGREGATE_FUNCTIONS as readonly string[]).includes(name.toLowerCase());
const isBucketName = (name: string) =>
  (BUCKET_UNITS as readonly string[]).includes(name.toLowerCase());

/** Checks select, group by, having and order by; `shape` is undefined when any problem is found. */
export function checkShape(
  ast: QueryNode,
  ctx: Ctx,
): { shape: QueryShape | undefined; diagnostics: readonly Diagnostic[] } {
  const before = ctx.diagnostics.length;
  const shape = isAggregateQuery(ast) ? aggregateShape(ast, ctx) : recordShape(ast, ctx);
  if (ast.select || ast.groupBy || ast.having) {
    // Clauses are checked in dependency order (group by before select before having); report in
    // source order. The sort is stable and only touches this query's own diagnostics.
    const mine = ctx.diagnostics.splice(before).sort((a, b) => a.span.offset - b.span.offset);
    ctx.diagnostics.push(...mine);
  }
  return {
    shape: ctx.diagnostics.length === before ? shape : undefined,
    diagnostics: ctx.diagnostics,
  };
}

function recordShape(ast: QueryNode, ctx: Ctx): QueryShape {
  if (ast.having) {
    ctx.diagnostics.push({
      code: 'HAVING_WITHOUT_GROUP',
      message: 'having filters groups, and this query has no group by',
      span: ast.having.span,
      hint: 'add group by, or move the condition to where',
    });
  }
  const select = ast.select;
  const columns: { name: string; field: string; path: string }[] = [];
  // Most queries have no select list: nothing to allocate for one then.
  if (select) {
    for (const item of select) {
      const e = item.expression;
      if (e.kind === 'call') {
        misplacedCall(e, 'in select without group by', ctx);
        continue;
      }
      const f = ctx.resolveField(e);
      if (f)
        columns.push({ name: item.alias?.name ?? e.name, field: f.name, path: f.path ?? f.name });
    }
    checkDuplicates(select, ctx);
  }
  let orderField: string | null = null;
  const order = ast.orderBy?.field;
  if (order?.kind === 'call') misplacedCall(order, 'in order by without group by', ctx);
  else if (order) {
    const aliased = select?.find((i) => i.alias?.name === order.name);
    if (aliased && aliased.expression.kind === 'field') orderField = aliased.expression.name;
    else orderField = ctx.resolveField(order)?.name ?? null;
  }
  return ast.select
    ? { kind: 'select', spec: { columns }, orderField }
    : { kind: 'records', orderField };
}

function misplacedCall(e: CallNode, where: string, ctx: Ctx): void {
  if (!isAggregateName(e.name) && !isBucketName(e.name)) {
    unknownFunction(e, ctx);
    return;
  }
  ctx.diagnostics.push({
    code: 'MISPLACED_FUNCTION',
    message: isAggregateName(e.name)
      ? `${e.name}(…) cannot be used ${where}`
      : `the time bucket ${e.name}(…) can only be used with group by`,
    span: e.span,
    hint: isAggregateName(e.name)
      ? 'aggregates go in the select list; add group by to aggregate per group'
      : `group by ${canonical(e)} to count per ${e.name.toLowerCase()}`,
  });
}

function unknownFunction(e: CallNode, ctx: Ctx): void {
  const guess = suggest(e.name, FUNCTIONS);
  ctx.diagnostics.push({
    code: 'UNKNOWN_FUNCTION',
    message: `unknown function '${e.name}'`,
    span: e.nameSpan,
    expected: [...FUNCTIONS],
    hint: guess ? `did you mean ${guess}?` : `functions are ${FUNCTIONS.join(', ')}`,
  });
}

/** The text a call is known by in rows and plans: lower-case name, no spaces but after distinct. */
export function canonical(e: ExpressionNode): string {
  if (e.kind === 'field') return e.name;
  const option = e.option ? `,${e.option.name.toLowerCase()}` : '';
  const arg = e.argument ? e.argument.name : '';
  return `${e.name.toLowerCase()}(${e.distinct ? 'distinct ' : ''}${arg}${option})`;
}

/** A group key or aggregate resolved from an expression, with its identity for matching. */
type Resolved =
  | { readonly kind: 'key'; readonly key: GroupKey; readonly identity: string }
  | { readonly kind: 'aggregate'; readonly column: AggregateColumn; readonly identity: string };

function aggregateShape(ast: QueryNode, ctx: Ctx): QueryShape {
  const groupBy: GroupKey[] = [];
  const identities = new Set<string>();
  const before = ctx.diagnostics.length;
  for (const e of ast.groupBy ?? []) {
    const r = resolveExpression(e, ctx);
    if (!r) continue;
    if (r.kind === 'aggregate') {
      ctx.diagnostics.push({
        code: 'MISPLACED_FUNCTION',
        message: `cannot group by the aggregate ${r.column.key}`,
        span: e.span,
        hint: 'group by fields or time buckets such as day(createdTime); filter groups with having',
      });
      continue;
    }
    if (identities.has(r.identity)) continue;
    identities.add(r.identity);
    groupBy.push(r.key);
  }

  // A broken group key would make every use of it look ungrouped: report only the key itself.
  const keysOk = ctx.diagnostics.length === before;
  const aggregates: AggregateColumn[] = [];
  const addAggregate = (c: AggregateColumn) => {
    if (!aggregates.some((a) => a.key === c.key)) aggregates.push(c);
  };
  const aliases = new Map<string, string>();
  const selected: { name: string; key: string; isGroupKey: boolean; span: Span }[] = [];
  for (const item of ast.select ?? []) {
    const r = resolveExpression(item.expression, ctx);
    if (!r) continue;
    const key = groupedKey(r, { groupBy, span: item.expression.span, ctx, keysOk });
    if (key === undefined) continue;
    if (r.kind === 'aggregate') addAggregate(r.column);
    const name = item.alias?.name ?? key;
    if (item.alias) aliases.set(item.alias.name, key);
    selected.push({ name, key, isGroupKey: r.kind === 'key', span: item.span });
  }
  const beforeDuplicates = ctx.diagnostics.length;
  checkDuplicates(ast.select ?? [], ctx);

  // Group keys come first, in group-by order (named by an alias when the select list gives one),
  // then the selected aggregates in select order.
  const output = [
    ...groupBy.map((g) => ({
      name: selected.find((s) => s.isGroupKey && s.key === g.key)?.name ?? g.key,
      key: g.key,
    })),
    ...selected.filter((s) => !s.isGroupKey).map((s) => ({ name: s.name, key: s.key })),
  ];
  if (ctx.diagnostics.length === beforeDuplicates) checkRowNames({ selected, output, ctx });

  const operands = new Map<ExpressionNode, ResolvedOperand>();
  const operand = (e: ExpressionNode): string | undefined => {
    if (e.kind === 'field' && aliases.has(e.name)) {
      const key = aliases.get(e.name)!;
      const spec = operandSpec(key, { groupBy, aggregates, ctx });
      if (spec) operands.set(e, { key, spec });
      return key;
    }
    const r = resolveExpression(e, ctx);
    if (!r) return undefined;
    const key = groupedKey(r, { groupBy, span: e.span, ctx, keysOk });
    if (key === undefined) return undefined;
    if (r.kind === 'aggregate') addAggregate(r.column);
    const spec = operandSpec(key, { groupBy, aggregates, ctx });
    if (spec) operands.set(e, { key, spec });
    return key;
  };

  if (ast.having) {
    if (ast.groupBy === null) {
      ctx.diagnostics.push({
        code: 'HAVING_WITHOUT_GROUP',
        message: 'having filters groups, and this query has no group by',
        span: ast.having.span,
        hint: 'add group by, or move the condition to where',
      });
    } else {
      forEachOperand(ast.having, operand);
    }
  }
  const orderKey = ast.orderBy ? (operand(ast.orderBy.field) ?? null) : null;
  return {
    kind: 'aggregate',
    groupBy,
    aggregates,
    output,
    having: ast.having,
    operands,
    orderKey,
  };
}

function forEachOperand(h: HavingNode, visit: (e: ExpressionNode) => void): void {
  switch (h.kind) {
    case 'havingAnd':
    case 'havingOr':
      for (const o of h.operands) forEachOperand(o, visit);
      return;
    case 'havingNot':
      forEachOperand(h.operand, visit);
      return;
    case 'havingComparison':
    case 'havingIsNull':
      visit(h.operand);
      return;
    default:
      assertNever(h);
  }
}

/** A field-like spec for the values of a key, so literals compared with it are checked as usual. */
function operandSpec(
  key: string,
  at: { groupBy: readonly GroupKey[]; aggregates: readonly AggregateColumn[]; ctx: Ctx },
): FieldSpec | undefined {
  const g = at.groupBy.find((x) => x.key === key);
  if (g) {
    if (g.kind === 'bucket') return pseudoField(key, 'time');
    const f = fieldNamed(at.ctx.resource, g.field);
    return f ? { ...f, name: key } : undefined;
  }
  const a = at.aggregates.find((x) => x.key === key);
  if (!a) return undefined;
  if (a.fn === 'count') return pseudoField(key, 'number');
  return pseudoField(key, a.type ?? 'number');
}

function pseudoField(name: string, type: FieldType): FieldSpec {
  return { name, type, filterable: false, nullable: true, doc: '' };
}

/** The key of a resolved expression when the query may name it, else reports NOT_GROUPED. */
function groupedKey(
  r: Resolved,
  at: {
    groupBy: readonly GroupKey[];
    span: { offset: number; length: number };
    ctx: Ctx;
    keysOk: boolean;
  },
): string | undefined {
  if (r.kind === 'aggregate') return r.column.key;
  const g = at.groupBy.find((x) => identityOf(x) === r.identity);
  if (g) return g.key;
  if (!at.keysOk) return undefined;
  const name = r.key.kind === 'field' ? r.key.field : r.key.key;
  at.ctx.diagnostics.push({
    code: 'NOT_GROUPED',
    message:
      at.groupBy.length === 0
        ? `${name} is not an aggregate, and this query aggregates every record into one row`
        : `${name} is neither a group key nor an aggregate`,
    span: at.span,
    expected: at.groupBy.map((x) => x.key),
    hint:
      r.key.kind === 'field'
        ? `add it to group by, or aggregate it: ${summable(r.key.type) ? `sum(${name})` : `count(distinct ${name})`}`
        : `add ${name} to group by`,
  });
  return undefined;
}

const summable = (t: FieldType) => t === 'money' || t === 'number';

function identityOf(k: GroupKey): string {
  return k.kind === 'field' ? `field:${k.field}` : `${k.unit}:${k.field}:${k.weekStart ?? ''}`;
}

/** Resolves a field or call to a group key or aggregate, reporting any problem with it. */
function resolveExpression(e: ExpressionNode, ctx: Ctx): Resolved | undefined {
  if (e.kind === 'field') {
    const f = ctx.resolveField(e);
    if (!f) return undefined;
    const key: GroupKey = {
      kind: 'field',
      key: f.name,
      field: f.name,
      path: f.path ?? f.name,
      type: f.type,
    };
    return { kind: 'key', key, identity: identityOf(key) };
  }
  const name = e.name.toLowerCase();
  if (isBucketName(name)) return resolveBucket(e, name as BucketUnit, ctx);
  if (isAggregateName(name)) return resolveAggregate(e, name as AggregateFunction, ctx);
  unknownFunction(e, ctx);
  return undefined;
}

function resolveBucket(e: CallNode, unit: BucketUnit, ctx: Ctx): Resolved | undefined {
  let ok = true;
  if (e.distinct) ok = invalidArgument(ctx, `distinct does not apply to ${unit}(…)`, e.span);
  if (!e.argument) {
    invalidArgument(ctx, `${unit}(…) needs a time field: ${unit}(createdTime)`, e.span);
    return undefined;
  }
  const f = ctx.resolveField(e.argument);
  if (!f) return undefined;
  if (f.type !== 'time') {
    const times = ctx.resource.timeFields;
    ctx.diagnostics.push({
      code: 'TYPE_MISMATCH',
      message: `${unit}(…) buckets times; ${f.name} is ${article(f.type)}`,
      span: e.argument.span,
      expected: [...times],
      hint: `use a time field: ${unit}(${times[0] ?? 'createdTime'})`,
    });
    return undefined;
  }
  let weekStart: Weekday | null = unit === 'week' ? 'monday' : null;
  if (e.option) {
    const day = e.option.name.toLowerCase();
    if (unit !== 'week') {
      ok = invalidArgument(ctx, `${unit}(…) takes one argument, the time field`, e.option.span);
    } else if ((WEEKDAYS as readonly string[]).includes(day)) {
      weekStart = day as Weekday;
    } else {
      const guess = suggest(day, WEEKDAYS);
      ctx.diagnostics.push({
        code: 'INVALID_ARGUMENT',
        message: `'${e.option.name}' is not a day a week can start on`,
        span: e.option.span,
        expected: [...WEEKDAYS],
        hint: guess ? `did you mean ${guess}?` : 'write week(createdTime, sunday)',
      });
      ok = false;
    }
  }
  if (!ok) return undefined;
  const key: GroupKey = {
    kind: 'bucket',
    key: canonical(e),
    unit,
    field: f.name,
    path: f.path ?? f.name,
    weekStart,
  };
  return { kind: 'key', key, identity: identityOf(key) };
}

/** Field types each aggregate accepts (count takes any field). */
const AGGREGATE_TYPES: Readonly<Record<Exclude<AggregateFunction, 'count'>, readonly FieldType[]>> =
  {
    sum: ['money', 'number'],
    avg: ['money', 'number'],
    min: ['money', 'number', 'time'],
    max: ['money', 'number', 'time'],
  };

function resolveAggregate(e: CallNode, fn: AggregateFunction, ctx: Ctx): Resolved | undefined {
  let ok = true;
  if (e.option) {
    ok = invalidArgument(ctx, `${fn}(…) takes one argument`, e.option.span);
  }
  if (e.distinct && fn !== 'count') {
    ok = invalidArgument(ctx, `distinct applies to count only: count(distinct …)`, e.span);
  }
  if (!e.argument) {
    if (fn !== 'count') {
      invalidArgument(ctx, `${fn}(…) needs a field: ${fn}(amount)`, e.span);
      return undefined;
    }
    return ok ? { kind: 'aggregate', column: aggregate(e, fn, null), identity: '' } : undefined;
  }
  const f = ctx.resolveField(e.argument);
  if (!f) return undefined;
  if (fn !== 'count' && !AGGREGATE_TYPES[fn].includes(f.type)) {
    const allowed = AGGREGATE_TYPES[fn];
    ctx.diagnostics.push({
      code: 'TYPE_MISMATCH',
      message: `${fn}(…) needs ${allowed.join(' or ')}; ${f.name} is ${article(f.type)}`,
      span: e.argument.span,
      hint: `count it instead: count(${f.name}) or count(distinct ${f.name})`,
    });
    return undefined;
  }
  return ok ? { kind: 'aggregate', column: aggregate(e, fn, f), identity: '' } : undefined;
}

function aggregate(e: CallNode, fn: AggregateFunction, f: FieldSpec | null): AggregateColumn {
  return {
    key: canonical(e),
    fn,
    field: f?.name ?? null,
    path: f ? (f.path ?? f.name) : null,
    type: f?.type ?? null,
    distinct: e.distinct,
  };
}

function invalidArgument(ctx: Ctx, message: string, span: Span): false {
  ctx.diagnostics.push({ code: 'INVALID_ARGUMENT', message, span });
  return false;
}

/** Row property names must be unique: a group key is in every row, selected or not. */
function checkRowNames(at: {
  selected: readonly { name: string; key: string; isGroupKey: boolean; span: Span }[];
  output: readonly { name: string; key: string }[];
  ctx: Ctx;
}): void {
  const keys = new Set<string>();
  for (const s of at.selected) {
    const twice = s.isGroupKey
      ? keys.has(s.key)
      : at.output.filter((o) => o.name === s.name).length > 1;
    if (s.isGroupKey) keys.add(s.key);
    if (!twice) continue;
    at.ctx.diagnostics.push({
      code: 'DUPLICATE_NAME',
      message: s.isGroupKey
        ? `the select list names the group key ${s.key} twice`
        : `'${s.name}' would name both a group key and a selected value in each row`,
      span: s.span,
      hint: s.isGroupKey ? 'select it once' : `choose another alias than ${s.name}`,
    });
  }
}

function checkDuplicates(items: readonly SelectItemNode[], ctx: Ctx): void {
  const seen = new Set<string>();
  for (const item of items) {
    const name = item.alias?.name ?? canonical(item.expression);
    if (seen.has(name)) {
      ctx.diagnostics.push({
        code: 'DUPLICATE_NAME',
        message: `the select list names '${name}' twice`,
        span: item.span,
        hint: `give one of them another name: ${canonical(item.expression)} as ${name.replace(/\W+/g, '_')}2`,
      });
    }
    seen.add(name);
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
