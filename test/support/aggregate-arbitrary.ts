/**
 * fast-check generators of random grouped queries (`group by … having … select … order by … limit`)
 * and of random select lists, over the random conditions of query-arbitrary.ts. Each query comes
 * with the structure aggregate-model.ts evaluates and the text the compiler reads, written with
 * the freedoms the language allows (upper-case function names, spaces inside calls, aliases, an
 * explicit `monday`) so the row-name rules are exercised too.
 */
import { CATALOGUE, type FieldSpec, type ResourceName } from '@cloverql/dsl';
import fc from 'fast-check';
import { type GenContext, type GeneratedQuery, queryArbitrary } from './query-arbitrary.js';
import { fieldValue, render, type TExpr, type TimeLit, type Val } from './query-model.js';
import {
  instantOf,
  midnight,
  plusDays,
  type Unit,
  WEEK_DAYS,
  type WeekDay,
  wallAt,
} from './zone-calendar.js';

/** Zones for grouped queries: UTC, DST zones (one with a 45-minute offset), a half-hour zone. */
export const ZONES = [
  'UTC',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Adelaide',
  'Pacific/Chatham',
  'America/Los_Angeles',
] as const;

export type GroupKeySpec =
  | { readonly kind: 'field'; readonly field: string }
  | {
      readonly kind: 'bucket';
      readonly unit: Unit;
      readonly field: string;
      /** The day written as the second argument of `week(…)`, if any. */
      readonly weekStart: WeekDay | null;
    };

export type AggFn = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface AggSpec {
  readonly fn: AggFn;
  /** Null for `count()`. */
  readonly field: string | null;
  readonly distinct: boolean;
  /** The field's catalogue type (money sums and averages exactly); null for `count()`. */
  readonly type: string | null;
}

/** Something a row, `having` or `order by` can name: a group key or an aggregate. */
export type Term =
  | { readonly k: 'key'; readonly key: GroupKeySpec }
  | { readonly k: 'agg'; readonly agg: AggSpec };

export interface SelectItem {
  readonly term: Term;
  readonly alias: string | null;
  /** Spaces inside the call and the function name's case, as written. */
  readonly spaced: boolean;
  readonly upper: boolean;
}

export type HavingExpr =
  | {
      readonly k: 'cmp';
      readonly term: Term;
      readonly op: '=' | '!=' | '>' | '>=' | '<' | '<=';
      /** The value the comparison means (cents, ms, canonical enum spelling)… */
      readonly value: string | number | boolean;
      /** …and how it is written. */
      readonly text: string;
    }
  | { readonly k: 'null'; readonly term: Term; readonly neg: boolean }
  | { readonly k: 'not'; readonly e: HavingExpr }
  | { readonly k: 'and' | 'or'; readonly a: HavingExpr; readonly b: HavingExpr };

export interface AggregateQuery {
  readonly resource: ResourceName;
  readonly tz: string;
  /** The condition, with its time literals meaning what they mean in `tz`. */
  readonly where: TExpr | null;
  readonly groupBy: readonly GroupKeySpec[];
  readonly select: readonly SelectItem[];
  readonly having: HavingExpr | null;
  readonly orderBy: { readonly term: Term; readonly direction: 'asc' | 'desc' } | null;
  readonly limit: number | null;
  readonly text: string;
}

// --- names ---------------------------------------------------------------------------------

/** The text of a group key or aggregate as written (`week(createdTime, sunday)`, `Sum( amount )`). */
export function termText(t: Term, style: { spaced: boolean; upper: boolean } = NO_STYLE): string {
  const inner = (s: string) => (style.spaced ? `( ${s} )` : `(${s})`);
  const name = (n: string) => (style.upper ? n.toUpperCase() : n);
  if (t.k === 'key') {
    const k = t.key;
    if (k.kind === 'field') return k.field;
    return `${name(k.unit)}${inner(k.weekStart ? `${k.field}, ${k.weekStart}` : k.field)}`;
  }
  const a = t.agg;
  if (a.field === null) return `${name(a.fn)}()`;
  return `${name(a.fn)}${inner(a.distinct ? `distinct ${a.field}` : a.field)}`;
}

const NO_STYLE = { spaced: false, upper: false };

/** The row name of a term without an alias: lower-case function, no spaces but after distinct. */
export function termKey(t: Term): string {
  if (t.k === 'key') {
    const k = t.key;
    if (k.kind === 'field') return k.field;
    return `${k.unit}(${k.field}${k.weekStart ? `,${k.weekStart}` : ''})`;
  }
  const a = t.agg;
  return `${a.fn}(${a.field === null ? '' : a.distinct ? `distinct ${a.field}` : a.field})`;
}

/** Whether two terms are the same group key or aggregate (`week(x)` is `week(x, monday)`). */
export function sameTerm(a: Term, b: Term): boolean {
  if (a.k === 'key' && b.k === 'key') {
    const x = a.key;
    const y = b.key;
    if (x.kind === 'field' || y.kind === 'field') return x.kind === y.kind && x.field === y.field;
    const ws = (k: typeof x) => (k.unit === 'week' ? (k.weekStart ?? 'monday') : null);
    return x.unit === y.unit && x.field === (y as typeof x).field && ws(x) === ws(y as typeof x);
  }
  return termKey(a) === termKey(b);
}

// --- generators ----------------------------------------------------------------------------

/** Fields that make few groups, by resource: the usual things to group by. */
const FEW_VALUES: Readonly<Record<ResourceName, readonly string[]>> = {
  orders: [
    'state',
    'payType',
    'employee.id',
    'device.id',
    'orderType',
    'testMode',
    'currency',
    'paymentState',
    'manualTransaction',
  ],
  payments: [
    'result',
    'tender.label',
    'tender.id',
    'employee.id',
    'device.id',
    'offline',
    'cardTransaction.cardType',
    'cardTransaction.entryType',
    'voidReason',
  ],
  refunds: ['employee.id', 'device.id', 'voided', 'reason'],
};

const fieldsOf = (r: ResourceName, p: (f: FieldSpec) => boolean) =>
  CATALOGUE[r].fields.filter(p).map((f) => f.name);

function groupKeyArbitrary(resource: ResourceName): fc.Arbitrary<GroupKeySpec> {
  const times = fieldsOf(resource, (f) => f.type === 'time');
  const few = FEW_VALUES[resource].filter((n) =>
    CATALOGUE[resource].fields.some((f) => f.name === n),
  );
  const any = fieldsOf(resource, () => true);
  const timeField = fc.constantFrom('createdTime', 'createdTime', ...times);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...few).map((field): GroupKeySpec => ({ kind: 'field', field })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...any).map((field): GroupKeySpec => ({ kind: 'field', field })),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom<Unit>('hour', 'day', 'month', 'year'), timeField)
        .map(([unit, field]): GroupKeySpec => ({ kind: 'bucket', unit, field, weekStart: null })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          timeField,
          fc.constantFrom<WeekDay | null>(null, null, 'sunday', 'sunday', 'monday', ...WEEK_DAYS),
        )
        .map(
          ([field, weekStart]): GroupKeySpec => ({
            kind: 'bucket',
            unit: 'week',
            field,
            weekStart,
          }),
        ),
    },
  );
}

function aggArbitrary(resource: ResourceName): fc.Arbitrary<AggSpec> {
  const spec = CATALOGUE[resource].fields;
  const typeOf = (n: string) => spec.find((f) => f.name === n)?.type ?? null;
  const any = spec.map((f) => f.name);
  const money = fieldsOf(resource, (f) => f.type === 'money' || f.type === 'number');
  const ordered = fieldsOf(
    resource,
    (f) => f.type === 'money' || f.type === 'number' || f.type === 'time',
  );
  const of = (fn: AggFn, field: string | null, distinct = false): AggSpec => ({
    fn,
    field,
    distinct,
    type: field === null ? null : typeOf(field),
  });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(of('count', null)) },
    { weight: 1, arbitrary: fc.constantFrom(...any).map((f) => of('count', f)) },
    { weight: 2, arbitrary: fc.constantFrom(...any).map((f) => of('count', f, true)) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom<AggFn>('sum', 'avg'), fc.constantFrom(...money))
        .map(([fn, f]) => of(fn, f)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom<AggFn>('min', 'max'), fc.constantFrom(...ordered))
        .map(([fn, f]) => of(fn, f)),
    },
  );
}

/** Distinct by `same`, keeping the first. */
function unique<T>(xs: readonly T[], same: (a: T, b: T) => boolean): T[] {
  const out: T[] = [];
  for (const x of xs) if (!out.some((y) => same(x, y))) out.push(x);
  return out;
}

/** The where clause of a random query, rewritten so its dates mean days in `tz`. */
function whereArbitrary(ctx: GenContext, tz: string): fc.Arbitrary<TExpr | null> {
  return queryArbitrary(ctx).map((q: GeneratedQuery) =>
    q.where ? inZone(q.where, { tz, now: ctx.now }) : null,
  );
}

/**
 * A random grouped query over a random condition, in a random zone; or, given `fixed`, over that
 * condition in that zone (see `aggregateBatchArbitrary`).
 */
export function aggregateQueryArbitrary(
  ctx: GenContext,
  fixed?: { readonly tz: string; readonly where: TExpr | null },
): fc.Arbitrary<AggregateQuery> {
  const { resource } = ctx;
  const term: fc.Arbitrary<Term> = aggArbitrary(resource).map((agg) => ({ k: 'agg', agg }));
  return fc
    .record({
      tz: fixed ? fc.constant(fixed.tz) : fc.constantFrom(...ZONES),
      keys: fc.oneof(
        { weight: 1, arbitrary: fc.constant([] as GroupKeySpec[]) },
        {
          weight: 6,
          arbitrary: fc.array(groupKeyArbitrary(resource), { minLength: 1, maxLength: 3 }),
        },
      ),
      aggs: fc.array(term, { minLength: 0, maxLength: 4 }),
      extra: term,
      styles: fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.nat(9)), {
        minLength: 8,
        maxLength: 8,
      }),
      keysSelected: fc.array(fc.nat(3), { minLength: 3, maxLength: 3 }),
      havingSeed: fc.option(fc.nat(), { nil: null, freq: 2 }),
      order: fc.option(
        fc.tuple(fc.nat(), fc.constantFrom<'asc' | 'desc' | null>('asc', 'desc', 'desc', null)),
        { nil: null, freq: 3 },
      ),
      limit: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null, freq: 2 }),
    })
    .chain((g) => {
      const groupBy = unique(g.keys, (a, b) =>
        sameTerm({ k: 'key', key: a }, { k: 'key', key: b }),
      );
      let aggs = unique(g.aggs, sameTerm);
      // Without group by the select list must hold an aggregate to be a grouped query.
      if (groupBy.length === 0 && aggs.length === 0)
        aggs = [{ k: 'agg', agg: { fn: 'count', field: null, distinct: false, type: null } }];
      const keyTerms: Term[] = groupBy.map((key) => ({ k: 'key', key }));
      // Each group key is selected (aliased or not) or left out; it is in the row either way.
      const selectedKeys = keyTerms.filter((_, i) => g.keysSelected[i]! > 0);
      const items: SelectItem[] = [...selectedKeys, ...aggs].map((t, i) => {
        const [spaced, upper, aliasRoll] = g.styles[i % g.styles.length]!;
        return { term: t, spaced, upper, alias: aliasRoll < 3 ? `c${i}` : null };
      });
      // Keys first in select order too sometimes, aggregates first other times: rows do not care.
      const select = g.keysSelected[0] === 3 ? [...items].reverse() : items;
      const known: Term[] = [...keyTerms, ...aggs, g.extra];
      const having =
        g.havingSeed !== null && groupBy.length > 0
          ? havingArbitrary(ctx, { terms: known, tz: g.tz })
          : fc.constant(null);
      return fc
        .tuple(fixed ? fc.constant(fixed.where) : whereArbitrary(ctx, g.tz), having)
        .map(([where, hv]): AggregateQuery => {
          const orderBy = g.order
            ? { term: known[g.order[0] % known.length]!, direction: g.order[1] ?? 'asc' }
            : null;
          const nameOf = (t: Term, forceText: boolean): string => {
            const item = select.find((s) => sameTerm(s.term, t));
            if (item?.alias && !forceText) return item.alias;
            return termText(t, item ?? NO_STYLE);
          };
          const parts: string[] = [resource];
          if (where) parts.push('where', render(where));
          if (groupBy.length)
            parts.push('group by', groupBy.map((key) => termText({ k: 'key', key })).join(', '));
          if (hv)
            parts.push(
              'having',
              renderHaving(hv, (t) => nameOf(t, (g.havingSeed ?? 0) % 2 === 0)),
            );
          if (select.length) {
            parts.push(
              'select',
              select
                .map((s) => `${termText(s.term, s)}${s.alias ? ` as ${s.alias}` : ''}`)
                .join(', '),
            );
          }
          if (orderBy) {
            parts.push('order by', nameOf(orderBy.term, (g.order?.[0] ?? 0) % 3 === 0));
            if (g.order?.[1]) parts.push(orderBy.direction);
          }
          if (g.limit !== null) parts.push('limit', String(g.limit));
          return {
            resource,
            tz: g.tz,
            where,
            groupBy,
            select,
            having: hv,
            orderBy,
            limit: g.limit,
            text: parts.join(' '),
          };
        });
    });
}

/**
 * `size` random grouped queries sharing one random condition and zone: their plans read the same
 * records, so a suite can fetch once and check every grouping (see `runRowsBatch`).
 */
export function aggregateBatchArbitrary(
  ctx: GenContext,
  size: number,
): fc.Arbitrary<AggregateQuery[]> {
  return fc
    .constantFrom(...ZONES)
    .chain((tz) => fc.tuple(fc.constant(tz), whereArbitrary(ctx, tz)))
    .chain(([tz, where]) =>
      fc.array(aggregateQueryArbitrary(ctx, { tz, where }), { minLength: size, maxLength: size }),
    );
}

// --- having --------------------------------------------------------------------------------

function havingArbitrary(
  ctx: GenContext,
  at: { terms: readonly Term[]; tz: string },
): fc.Arbitrary<HavingExpr> {
  const leafArb = fc.constantFrom(...at.terms).chain((term) => havingLeaf(ctx, term));
  const sub = fc.oneof(
    { weight: 3, arbitrary: leafArb },
    { weight: 1, arbitrary: leafArb.map((e): HavingExpr => ({ k: 'not', e })) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: sub },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), sub, sub)
        .map(([k, a, b]): HavingExpr => ({ k, a, b })),
    },
  );
}

const HAVING_OPS = ['=', '!=', '>', '>=', '<', '<='] as const;

function havingLeaf(ctx: GenContext, term: Term): fc.Arbitrary<HavingExpr> {
  const nul = fc.boolean().map((neg): HavingExpr => ({ k: 'null', term, neg }));
  const cmp = (
    value: fc.Arbitrary<{ value: string | number | boolean; text: string }>,
    ops: readonly (typeof HAVING_OPS)[number][] = HAVING_OPS,
  ) =>
    fc
      .tuple(fc.constantFrom(...ops), value)
      .map(([op, v]): HavingExpr => ({ k: 'cmp', term, op, ...v }));
  const fieldType = (name: string) => CATALOGUE[ctx.resource].fields.find((f) => f.name === name);
  const sample = (field: string) => pool(ctx, field);

  if (term.k === 'agg') {
    const a = term.agg;
    if (a.fn === 'count') {
      return fc.oneof(
        {
          weight: 4,
          arbitrary: cmp(
            fc.integer({ min: 0, max: 40 }).map((n) => ({ value: n, text: String(n) })),
          ),
        },
        { weight: 1, arbitrary: nul },
      );
    }
    const nums = sample(a.field!).filter((v): v is number => typeof v === 'number');
    const values = nums.length ? fc.constantFrom(...nums) : fc.integer({ min: 0, max: 20000 });
    const scaled = fc
      .tuple(values, fc.constantFrom(1, 1, 3, 20))
      .map(([v, k]) => (a.fn === 'sum' ? v * k : v));
    const written = scaled.chain((v) =>
      a.type === 'money' && v >= 0
        ? fc.constantFrom({ value: v, text: String(v) }, { value: v, text: dollars(v) })
        : fc.constant({ value: v, text: String(v) }),
    );
    return fc.oneof({ weight: 4, arbitrary: cmp(written) }, { weight: 1, arbitrary: nul });
  }
  const k = term.key;
  if (k.kind === 'bucket') {
    const times = sample(k.field).filter((v): v is number => typeof v === 'number');
    const t = times.length ? fc.constantFrom(...times) : fc.constant(ctx.now);
    return fc.oneof(
      {
        weight: 3,
        arbitrary: cmp(
          t.map((v) => ({ value: v, text: String(v) })),
          ['>', '>=', '<', '<='],
        ),
      },
      { weight: 1, arbitrary: nul },
    );
  }
  const f = fieldType(k.field);
  const values = sample(k.field);
  if (!f || values.length === 0 || f.type === 'time') return nul;
  if (f.type === 'enum') {
    // Written in any case; means the catalogue's spelling.
    const canon = f.values ?? [];
    return fc.oneof(
      {
        weight: 3,
        arbitrary: cmp(
          fc.tuple(fc.constantFrom(...canon), fc.boolean()).map(([v, lower]) => ({
            value: v,
            text: quote(lower ? v.toLowerCase() : v),
          })),
          ['=', '!='],
        ),
      },
      { weight: 1, arbitrary: nul },
    );
  }
  const written = fc.constantFrom(...values).map((v) => ({
    value: v,
    text: typeof v === 'string' ? quote(v) : String(v),
  }));
  const ops = f.type === 'money' || f.type === 'number' ? HAVING_OPS : (['=', '!='] as const);
  return fc.oneof({ weight: 3, arbitrary: cmp(written, ops) }, { weight: 1, arbitrary: nul });
}

const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

function dollars(cents: number): string {
  return `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function renderHaving(h: HavingExpr, name: (t: Term) => string): string {
  switch (h.k) {
    case 'cmp':
      return `${name(h.term)} ${h.op} ${h.text}`;
    case 'null':
      return `${name(h.term)} is ${h.neg ? 'not ' : ''}null`;
    case 'not':
      return `not (${renderHaving(h.e, name)})`;
    case 'and':
    case 'or':
      return `(${renderHaving(h.a, name)}) ${h.k} (${renderHaving(h.b, name)})`;
  }
}

/** Up to 40 distinct values of a field from records spread over the dataset. */
function pool(ctx: GenContext, field: string): (string | number | boolean)[] {
  const seen = new Set<string | number | boolean>();
  const step = Math.max(1, Math.floor(ctx.records.length / 200));
  for (let i = 0; i < ctx.records.length && seen.size < 40; i += step) {
    const v = fieldValue(ctx.records[i], field);
    if (v !== null) seen.add(v);
  }
  return [...seen];
}

// --- select lists without grouping -----------------------------------------------------------

export interface SelectQuery {
  readonly base: GeneratedQuery;
  readonly columns: readonly { readonly field: string; readonly alias: string | null }[];
  /** The order field as written: the field or, when it is selected under an alias, sometimes that. */
  readonly text: string;
}

/**
 * `size` random select lists over one random query of query-arbitrary.ts (UTC, as that generator
 * assumes): the plans read the same records.
 */
export function selectBatchArbitrary(ctx: GenContext, size: number): fc.Arbitrary<SelectQuery[]> {
  return queryArbitrary(ctx).chain((base) =>
    fc.array(selectOn(ctx, base), { minLength: size, maxLength: size }),
  );
}

function selectOn(ctx: GenContext, base: GeneratedQuery): fc.Arbitrary<SelectQuery> {
  const names = CATALOGUE[ctx.resource].fields.map((f) => f.name);
  const column = fc.record({
    field: fc.constantFrom('id', ...names),
    aliased: fc.boolean(),
  });
  return fc
    .tuple(fc.array(column, { minLength: 1, maxLength: 5 }), fc.boolean())
    .map(([cols, byAlias]) => {
      const columns = unique(cols, (a, b) => a.field === b.field).map((c, i) => ({
        field: c.field,
        alias: c.aliased ? `s${i}` : null,
      }));
      const parts: string[] = [ctx.resource];
      if (base.where) parts.push('where', render(base.where));
      parts.push(
        'select',
        columns.map((c) => (c.alias ? `${c.field} as ${c.alias}` : c.field)).join(', '),
      );
      if (base.orderBy) {
        const aliased = columns.find((c) => c.field === base.orderBy?.field && c.alias);
        parts.push(
          'order by',
          byAlias && aliased?.alias ? aliased.alias : base.orderBy.field,
          base.orderBy.direction,
        );
      }
      if (base.limit !== null) parts.push('limit', String(base.limit));
      return { base, columns, text: parts.join(' ') };
    });
}

// --- dates in a zone -----------------------------------------------------------------------

/**
 * Rewrites the time literals of a condition written for UTC so that they mean what the compiler
 * reads in `tz`: a date is a day from midnight to midnight there, `today - 2w` counts days from
 * today's date there, and `now - 3d` is the same wall-clock time three days earlier there.
 * Instants written as unix ms or with an offset mean the same everywhere.
 */
export function inZone(e: TExpr, at: { tz: string; now: number }): TExpr {
  if (at.tz === 'UTC') return e;
  const lit = (t: TimeLit): TimeLit => zonedLiteral(t, at);
  const val = (v: Val): Val => (v.kind === 'time' ? { kind: 'time', t: lit(v.t) } : v);
  switch (e.k) {
    case 'cmp':
      return { ...e, val: val(e.val) };
    case 'between':
      return { ...e, lo: val(e.lo), hi: val(e.hi) };
    case 'in':
      return { ...e, vals: e.vals.map(val) };
    case 'null':
      return e;
    case 'not':
      return { k: 'not', e: inZone(e.e, at) };
    case 'and':
    case 'or':
      return { k: e.k, a: inZone(e.a, at), b: inZone(e.b, at) };
  }
}

function zonedLiteral(t: TimeLit, at: { tz: string; now: number }): TimeLit {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t.text);
  const weeks = /^today - (\d+)w$/.exec(t.text);
  const days = /^now - (\d+)d$/.exec(t.text);
  const day = (d: { year: number; month: number; day: number }): TimeLit => ({
    kind: 'day',
    start: midnight(d, at.tz),
    end: midnight(plusDays(d, 1), at.tz),
    text: t.text,
  });
  if (date) return day({ year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) });
  if (weeks) return day(plusDays(wallAt(at.now, at.tz), -7 * Number(weeks[1])));
  if (days) {
    // The same wall-clock time that many calendar days back in the zone.
    const w = wallAt(at.now, at.tz);
    return {
      kind: 'instant',
      ms: instantOf({ ...w, ...plusDays(w, -Number(days[1])) }, at.tz),
      text: t.text,
    };
  }
  return t;
}
