/**
 * The planner's promise, checked end to end: executing a plan returns exactly the records the
 * query asks for. For random queries over a small random dataset, a fake Clover server answers the
 * plan's requests — with its own parser of the wire contract's `filter=` syntax, SQL null
 * semantics, case-insensitive enums and the orders endpoint hiding records whose state is null —
 * the client side unions them by id and applies the residual, and the result must equal what an
 * evaluator of the query's meaning, written here independently of the compiler, selects.
 *
 * No 90-day clamp is simulated; instead every request is checked to be one Clover would not
 * clamp: a REST window at most 90 days wide, an export at most 30 days, and no time filter at all
 * on an unwindowed request.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type ResourceName } from '../catalogue/catalogue.js';
import { compile } from '../compile.js';
import { compileMatcher } from '../predicate/evaluate.js';
import type { Plan, PlanRequest } from './plan-types.js';

const RUNS = process.env.CLOVERQL_LONG ? 3_000 : 250;
const DAY = 86_400_000;
const START = Date.UTC(2022, 5, 1);
const END = Date.UTC(2024, 5, 1);

type Truth = boolean | null;
type Rec = Record<string, unknown> & { id: string };
type Dataset = Record<ResourceName, Rec[]>;

// ---------------------------------------------------------------------------------------------
// The dataset: records with times over two years and some null or missing fields.

/** A small seeded PRNG (mulberry32), so a failing dataset can be rebuilt from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataset(seed: number): Dataset {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const maybe = <T>(p: number, v: () => T): T | null => (rnd() < p ? null : v());
  const time = () => {
    // Cluster some records on day edges, where off-by-one windows would show.
    const t = START + DAY + Math.floor(rnd() * (END - START - 2 * DAY));
    return rnd() < 0.2 ? t - (t % DAY) - (rnd() < 0.5 ? 1 : 0) : t;
  };
  const times = () => {
    const createdTime = time();
    return {
      createdTime,
      clientCreatedTime: createdTime - Math.floor(rnd() * 3_600_000),
      modifiedTime: Math.min(END, createdTime + Math.floor(rnd() * 40 * DAY)),
    };
  };
  const payments = Array.from({ length: 90 }, (_, i): Rec => {
    const card = rnd() < 0.6;
    const r: Rec = {
      id: `P${i}`,
      ...times(),
      amount: Math.floor(rnd() * 20_000) - 1_000,
      result: pick(['SUCCESS', 'SUCCESS', 'FAIL', 'VOIDED', 'AUTH']),
      offline: rnd() < 0.3,
      tender: { label: pick(['Cash', 'Credit Card', 'Gift']) },
      employee: { id: pick(['E1', 'E2', 'E3']) },
      externalPaymentId: maybe(0.4, () => pick(['X1', 'X2', ' X1', ''])),
      tipAmount: maybe(0.5, () => Math.floor(rnd() * 500)),
    };
    if (card) r.cardTransaction = { cardType: maybe(0.2, () => pick(['VISA', 'AMEX', 'MC'])) };
    return r;
  });
  const orders = Array.from(
    { length: 90 },
    (_, i): Rec => ({
      id: `O${i}`,
      ...times(),
      total: Math.floor(rnd() * 10_000),
      state: maybe(0.25, () => pick(['open', 'locked', 'paid'])),
      payType: maybe(0.3, () => pick(['FULL', 'SPLIT_GUEST'])),
      note: maybe(0.5, () => pick(['rush', 'vip'])),
      testMode: rnd() < 0.2,
      orderType: rnd() < 0.3 ? null : { id: pick(['T1', 'T2']) },
      employee: { id: pick(['E1', 'E2']) },
      paymentState: maybe(0.3, () => pick(['OPEN', 'PAID'])),
    }),
  );
  const refunds = Array.from({ length: 50 }, (_, i): Rec => {
    const { createdTime, clientCreatedTime } = times();
    const r: Rec = {
      id: `R${i}`,
      createdTime,
      clientCreatedTime,
      amount: Math.floor(rnd() * 5_000),
      voided: rnd() < 0.2,
      reason: maybe(0.5, () => pick(['damaged', 'late'])),
    };
    if (rnd() < 0.7) r.device = { id: pick(['D1', 'D2']) };
    return r;
  });
  return { payments, orders, refunds };
}

// ---------------------------------------------------------------------------------------------
// Queries with their meaning: each generated condition carries its text and its own evaluator.

interface Cond {
  readonly text: string;
  readonly holds: (r: Rec) => Truth;
}

/** Reads a dotted path; a missing step, null or a non-scalar is null. */
function read(r: unknown, path: string): string | number | boolean | null {
  let cur: unknown = r;
  for (const step of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return null;
    cur = (cur as Record<string, unknown>)[step];
  }
  return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean'
    ? cur
    : null;
}

const not3 = (t: Truth): Truth => (t === null ? null : !t);
const and3 = (ts: Truth[]): Truth => (ts.includes(false) ? false : ts.includes(null) ? null : true);
const or3 = (ts: Truth[]): Truth => (ts.includes(true) ? true : ts.includes(null) ? null : false);

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=';
function cmp<T extends string | number | boolean>(a: T, op: Op, b: T): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

const ALL_OPS: Op[] = ['=', '!=', '>', '>=', '<', '<='];
const EQ_OPS: Op[] = ['=', '!='];

/** A time literal: an instant, or a whole day in a zone `offset` ms east of UTC (no DST). */
type TimeLit = { text: string; start: number; end: number; day: boolean };
const timeLit = (offset: number): fc.Arbitrary<TimeLit> =>
  fc.oneof(
    fc.integer({ min: START - 30 * DAY, max: END + 30 * DAY }).map((ms) => ({
      text: String(ms),
      start: ms,
      end: ms,
      day: false,
    })),
    fc.integer({ min: -20, max: 750 }).map((d) => {
      const midnight = START + d * DAY;
      const start = midnight - offset;
      return {
        text: new Date(midnight).toISOString().slice(0, 10),
        start,
        end: start + DAY,
        day: true,
      };
    }),
    fc.integer({ min: 0, max: 730 * 24 }).map((h) => {
      const ms = START + h * 3_600_000;
      return {
        text: new Date(ms).toISOString().replace('.000Z', 'Z'),
        start: ms,
        end: ms,
        day: false,
      };
    }),
  );

/** The meaning of `t op lit` for a time value, dates read as whole days. */
function timeHolds(t: number, op: Op, lit: TimeLit): boolean {
  if (!lit.day) return cmp(t, op, lit.start);
  switch (op) {
    case '=':
      return t >= lit.start && t < lit.end;
    case '!=':
      return t < lit.start || t >= lit.end;
    case '>':
      return t >= lit.end;
    case '>=':
      return t >= lit.start;
    case '<':
      return t < lit.start;
    case '<=':
      return t < lit.end;
  }
}

function timeLeaf(field: string, offset: number): fc.Arbitrary<Cond> {
  const value = (r: Rec) => read(r, field) as number | null;
  return fc.oneof(
    fc.tuple(fc.constantFrom(...ALL_OPS), timeLit(offset)).map(([op, lit]) => ({
      text: `${field} ${op} ${lit.text}`,
      holds: (r: Rec) => {
        const t = value(r);
        return t === null ? null : timeHolds(t, op, lit);
      },
    })),
    fc.tuple(timeLit(offset), timeLit(offset)).map(([lo, hi]) => ({
      text: `${field} between ${lo.text} and ${hi.text}`,
      holds: (r: Rec) => {
        const t = value(r);
        return t === null ? null : timeHolds(t, '>=', lo) && timeHolds(t, '<=', hi);
      },
    })),
    fc
      .tuple(fc.array(timeLit(offset), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([lits, neg]) => ({
        text: `${field} ${neg ? 'not in' : 'in'} (${lits.map((l) => l.text).join(', ')})`,
        holds: (r: Rec) => {
          const t = value(r);
          if (t === null) return null;
          const inside = lits.some((l) => timeHolds(t, '=', l));
          return neg ? !inside : inside;
        },
      })),
  );
}

/** Money as cents or dollars. */
const moneyLit = fc
  .integer({ min: -1_500, max: 21_000 })
  .chain((cents) =>
    fc.constantFrom(
      { text: String(cents), cents },
      { text: `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`, cents },
    ),
  );

function moneyLeaf(field: string): fc.Arbitrary<Cond> {
  const value = (r: Rec) => read(r, field) as number | null;
  return fc.oneof(
    fc.tuple(fc.constantFrom(...ALL_OPS), moneyLit).map(([op, m]) => ({
      text: `${field} ${op} ${m.text}`,
      holds: (r: Rec) => {
        const v = value(r);
        return v === null ? null : cmp(v, op, m.cents);
      },
    })),
    fc.tuple(moneyLit, moneyLit).map(([lo, hi]) => ({
      text: `${field} between ${lo.text} and ${hi.text}`,
      holds: (r: Rec) => {
        const v = value(r);
        return v === null ? null : v >= lo.cents && v <= hi.cents;
      },
    })),
  );
}

/** Enum values in a random case; the meaning compares them case-insensitively. */
function enumLeaf(field: string, values: readonly string[]): fc.Arbitrary<Cond> {
  const cased = fc
    .tuple(fc.constantFrom(...values), fc.constantFrom('upper', 'lower', 'same'))
    .map(([v, c]) => (c === 'upper' ? v.toUpperCase() : c === 'lower' ? v.toLowerCase() : v));
  const value = (r: Rec) => {
    const v = read(r, field);
    return typeof v === 'string' ? v.toUpperCase() : null;
  };
  return fc.oneof(
    fc.tuple(fc.constantFrom(...EQ_OPS), cased).map(([op, v]) => ({
      text: `${field} ${op} '${v}'`,
      holds: (r: Rec) => {
        const x = value(r);
        return x === null ? null : cmp(x, op, v.toUpperCase());
      },
    })),
    fc.tuple(fc.array(cased, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([vs, neg]) => ({
      text: `${field} ${neg ? 'not in' : 'in'} (${vs.map((v) => `'${v}'`).join(', ')})`,
      holds: (r: Rec) => {
        const x = value(r);
        if (x === null) return null;
        const inside = vs.some((v) => v.toUpperCase() === x);
        return neg ? !inside : inside;
      },
    })),
  );
}

function stringLeaf(
  field: string,
  values: readonly string[],
  ordered: boolean,
): fc.Arbitrary<Cond> {
  const value = (r: Rec) => {
    const v = read(r, field);
    return typeof v === 'string' ? v : null;
  };
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...(ordered ? ALL_OPS : EQ_OPS)), fc.constantFrom(...values))
      .map(([op, v]) => ({
        text: `${field} ${op} '${v.replaceAll("'", "''")}'`,
        holds: (r: Rec) => {
          const x = value(r);
          return x === null ? null : cmp(x, op, v);
        },
      })),
    fc
      .tuple(fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([vs, neg]) => ({
        text: `${field} ${neg ? 'not in' : 'in'} (${vs.map((v) => `'${v}'`).join(', ')})`,
        holds: (r: Rec) => {
          const x = value(r);
          return x === null ? null : vs.includes(x) !== neg;
        },
      })),
  );
}

function booleanLeaf(field: string): fc.Arbitrary<Cond> {
  return fc.tuple(fc.constantFrom(...EQ_OPS), fc.boolean()).map(([op, b]) => ({
    text: `${field} ${op} ${b}`,
    holds: (r: Rec) => {
      const v = read(r, field);
      return typeof v === 'boolean' ? cmp(v, op, b) : null;
    },
  }));
}

function nullLeaf(field: string, path = field): fc.Arbitrary<Cond> {
  return fc.boolean().map((neg) => ({
    text: `${field} is ${neg ? 'not ' : ''}null`,
    holds: (r: Rec) => (read(r, path) === null) === !neg,
  }));
}

const leaves = (offset: number): Record<ResourceName, fc.Arbitrary<Cond>> => ({
  payments: fc.oneof(
    { arbitrary: timeLeaf('createdTime', offset), weight: 4 },
    { arbitrary: timeLeaf('modifiedTime', offset), weight: 1 },
    { arbitrary: timeLeaf('clientCreatedTime', offset), weight: 1 },
    { arbitrary: moneyLeaf('amount'), weight: 2 },
    { arbitrary: moneyLeaf('tipAmount'), weight: 1 },
    { arbitrary: enumLeaf('result', ['SUCCESS', 'FAIL', 'VOIDED', 'AUTH']), weight: 2 },
    { arbitrary: enumLeaf('cardTransaction.cardType', ['VISA', 'AMEX', 'MC']), weight: 1 },
    { arbitrary: stringLeaf('tender.label', ['Cash', 'Credit Card', 'Gift'], true), weight: 1 },
    { arbitrary: stringLeaf('externalPaymentId', ['X1', 'X2', ' X1', ''], true), weight: 1 },
    { arbitrary: stringLeaf('employee.id', ['E1', 'E2'], false), weight: 1 },
    { arbitrary: booleanLeaf('offline'), weight: 1 },
    {
      arbitrary: fc.oneof(
        nullLeaf('externalPaymentId'),
        nullLeaf('tipAmount'),
        nullLeaf('cardTransaction.cardType'),
      ),
      weight: 1,
    },
  ),
  orders: fc.oneof(
    { arbitrary: timeLeaf('createdTime', offset), weight: 4 },
    { arbitrary: timeLeaf('modifiedTime', offset), weight: 1 },
    { arbitrary: moneyLeaf('total'), weight: 2 },
    { arbitrary: enumLeaf('state', ['open', 'locked', 'paid']), weight: 2 },
    { arbitrary: enumLeaf('payType', ['FULL', 'SPLIT_GUEST']), weight: 1 },
    { arbitrary: enumLeaf('paymentState', ['OPEN', 'PAID']), weight: 1 },
    { arbitrary: stringLeaf('note', ['rush', 'vip'], true), weight: 1 },
    { arbitrary: stringLeaf('employee.id', ['E1', 'E2'], false), weight: 1 },
    { arbitrary: booleanLeaf('testMode'), weight: 1 },
    {
      arbitrary: fc.oneof(
        nullLeaf('state'),
        nullLeaf('note'),
        nullLeaf('payType'),
        nullLeaf('orderType', 'orderType.id'),
      ),
      weight: 2,
    },
  ),
  refunds: fc.oneof(
    { arbitrary: timeLeaf('createdTime', offset), weight: 3 },
    { arbitrary: timeLeaf('clientCreatedTime', offset), weight: 1 },
    { arbitrary: moneyLeaf('amount'), weight: 2 },
    { arbitrary: booleanLeaf('voided'), weight: 1 },
    { arbitrary: stringLeaf('reason', ['damaged', 'late'], true), weight: 1 },
    {
      arbitrary: fc.oneof(nullLeaf('reason'), nullLeaf('device.id'), nullLeaf('createdTime')),
      weight: 1,
    },
  ),
});

function condition(resource: ResourceName, offset: number): fc.Arbitrary<Cond> {
  const { cond } = fc.letrec<{ cond: Cond }>((tie) => ({
    cond: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaves(offset)[resource],
      fc.array(tie('cond'), { minLength: 2, maxLength: 4 }).map((cs) => ({
        text: cs.map((c) => `(${c.text})`).join(' and '),
        holds: (r: Rec) => and3(cs.map((c) => c.holds(r))),
      })),
      fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((cs) => ({
        text: cs.map((c) => `(${c.text})`).join(' or '),
        holds: (r: Rec) => or3(cs.map((c) => c.holds(r))),
      })),
      tie('cond').map((c) => ({ text: `not (${c.text})`, holds: (r: Rec) => not3(c.holds(r)) })),
    ),
  }));
  return cond;
}

/** Zones without daylight saving, so the evaluator can read dates with a fixed offset. */
const ZONES = { UTC: 0, 'Asia/Kolkata': 5.5 * 3_600_000, 'America/Bogota': -5 * 3_600_000 };

interface Scenario {
  readonly tz: keyof typeof ZONES;
  readonly resource: ResourceName;
  readonly exported: boolean;
  readonly cond: Cond | null;
  readonly windowDays: number;
  readonly seed: number;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    resource: fc.constantFrom<ResourceName>('payments', 'orders', 'refunds'),
    exported: fc.boolean(),
    windowDays: fc.constantFrom(90, 90, 45, 30),
    seed: fc.integer(),
    tz: fc.constantFrom<keyof typeof ZONES>('UTC', 'UTC', 'Asia/Kolkata', 'America/Bogota'),
  })
  .chain((s) =>
    fc
      .oneof(
        { arbitrary: condition(s.resource, ZONES[s.tz]), weight: 9 },
        { arbitrary: fc.constant(null), weight: 1 },
      )
      .map((cond) => ({ ...s, exported: s.exported && s.resource !== 'refunds', cond })),
  );

const queryText = (s: Scenario) =>
  `${s.exported ? 'export ' : ''}${s.resource}${s.cond ? ` where ${s.cond.text}` : ''}`;

// ---------------------------------------------------------------------------------------------
// The fake server: the wire contract's filters, read without any help from the compiler.

type Filter = (r: Rec) => boolean;

/** Where a filter field's value lives (the catalogue is data shared with the mock, not logic). */
function pathOf(resource: ResourceName, field: string): string {
  return CATALOGUE[resource].fields.find((f) => f.name === field)?.path ?? field;
}

function typeOf(resource: ResourceName, field: string): string {
  const spec = CATALOGUE[resource].fields.find((f) => f.name === field);
  if (!spec?.filterable) throw new Error(`${resource} cannot filter on ${field}`);
  return spec.type;
}

/** A wire value as the field's type: numbers, booleans, enums upper-cased, text as is. */
function wireValue(type: string, text: string): string | number | boolean {
  switch (type) {
    case 'time':
    case 'money':
    case 'number':
      if (!/^-?\d+$/.test(text)) throw new Error(`bad number ${text}`);
      return Number(text);
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw new Error(`bad boolean ${text}`);
      return text === 'true';
    case 'enum':
      return text.toUpperCase();
    default:
      return text;
  }
}

function recordValue(type: string, v: string | number | boolean | null) {
  return type === 'enum' && typeof v === 'string' ? v.toUpperCase() : v;
}

/** The values of `in (...)`: single-quoted strings with '' for a quote, or bare numbers. */
function inValues(list: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < list.length) {
    if (list[i] === "'") {
      let s = '';
      let j = i + 1;
      for (; j < list.length; j++) {
        if (list[j] === "'" && list[j + 1] === "'") {
          s += "'";
          j++;
        } else if (list[j] === "'") break;
        else s += list[j];
      }
      out.push(s);
      i = j + 1;
    } else {
      const comma = list.indexOf(',', i);
      out.push(list.slice(i, comma < 0 ? list.length : comma).trim());
      i = comma < 0 ? list.length : comma;
    }
    if (list[i] === ',') i++;
  }
  return out;
}

function parseFilter(resource: ResourceName, filter: string): { field: string; test: Filter } {
  const isNull = /^([A-Za-z0-9_.]+) ?IS (NOT )?NULL$/i.exec(filter);
  if (isNull) {
    const [, field = '', negated] = isNull;
    typeOf(resource, field);
    const path = pathOf(resource, field);
    return { field, test: (r) => (read(r, path) === null) === !negated };
  }
  const list = /^([A-Za-z0-9_.]+) in \((.*)\)$/i.exec(filter);
  if (list) {
    const [, field = '', body = ''] = list;
    const type = typeOf(resource, field);
    const values = inValues(body).map((v) => wireValue(type, v));
    if (values.length > 100) throw new Error('more than 100 values in a filter');
    const path = pathOf(resource, field);
    return {
      field,
      test: (r) => {
        const v = recordValue(type, read(r, path));
        return v !== null && values.includes(v);
      },
    };
  }
  const c = /^([A-Za-z0-9_.]+)(>=|<=|!=|=|>|<)([\s\S]*)$/.exec(filter);
  if (!c) throw new Error(`unreadable filter ${filter}`);
  const [, field = '', op = '=', text = ''] = c;
  const type = typeOf(resource, field);
  if (
    (type === 'string' || type === 'id' || type === 'enum' || type === 'boolean') &&
    op !== '=' &&
    op !== '!='
  ) {
    throw new Error(`order comparison on ${type} field ${field}: ${filter}`);
  }
  const want = wireValue(type, text);
  const path = pathOf(resource, field);
  return {
    field,
    test: (r) => {
      const v = recordValue(type, read(r, path));
      // SQL semantics: a comparison with a null (or a value of another type) is not true.
      return v !== null && typeof v === typeof want && cmp(v, op as Op, want);
    },
  };
}

/** The records one request returns (every page of it), checking that Clover would not clamp it. */
function serve(plan: Plan, req: PlanRequest, data: Dataset): Rec[] {
  const resource = plan.resource;
  const records = data[resource];
  if (req.method === 'POST') {
    const body = req.body as { type: string; startTime: number; endTime: number };
    expect(body.type).toBe(CATALOGUE[resource].exportType);
    expect(body.endTime - body.startTime).toBeLessThanOrEqual(30 * DAY);
    expect(body.endTime).toBeGreaterThanOrEqual(body.startTime);
    return records.filter(
      (r) =>
        (r.createdTime as number) >= body.startTime && (r.createdTime as number) <= body.endTime,
    );
  }
  expect(req.path).toBe(`/v3/merchants/{mId}/${resource}`);
  const filters = req.query
    .filter(([k]) => k === 'filter')
    .map(([, v]) => parseFilter(resource, v));
  const timeFields = CATALOGUE[resource].timeFields;
  const timeFilters = req.query
    .filter(([k, v]) => k === 'filter' && timeFields.some((t) => v.startsWith(t)))
    .map(([, v]) => v);
  if (timeFilters.length === 0) {
    // Only resources Clover does not clamp without a time filter may be read without one.
    expect(CATALOGUE[resource].clampWithoutTimeFilter).toBe(false);
  } else {
    const bound = (re: RegExp) => timeFilters.map((f) => re.exec(f)).find((m) => m !== null)?.[1];
    const lower = bound(new RegExp(`^${plan.timeField}>=?(\\d+)$`));
    const upper = bound(new RegExp(`^${plan.timeField}<=?(\\d+)$`));
    expect(lower, `lower bound in ${timeFilters.join(' & ')}`).toBeDefined();
    expect(upper, `upper bound in ${timeFilters.join(' & ')}`).toBeDefined();
    // The clamp compares the bound values alone: a window of at most 90 days is never cut.
    expect(Number(upper) - Number(lower)).toBeLessThanOrEqual(90 * DAY);
  }
  const hidden = CATALOGUE[resource].hiddenUnlessFiltered;
  const namesHidden = hidden !== null && filters.some((f) => f.field === hidden);
  return records.filter(
    (r) =>
      (hidden === null || namesHidden || read(r, hidden) !== null) &&
      filters.every((f) => f.test(r)),
  );
}

/** Runs a plan against the fake server: every request, deduplicated by id, then the residual. */
function execute(plan: Plan, data: Dataset): string[] {
  const seen = new Map<string, Rec>();
  for (const req of plan.requests) for (const r of serve(plan, req, data)) seen.set(r.id, r);
  const residual = plan.residual ? compileMatcher(plan.residual, plan.resource) : () => true;
  return [...seen.values()]
    .filter((r) => residual(r) === true)
    .map((r) => r.id)
    .sort();
}

// ---------------------------------------------------------------------------------------------

describe('executing a plan returns exactly the records the query asks for', () => {
  it('for random queries over random data (fake server, independent evaluator)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const data = dataset(s.seed);
        const query = queryText(s);
        const plan = compile(query, {
          now: END,
          earliest: START,
          windowDays: s.windowDays,
          tz: s.tz,
        });
        const expected = data[s.resource]
          .filter((r) => (s.cond ? s.cond.holds(r) === true : true))
          .map((r) => r.id)
          .sort();
        expect(execute(plan, data), query).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('for the queries of the language reference', () => {
    const data = dataset(7);
    const cases: [string, (r: Rec) => boolean][] = [
      [
        "payments where createdTime >= 2024-03-01 and amount > 1000 and result = 'SUCCESS'",
        (r) =>
          (r.createdTime as number) >= Date.UTC(2024, 2, 1) &&
          (r.amount as number) > 1000 &&
          r.result === 'SUCCESS',
      ],
      [
        "payments where createdTime >= 2024-05-01 and (amount > $100 or tender.label = 'Cash')",
        (r) =>
          (r.createdTime as number) >= Date.UTC(2024, 4, 1) &&
          ((r.amount as number) > 10000 || read(r, 'tender.label') === 'Cash'),
      ],
      [
        'orders where createdTime >= 2024-01-20 and total > $25',
        (r) => (r.createdTime as number) >= Date.UTC(2024, 0, 20) && (r.total as number) > 2500,
      ],
      [
        "orders where createdTime >= 2023-01-01 and state != 'paid'",
        (r) =>
          (r.createdTime as number) >= Date.UTC(2023, 0, 1) &&
          r.state !== null &&
          r.state !== 'paid',
      ],
      ['refunds where amount > $10', (r) => (r.amount as number) > 1000],
      [
        'refunds where createdTime != 1700000000000 and reason is null',
        (r) => r.createdTime !== 1700000000000 && r.reason === null,
      ],
    ];
    for (const [query, holds] of cases) {
      const plan = compile(query, { now: END, earliest: START });
      const expected = data[plan.resource]
        .filter(holds)
        .map((r) => r.id)
        .sort();
      expect(expected.length, query).toBeGreaterThan(0);
      expect(execute(plan, data), query).toEqual(expected);
    }
  });
});
