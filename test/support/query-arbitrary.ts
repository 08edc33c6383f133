/**
 * fast-check generators of random valid queries over a seeded dataset, as `TExpr` trees (see
 * query-model.ts) plus their text. Values are drawn from the dataset itself so that equality,
 * `in` and the millisecond at a bound are really exercised, and time bounds span 0 to 5 years in
 * every form the language has: dates, datetimes with Z or an offset, unix ms, now/today shifts.
 */
import { CATALOGUE, type FieldSpec, type ResourceName } from '@cloverql/dsl';
import fc from 'fast-check';
import { fieldValue, render, type TExpr, type TimeLit, type Val } from './query-model.js';

const DAY = 86_400_000;

export interface GenContext {
  readonly resource: ResourceName;
  /** The dataset (or a sample of it) to draw values from. */
  readonly records: readonly Record<string, unknown>[];
  /** The compile-time `now` (the mock's frozen clock). */
  readonly now: number;
}

export interface GeneratedQuery {
  readonly resource: ResourceName;
  readonly text: string;
  readonly where: TExpr | null;
  readonly orderBy: { readonly field: string; readonly direction: 'asc' | 'desc' } | null;
  readonly limit: number | null;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** ISO datetime text of `ms` written with the given UTC offset in minutes. */
export function isoWithOffset(ms: number, offsetMin: number): string {
  if (offsetMin === 0) return new Date(ms).toISOString();
  const d = new Date(ms + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const off = Math.abs(offsetMin);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

function dayLit(ms: number): TimeLit {
  const start = Math.floor(ms / DAY) * DAY;
  return { kind: 'day', start, end: start + DAY, text: new Date(start).toISOString().slice(0, 10) };
}

/** Up to 60 distinct values of a field, drawn from records spread evenly over the dataset. */
function pool(ctx: GenContext, field: string): (string | number | boolean)[] {
  const seen = new Set<string | number | boolean>();
  const n = ctx.records.length;
  const step = Math.max(1, Math.floor(n / 240));
  for (let i = 0; i < n && seen.size < 60; i += step) {
    const v = fieldValue(ctx.records[i], field);
    if (v !== null) seen.add(v);
  }
  return [...seen];
}

/** A time literal near the data (or exactly on a record's time), in a random form. */
function timeLit(ctx: GenContext, field: string): fc.Arbitrary<TimeLit> {
  const times = pool(ctx, field).filter((v): v is number => typeof v === 'number');
  const anchor = times.length ? fc.constantFrom(...times) : fc.constant(ctx.now - 30 * DAY);
  const around = fc
    .tuple(anchor, fc.constantFrom(0, 0, 0, -1, 1, -DAY, 3 * DAY))
    .map(([t, d]) => t + d);
  return fc.oneof(
    around.map((ms): TimeLit => ({ kind: 'instant', ms, text: String(ms) })),
    fc
      .tuple(around, fc.constantFrom(0, 120, -300, 330))
      .map(([ms, off]): TimeLit => ({ kind: 'instant', ms, text: isoWithOffset(ms, off) })),
    around.map(dayLit),
    fc
      .integer({ min: 0, max: 5 * 365 })
      .map((n): TimeLit => ({ kind: 'instant', ms: ctx.now - n * DAY, text: `now - ${n}d` })),
    fc.integer({ min: 0, max: 260 }).map((n): TimeLit => {
      const today = Math.floor(ctx.now / DAY) * DAY;
      const start = today - n * 7 * DAY;
      return { kind: 'day', start, end: start + DAY, text: `today - ${n}w` };
    }),
  );
}

function numVal(ctx: GenContext, f: FieldSpec): fc.Arbitrary<Val> {
  const nums = pool(ctx, f.name).filter((v): v is number => typeof v === 'number');
  const n = fc.oneof(
    nums.length ? fc.constantFrom(...nums) : fc.integer({ min: 0, max: 20000 }),
    fc.integer({ min: 0, max: 30000 }),
  );
  return fc
    .tuple(n, fc.boolean())
    .map(
      ([v, asMoney]): Val =>
        asMoney && f.type === 'money' && v >= 0
          ? { kind: 'num', v, text: `$${Math.floor(v / 100)}.${pad(v % 100)}` }
          : { kind: 'num', v, text: String(v) },
    );
}

function strVal(ctx: GenContext, f: FieldSpec): fc.Arbitrary<Val> {
  if (f.type === 'enum') {
    const values = f.values ?? [];
    return fc
      .tuple(fc.constantFrom(...values), fc.boolean())
      .map(([v, lower]): Val => ({ kind: 'str', v: lower ? v.toLowerCase() : v }));
  }
  const strs = pool(ctx, f.name).filter((v): v is string => typeof v === 'string');
  const fromData = strs.length ? fc.constantFrom(...strs) : fc.constant('none');
  return fc
    .oneof(
      { weight: 4, arbitrary: fromData },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    )
    .map((v): Val => ({ kind: 'str', v }));
}

function leaf(ctx: GenContext, fields: readonly FieldSpec[]): fc.Arbitrary<TExpr> {
  return fc.constantFrom(...fields).chain((f): fc.Arbitrary<TExpr> => {
    const fold = f.type === 'enum';
    const nullCheck = fc.boolean().map((neg): TExpr => ({ k: 'null', field: f.name, neg }));
    switch (f.type) {
      case 'time':
        return orderedLeaf(f.name, {
          value: timeLit(ctx, f.name).map((t): Val => ({ kind: 'time', t })),
          maxIn: 3,
          nullCheck,
        });
      case 'money':
      case 'number':
        return orderedLeaf(f.name, { value: numVal(ctx, f), maxIn: 4, nullCheck });
      case 'boolean':
        return fc.oneof(
          fc
            .tuple(fc.constantFrom<'=' | '!='>('=', '!='), fc.boolean())
            .map(([op, v]): TExpr => ({ k: 'cmp', field: f.name, op, val: { kind: 'bool', v } })),
          nullCheck,
        );
      default: {
        const v = strVal(ctx, f);
        const ops =
          f.type === 'string' ? (['=', '!=', '>', '<='] as const) : (['=', '!='] as const);
        return fc.oneof(
          {
            weight: 4,
            arbitrary: fc
              .tuple(fc.constantFrom(...ops), v)
              .map(([op, val]): TExpr => ({ k: 'cmp', field: f.name, op, val, fold })),
          },
          {
            weight: 2,
            arbitrary: fc
              .tuple(fc.array(v, { minLength: 1, maxLength: 4 }), fc.boolean())
              .map(([vals, neg]): TExpr => ({ k: 'in', field: f.name, vals, neg, fold })),
          },
          { weight: 1, arbitrary: nullCheck },
        );
      }
    }
  });
}

const OPS = ['=', '!=', '>', '>=', '<', '<='] as const;

/** Comparisons, `between`, `in` lists and null checks on an ordered field (time, money). */
function orderedLeaf(
  field: string,
  g: {
    value: fc.Arbitrary<Val>;
    maxIn: number;
    nullCheck: fc.Arbitrary<TExpr>;
  },
): fc.Arbitrary<TExpr> {
  const v = g.value;
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...OPS), v)
        .map(([op, val]): TExpr => ({ k: 'cmp', field, op, val })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(v, v).map(([lo, hi]): TExpr => ({ k: 'between', field, lo, hi })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.array(v, { minLength: 1, maxLength: g.maxIn }), fc.boolean())
        .map(([vals, neg]): TExpr => ({ k: 'in', field, vals, neg })),
    },
    { weight: 1, arbitrary: g.nullCheck },
  );
}

/**
 * A random condition tree of at most `depth` levels of and/or/not over any field but a deletion
 * field (orders' `deletedTime`), which the language accepts only as a top-level bound (see
 * `queryArbitrary`).
 */
export function conditionArbitrary(ctx: GenContext, depth = 2): fc.Arbitrary<TExpr> {
  const fields = CATALOGUE[ctx.resource].fields.filter((f) => !f.deletion);
  const l = leaf(ctx, fields);
  if (depth <= 0) return l;
  const sub = conditionArbitrary(ctx, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: l },
    { weight: 2, arbitrary: fc.tuple(sub, sub).map(([a, b]): TExpr => ({ k: 'and', a, b })) },
    { weight: 2, arbitrary: fc.tuple(sub, sub).map(([a, b]): TExpr => ({ k: 'or', a, b })) },
    { weight: 1, arbitrary: sub.map((e): TExpr => ({ k: 'not', e })) },
  );
}

/** A range on a time field: 0, 1 or 2 bounds, spanning up to about 5 years. */
export function timeRangeArbitrary(
  ctx: GenContext,
  field = 'createdTime',
): fc.Arbitrary<TExpr | null> {
  const t = timeLit(ctx, field).map((t): Val => ({ kind: 'time', t }));
  const lower = fc
    .tuple(fc.constantFrom<'>' | '>='>('>', '>='), t)
    .map(([op, val]): TExpr => ({ k: 'cmp', field, op, val }));
  const upper = fc
    .tuple(fc.constantFrom<'<' | '<='>('<', '<='), t)
    .map(([op, val]): TExpr => ({ k: 'cmp', field, op, val }));
  // Mostly ordered bounds (a real range), sometimes inverted (an empty one).
  const pair = fc
    .tuple(t, t, fc.integer({ min: 0, max: 3 }))
    .map(([a, b, keep]): [Val, Val] => (keep === 0 || key(a) <= key(b) ? [a, b] : [b, a]));
  return fc.oneof(
    fc.constant(null),
    lower,
    upper,
    fc
      .tuple(pair, fc.constantFrom<'>' | '>='>('>', '>='), fc.constantFrom<'<' | '<='>('<', '<='))
      .map(
        ([[lo, hi], lop, hop]): TExpr => ({
          k: 'and',
          a: { k: 'cmp', field, op: lop, val: lo },
          b: { k: 'cmp', field, op: hop, val: hi },
        }),
      ),
    pair.map(([lo, hi]): TExpr => ({ k: 'between', field, lo, hi })),
  );
}

function key(v: Val): number {
  return v.kind === 'time' ? (v.t.kind === 'instant' ? v.t.ms : v.t.start) : 0;
}

const joinAnd = (a: TExpr | null, b: TExpr | null): TExpr | null =>
  a && b ? { k: 'and', a, b } : (a ?? b);

/** A whole query: time range, condition, sometimes an `or` of two bounded branches, order and limit. */
export function queryArbitrary(ctx: GenContext): fc.Arbitrary<GeneratedQuery> {
  const spec = CATALOGUE[ctx.resource];
  const isDeletion = (t: string) => spec.fields.some((f) => f.name === t && f.deletion);
  const timeFields = spec.timeFields.filter((t) => !isDeletion(t));
  const timeField = fc.constantFrom(...timeFields, 'createdTime', 'createdTime');
  const sortable = spec.fields.filter((f) => f.type !== 'boolean').map((f) => f.name);
  const branch = timeField.chain((tf) =>
    fc
      .tuple(timeRangeArbitrary(ctx, tf), fc.option(conditionArbitrary(ctx), { nil: null }))
      .map(([r, c]) => joinAnd(r, c)),
  );
  // A deletion field only bounds the whole query: a non-empty range on it, and'ed with the rest.
  const deleted = spec.timeFields.filter(isDeletion).map((tf) =>
    fc
      .tuple(
        timeRangeArbitrary(ctx, tf).filter((r): r is TExpr => r !== null),
        fc.option(branch, { nil: null }),
      )
      .map(([r, b]) => joinAnd(r, b)),
  );
  const where = fc.oneof(
    { weight: 4, arbitrary: branch },
    {
      weight: 1,
      arbitrary: fc
        .tuple(branch, branch)
        .map(([a, b]): TExpr | null => (a && b ? { k: 'or', a, b } : (a ?? b))),
    },
    ...deleted.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
  const orderBy = fc.option(
    fc.record({
      field: fc.constantFrom('createdTime', 'createdTime', ...sortable),
      direction: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
    }),
    { nil: null, freq: 3 },
  );
  const limit = fc.option(fc.integer({ min: 1, max: 60 }), { nil: null, freq: 3 });
  return fc.tuple(where, orderBy, limit).map(([w, o, l]) => {
    const parts: string[] = [ctx.resource];
    if (w) parts.push('where', render(w));
    if (o) parts.push('order by', o.field, o.direction);
    if (l !== null) parts.push('limit', String(l));
    return { resource: ctx.resource, text: parts.join(' '), where: w, orderBy: o, limit: l };
  });
}
