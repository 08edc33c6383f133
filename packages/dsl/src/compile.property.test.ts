/**
 * Property (2) of issue #2: `compile` and `tryCompile` on any string — random text, text from the
 * language's own tokens, random queries from the grammar and mutations of valid queries — return a
 * plan or `QueryError`s, never another exception and never INTERNAL_ERROR (a compiler bug), and
 * finish in time roughly linear in the input, up to 100 KB and beyond.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, RESOURCE_NAMES } from './catalogue/catalogue.js';
import { type CompileOptions, compile, tryCompile } from './compile.js';
import { QueryError } from './errors/query-error.js';
import { PLAN_VERSION } from './planner/plan-types.js';
import { cpuMs } from './testing/test-cpu-time.js';

const RUNS = process.env.CLOVERQL_LONG ? 5_000 : 200;
const NOW = Date.UTC(2024, 5, 1);

/** Compiles both ways and checks that the outcome is a plan or QueryErrors, and the same both ways. */
function expectPlanOrQueryError(query: string, options: CompileOptions = { now: NOW }): void {
  const r = tryCompile(query, options);
  if (r.ok) {
    expect(r.plan.version).toBe(PLAN_VERSION);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e).toBeInstanceOf(QueryError);
      expect(e.code, `${e.code}: ${e.message}\nin ${JSON.stringify(query)}`).not.toBe(
        'INTERNAL_ERROR',
      );
      expect(e.offset).toBeGreaterThanOrEqual(0);
      expect(e.offset + e.length).toBeLessThanOrEqual(query.length);
      expect(typeof e.format()).toBe('string');
    }
  }
  let thrown: unknown;
  try {
    const plan = compile(query, options);
    expect(r.ok && plan).toEqual(r.ok && r.plan);
  } catch (e) {
    thrown = e;
  }
  if (r.ok) expect(thrown).toBeUndefined();
  else {
    expect(thrown).toBeInstanceOf(QueryError);
    expect((thrown as QueryError).all.map((e) => e.code)).toEqual(r.errors.map((e) => e.code));
  }
}

const options: fc.Arbitrary<CompileOptions> = fc.record(
  {
    now: fc.constant(NOW),
    tz: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'),
    windowDays: fc.constantFrom(90, 30, 7.5, 1),
    earliest: fc.constantFrom(Date.UTC(2023, 0, 1), Date.UTC(2024, 4, 1)),
    pageSize: fc.constantFrom(1000, 10),
  },
  { requiredKeys: ['now'] },
);

const WORDS = [
  'payments',
  'orders',
  'refunds',
  'export',
  'where',
  'and',
  'or',
  'not',
  '(',
  ')',
  ',',
  '.',
  'between',
  'in',
  'is',
  'null',
  'order',
  'by',
  'asc',
  'desc',
  'limit',
  'true',
  'false',
  'now',
  'today',
  'yesterday',
  '-',
  '+',
  '=',
  '==',
  '!=',
  '<>',
  '>',
  '>=',
  '<',
  '<=',
  '1d',
  '2w',
  '36h',
  '5',
  '-5',
  '1.5',
  '1e3',
  '$12.50',
  "'x'",
  "'SUCCESS'",
  "'open'",
  '"it\'s"',
  "'",
  '"',
  '--',
  '2024-05-01',
  '2024-02-30',
  '2024-05-01T10:00:00Z',
  '1969-12-31',
  '1717000000000',
  'amount',
  'total',
  'createdTime',
  'modifiedTime',
  'clientCreatedTime',
  'result',
  'state',
  'tender.label',
  'order.id',
  'employee.id',
  'offline',
  'note',
  'amout',
  '@',
  '\n',
  'select',
  'group',
  'having',
  'as',
  'distinct',
  'count',
  'sum',
  'avg',
  'max',
  'day',
  'week',
  'month',
  'sunday',
  'count()',
  'sum(amount)',
  'day(createdTime)',
];

/** Text made of the language's own words, joined with or without spaces. */
const tokenSoup = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }), fc.constantFrom(' ', '', '  '))
  .map(([words, sep]) => words.join(sep));

/** Random queries from the grammar, over each resource's real fields and assorted values. */
const VALUES = [
  '5',
  '-5',
  '0',
  '1.5',
  '$12.50',
  "'SUCCESS'",
  "'fail'",
  "'open'",
  "'x'",
  "''",
  "' padded'",
  "'it''s'",
  'true',
  'false',
  'null',
  '2024-05-01',
  '2024-05-20T12:00:00Z',
  '2024-03-10T02:30',
  '1716000000000',
  'now',
  'today',
  'yesterday - 1d',
  'now - 36h',
  'today - 2w + 9h',
  '2099-01-01',
];
const OPS = ['=', '!=', '>', '>=', '<', '<='];
const grammarQuery = fc
  .constantFrom(...RESOURCE_NAMES)
  .chain((resource) => {
    const fields = CATALOGUE[resource].fields.map((f) => f.name);
    const field = fc.constantFrom(...fields, 'nope');
    const value = fc.constantFrom(...VALUES);
    const leaf = fc.oneof(
      fc.tuple(field, fc.constantFrom(...OPS), value).map(([f, o, v]) => `${f} ${o} ${v}`),
      fc.tuple(field, value, value).map(([f, a, b]) => `${f} between ${a} and ${b}`),
      fc
        .tuple(field, fc.boolean(), fc.array(value, { minLength: 1, maxLength: 4 }))
        .map(([f, neg, vs]) => `${f} ${neg ? 'not in' : 'in'} (${vs.join(', ')})`),
      fc.tuple(field, fc.boolean()).map(([f, neg]) => `${f} is ${neg ? 'not ' : ''}null`),
      fc.constantFrom(
        'createdTime >= 2024-05-01',
        'createdTime >= 2024-01-01',
        'createdTime < now',
      ),
    );
    const { cond } = fc.letrec<{ cond: string }>((tie) => ({
      cond: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('cond'), { minLength: 2, maxLength: 4 }).map((cs) => cs.join(' and ')),
        fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((cs) => `(${cs.join(' or ')})`),
        tie('cond').map((c) => `not (${c})`),
      ),
    }));
    return fc.tuple(
      fc.constant(resource),
      fc.boolean(),
      fc.option(cond, { nil: undefined }),
      fc.option(fc.tuple(field, fc.constantFrom('', ' asc', ' desc')), { nil: undefined }),
      fc.option(fc.constantFrom('1', '10', '0', '5000'), { nil: undefined }),
    );
  })
  .map(([resource, exp, cond, order, limit]) =>
    [
      exp ? 'export' : '',
      resource,
      cond ? `where ${cond}` : '',
      order ? `order by ${order[0]}${order[1]}` : '',
      limit ? `limit ${limit}` : '',
    ]
      .filter((s) => s !== '')
      .join(' '),
  );

/** Random queries with group by, having, select and order by (valid or not). */
const groupedQuery = fc
  .constantFrom(...RESOURCE_NAMES)
  .chain((resource) => {
    const fields = CATALOGUE[resource].fields.map((f) => f.name);
    const field = fc.constantFrom(...fields, 'nope');
    const fn = fc.constantFrom(
      'count',
      'sum',
      'avg',
      'min',
      'max',
      'day',
      'week',
      'month',
      'hour',
      'year',
      'cnt',
      'COUNT',
    );
    const call = fc.oneof(
      fc.constant('count()'),
      fc.tuple(fn, fc.boolean(), field).map(([f, d, x]) => `${f}(${d ? 'distinct ' : ''}${x})`),
      fc
        .tuple(fn, field, fc.constantFrom('sunday', 'monday', 'sundy'))
        .map(([f, x, w]) => `${f}(${x}, ${w})`),
    );
    const expr = fc.oneof(field, call);
    const item = fc
      .tuple(expr, fc.option(fc.constantFrom('a', 'n', 'amount'), { nil: undefined }))
      .map(([e, a]) => (a ? `${e} as ${a}` : e));
    const havingLeaf = fc.oneof(
      fc
        .tuple(expr, fc.constantFrom(...OPS), fc.constantFrom(...VALUES))
        .map(([e, o, v]) => `${e} ${o} ${v}`),
      fc.tuple(expr, fc.boolean()).map(([e, n]) => `${e} is ${n ? 'not ' : ''}null`),
      fc.constantFrom('n > 1', 'a = 5'),
    );
    const having = fc
      .array(havingLeaf, { minLength: 1, maxLength: 3 })
      .chain((ls) => fc.constantFrom(ls.join(' and '), `not (${ls.join(' or ')})`));
    return fc.tuple(
      fc.constant(resource),
      fc.option(fc.array(expr, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      fc.option(having, { nil: undefined }),
      fc.option(fc.array(item, { minLength: 1, maxLength: 4 }), { nil: undefined }),
      fc.option(fc.tuple(fc.oneof(expr, fc.constantFrom('a', 'n')), fc.constantFrom('', ' desc')), {
        nil: undefined,
      }),
      fc.option(fc.constantFrom('1', '5', '0'), { nil: undefined }),
    );
  })
  .map(([resource, group, having, select, order, limit]) =>
    [
      resource,
      'where createdTime >= 2024-05-01',
      group ? `group by ${group.join(', ')}` : '',
      having ? `having ${having}` : '',
      select ? `select ${select.join(', ')}` : '',
      order ? `order by ${order[0]}${order[1]}` : '',
      limit ? `limit ${limit}` : '',
    ]
      .filter((x) => x !== '')
      .join(' '),
  );

const VALID = [
  "payments where createdTime >= 2024-03-01 and amount > 1000 and result = 'SUCCESS'",
  "payments where createdTime >= 2024-05-01 and (amount > $100 or cardTransaction.cardType = 'AMEX')",
  "payments where createdTime >= 2024-05-01 and not (result = 'SUCCESS' or offline = true)",
  'orders where createdTime between 2024-05-01 and 2024-05-15 and total between $10 and $20',
  "payments where createdTime >= 2024-05-01 and result in ('FAIL', 'VOIDED') and employee.id not in ('E1', 'E2')",
  'orders where createdTime >= 2024-05-01 and customer.id is not null and note is null',
  'payments where createdTime >= today - 2w and createdTime < now - 1h',
  'payments where createdTime >= 2024-05-25 order by createdTime desc limit 10',
  'export payments where createdTime >= 2024-04-01 and createdTime < 2024-05-15 and amount > $20',
  'refunds where amount > $50',
  "orders where createdTime >= 2024-05-20 and (state = 'open' or total > $25)",
  'payments where createdTime = 2024-05-31T12:00:00+02:00 or createdTime in (2024-05-01, 1716000000000)',
  'payments where createdTime >= 2024-05-01 select id, amount, tender.label',
  'payments where createdTime >= 2024-05-01 group by month(createdTime), tender.label select count(), sum(amount) order by sum(amount) desc limit 5',
  'orders where createdTime >= today - 30d group by week(createdTime, sunday) having count() > 2 select count(), avg(total) as a',
];

/** Character-level edits: insert, delete or replace a run of text at some position. */
const charMutation = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 4 }),
  insert: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom(...WORDS)),
});
/** Token-level edits on the whitespace-separated words of a query. */
const tokenMutation = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  op: fc.constantFrom('insert', 'delete', 'replace', 'duplicate', 'swap'),
  word: fc.constantFrom(...WORDS),
});

function applyCharMutation(q: string, m: { at: number; remove: number; insert: string }): string {
  const i = Math.floor(m.at * (q.length + 1));
  return q.slice(0, i) + m.insert + q.slice(i + m.remove);
}

function applyTokenMutation(q: string, m: { at: number; op: string; word: string }): string {
  const words = q.split(' ');
  const i = Math.min(words.length - 1, Math.floor(m.at * words.length));
  switch (m.op) {
    case 'insert':
      words.splice(i, 0, m.word);
      break;
    case 'delete':
      words.splice(i, 1);
      break;
    case 'replace':
      words[i] = m.word;
      break;
    case 'duplicate':
      words.splice(i, 0, words[i] ?? '');
      break;
    default:
      if (i + 1 < words.length) [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
  }
  return words.join(' ');
}

describe('compile on any input returns a plan or QueryErrors', () => {
  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), options, expectPlanOrQueryError), {
      numRuns: RUNS,
    });
  });

  it('arbitrary Unicode, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), options, expectPlanOrQueryError),
      { numRuns: RUNS },
    );
  });

  it('strings of the language’s own tokens', () => {
    fc.assert(fc.property(tokenSoup, options, expectPlanOrQueryError), { numRuns: RUNS * 2 });
  });

  it('random queries from the grammar', () => {
    fc.assert(fc.property(grammarQuery, options, expectPlanOrQueryError), { numRuns: RUNS * 2 });
  });

  it('random queries with group by, having, select and order by', () => {
    fc.assert(fc.property(groupedQuery, options, expectPlanOrQueryError), { numRuns: RUNS * 2 });
  });

  it('character mutations of valid queries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(charMutation, { minLength: 1, maxLength: 4 }),
        options,
        (q, ms, o) => expectPlanOrQueryError(ms.reduce(applyCharMutation, q), o),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('token mutations of valid queries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(tokenMutation, { minLength: 1, maxLength: 4 }),
        options,
        (q, ms, o) => expectPlanOrQueryError(ms.reduce(applyTokenMutation, q), o),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('the valid seeds compile', () => {
    for (const q of VALID) expect(tryCompile(q, { now: NOW }).ok, q).toBe(true);
  });

  it('out-of-range times in every zone', () => {
    for (const tz of ['UTC', 'America/New_York', 'Australia/Lord_Howe']) {
      for (const v of [
        'now - 199999999d',
        'today - 99999999999w',
        'now + 99999999999999999999h',
        'now - 9999999999999999999999999999999999999999ms - 1d',
        '-8640000000000001',
        '99999999999999999999',
      ]) {
        expectPlanOrQueryError(`payments where createdTime >= ${v}`, { now: NOW, tz });
      }
    }
  });
});

describe('compile time stays roughly linear in the input', () => {
  const SIZE = 100_000;
  /** `unit` repeated after `prefix` until the text is `size` long, then `suffix`. */
  const fill = (unit: string, around: { prefix?: string; suffix?: string; size?: number } = {}) => {
    const { prefix = '', suffix = '', size = SIZE } = around;
    const times = Math.ceil((size - prefix.length - suffix.length) / unit.length);
    return prefix + unit.repeat(Math.max(0, times)) + suffix;
  };
  const words = fc.sample(fc.constantFrom(...WORDS), { numRuns: 30_000, seed: 42 });
  const randomTokens = words.join(' ').slice(0, SIZE);
  const cases: [string, string][] = [
    [
      'an and chain',
      fill(' and amount > 5', { prefix: 'payments where createdTime >= 2024-05-01' }),
    ],
    [
      'an or chain',
      fill(' or amount > 5', {
        prefix: 'payments where createdTime >= 2024-05-01 and (amount = 1',
        suffix: ')',
      }),
    ],
    [
      'a top-level or chain',
      fill(' or amount > 5', { prefix: 'payments where createdTime >= 2024-05-01 and amount = 1' }),
    ],
    [
      'ands of ors',
      fill(" and (amount > 5 or result = 'FAIL')", {
        prefix: 'payments where createdTime >= 2024-05-01',
      }),
    ],
    [
      'ands of nested parentheses',
      fill(` and ${'('.repeat(60)}amount > 5${')'.repeat(60)}`, {
        prefix: 'payments where createdTime >= 2024-05-01',
      }),
    ],
    [
      'an in list',
      fill(', 1', {
        prefix: 'payments where createdTime >= 2024-05-01 and amount in (0',
        suffix: ')',
      }),
    ],
    ['random tokens', randomTokens],
    ['parentheses', fill('(')],
    ['parentheses after where', fill('(', { prefix: 'payments where ' })],
    ['nots', fill('not ', { prefix: 'payments where ' })],
    ['single quotes', fill("'")],
    ['double quotes', fill('"')],
    ['unexpected characters', fill('@ ')],
    ['unexpected characters on many lines', fill('\n@')],
    [
      'unknown fields',
      fill(' and amoun > 5', { prefix: 'payments where createdTime >= 2024-05-01' }),
    ],
    [
      'a syntax error at the end',
      fill(' and amount > 5', {
        prefix: 'payments where createdTime >= 2024-05-01',
        suffix: ' and and',
      }),
    ],
    ['a long string', fill('a', { prefix: "payments where tender.label = '", suffix: "'" })],
    ['a long identifier', fill('a', { prefix: 'payments where ', suffix: ' = 1' })],
  ];

  it.each(cases)('100 KB of %s compiles within 2 s', (_, query) => {
    expect(query.length).toBeGreaterThanOrEqual(SIZE);
    const t0 = cpuMs();
    expectPlanOrQueryError(query);
    // Both tryCompile and compile ran: a few hundred ms on a loaded machine; quadratic work took seconds.
    expect(cpuMs() - t0).toBeLessThan(2_000);
  });

  it('500 KB of an and chain compiles within 5 s (a quadratic pass took tens of seconds)', () => {
    const query = fill(' and amount > 5', {
      prefix: 'payments where createdTime >= 2024-05-01',
      size: 500_000,
    });
    const t0 = cpuMs();
    expect(tryCompile(query, { now: NOW }).ok).toBe(true);
    expect(cpuMs() - t0).toBeLessThan(5_000);
  });
});
