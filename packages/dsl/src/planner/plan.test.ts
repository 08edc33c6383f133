import { describe, expect, it } from 'vitest';
import { type CompileOptions, compile, tryCompile } from '../compile.js';
import { CLAMP_MS, DAY_MS, EXPORT_MAX_MS } from '../limits/clover-limits.js';
import { comparison, inList, isNull, or } from '../predicate/predicate.js';
import { cpuMs } from '../testing/test-cpu-time.js';
import { MAX_WINDOWS } from './plan.js';
import type { Plan, PlanRequest, TimeWindow } from './plan-types.js';

const NOW = Date.UTC(2024, 5, 1); // 2024-06-01T00:00:00Z
const utc = (iso: string) => Date.parse(iso);
const plan = (query: string, options: CompileOptions = {}): Plan =>
  compile(query, { now: NOW, ...options });
const errorOf = (query: string, options: CompileOptions = {}) => {
  const r = tryCompile(query, { now: NOW, ...options });
  if (r.ok) throw new Error(`expected ${query} to fail`);
  return r.errors[0]!;
};

const filtersOf = (r: PlanRequest) => r.query.filter(([k]) => k === 'filter').map(([, v]) => v);
const paramOf = (r: PlanRequest, key: string) => r.query.find(([k]) => k === key)?.[1];
/** Filters other than the window's own two time filters. */
const extraFilters = (p: Plan, r: PlanRequest) =>
  filtersOf(r).filter((f) => !new RegExp(`^${p.timeField}(>=|>|<=|<)\\d+$`).test(f));
const win = (start: string, end: string, ends: '[]' | '[)' | '(]' | '()'): TimeWindow => ({
  start: utc(start),
  end: utc(end),
  startInclusive: ends[0] === '[',
  endInclusive: ends[1] === ']',
});

describe('plan: the time range', () => {
  it('intersects every bound on the time field', () => {
    const p = plan(
      'payments where createdTime >= 2024-05-01 and createdTime >= 2024-05-10 and createdTime < 2024-05-20 and createdTime <= 2024-05-25',
    );
    expect(p.range).toEqual(win('2024-05-10T00:00:00Z', '2024-05-20T00:00:00Z', '[)'));
    expect(p.windows).toEqual([p.range]);
    expect(filtersOf(p.requests[0]!)).toEqual([
      `createdTime>=${utc('2024-05-10T00:00:00Z')}`,
      `createdTime<${utc('2024-05-20T00:00:00Z')}`,
    ]);
    expect(p.residual).toBeNull();
  });

  it("keeps the user's own exclusive and inclusive ends on the outer windows", () => {
    const p = plan(
      'payments where createdTime > 2024-01-01T00:00:00Z and createdTime <= 2024-05-01T00:00:00Z',
    );
    expect(p.windows).toEqual([
      win('2024-01-01T00:00:00Z', '2024-03-31T00:00:00Z', '()'),
      win('2024-03-31T00:00:00Z', '2024-05-01T00:00:00Z', '[]'),
    ]);
    expect(filtersOf(p.requests[0]!)).toEqual([
      `createdTime>${utc('2024-01-01T00:00:00Z')}`,
      `createdTime<${utc('2024-03-31T00:00:00Z')}`,
    ]);
    expect(filtersOf(p.requests[1]!)).toEqual([
      `createdTime>=${utc('2024-03-31T00:00:00Z')}`,
      `createdTime<=${utc('2024-05-01T00:00:00Z')}`,
    ]);
  });

  it('cuts the range into consecutive windows of at most 90 days', () => {
    const p = plan('payments where createdTime >= 2023-01-01');
    expect(p.windows.length).toBe(Math.ceil((NOW - utc('2023-01-01T00:00:00Z')) / CLAMP_MS));
    for (const [i, w] of p.windows.entries()) {
      expect(w.end - w.start).toBeLessThanOrEqual(CLAMP_MS);
      if (i > 0) expect(w.start).toBe(p.windows[i - 1]!.end);
    }
    expect(p.requests.map((r) => r.window)).toEqual(p.windows.map((_, i) => i));
    expect(new Set(p.requests.map((r) => r.stream))).toEqual(new Set([0]));
  });

  it('honours a smaller windowDays', () => {
    const p = plan('payments where createdTime >= 2024-01-01', { windowDays: 30 });
    expect(p.windows).toHaveLength(6);
    expect(p.windows.slice(0, -1).every((w) => w.end - w.start === 30 * DAY_MS)).toBe(true);
    const half = plan('payments where createdTime >= 2024-05-31', { windowDays: 0.5 });
    expect(half.windows).toHaveLength(2);
  });

  it('closes an open upper end at now, inclusive', () => {
    const p = plan('payments where createdTime >= 2024-05-25');
    expect(p.range).toEqual(win('2024-05-25T00:00:00Z', '2024-06-01T00:00:00Z', '[]'));
  });

  it('replaces an upper end in the future with now', () => {
    const p = plan('payments where createdTime >= 2024-05-25 and createdTime < 2024-12-31');
    expect(p.range).toEqual(win('2024-05-25T00:00:00Z', '2024-06-01T00:00:00Z', '[]'));
    const exclusiveNow = plan('payments where createdTime >= 2024-05-25 and createdTime < now');
    expect(exclusiveNow.range?.endInclusive).toBe(false);
  });

  it('starts a query without a lower bound at earliest', () => {
    const p = plan('payments where createdTime < 2024-05-01', {
      earliest: utc('2024-04-01T00:00:00Z'),
    });
    expect(p.range).toEqual(win('2024-04-01T00:00:00Z', '2024-05-01T00:00:00Z', '[)'));
    expect(p.warnings).toEqual([]);
    const asDate = plan('payments where createdTime < 2024-05-01', {
      earliest: new Date('2024-04-01T00:00:00Z'),
    });
    expect(asDate.range).toEqual(p.range);
  });

  it('asks for a lower bound without earliest, pointing at the where clause', () => {
    const source = 'payments where createdTime < 2024-05-01 and amount > 1000';
    const e = errorOf(source);
    expect(e.code).toBe('MISSING_LOWER_BOUND');
    expect(e.message).toBe(
      'the query needs a lower bound on createdTime: Clover returns at most 90 days per request, so cloverql must know where to start',
    );
    expect(e.offset).toBe(source.indexOf('createdTime'));
    expect(e.length).toBe(source.length - e.offset);
    expect(e.hint).toBe(
      'add createdTime >= 2024-01-01 (or today - 30d), or pass the earliest option',
    );
  });

  it('asks for a lower bound in every or-branch', () => {
    const e = errorOf(
      'payments where (createdTime >= 2024-05-01 and amount > 5) or (createdTime < 2024-05-01 and result = "FAIL")',
    );
    expect(e.code).toBe('MISSING_LOWER_BOUND');
    expect(e.message).toContain('in every or-branch');
  });
});

describe('plan: no time bound at all', () => {
  it('covers the last 90 days and says so', () => {
    const p = plan("payments where result = 'FAIL'");
    expect(p.range).toEqual({
      start: NOW - CLAMP_MS,
      end: NOW,
      startInclusive: true,
      endInclusive: true,
    });
    expect(p.windows).toHaveLength(1);
    expect(p.warnings).toEqual([
      {
        code: 'NO_TIME_BOUND',
        message:
          'no bound on createdTime: Clover answers only the last 90 days, so the plan covers 2024-03-03T00:00:00.000Z to now; add a bound on createdTime or the earliest option to go further back',
      },
    ]);
    expect(filtersOf(p.requests[0]!)).toEqual([
      `createdTime>=${NOW - CLAMP_MS}`,
      `createdTime<=${NOW}`,
      'result=FAIL',
    ]);
  });

  it('covers earliest to now in windows when earliest is given', () => {
    const p = plan("payments where result = 'FAIL'", { earliest: utc('2024-01-01T00:00:00Z') });
    expect(p.range).toEqual(win('2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z', '[]'));
    expect(p.windows).toHaveLength(2);
    expect(p.warnings).toEqual([
      {
        code: 'NO_TIME_BOUND',
        message:
          'no bound on createdTime: the plan covers the earliest option (2024-01-01T00:00:00.000Z) to now',
      },
    ]);
  });

  it('applies to a query without a where clause, and to != on the time field', () => {
    expect(plan('payments').warnings.map((w) => w.code)).toEqual(['NO_TIME_BOUND']);
    // An export is not clamped by Clover: the warning says what the plan chose, not why Clover would.
    const exp = plan('export payments').warnings[0]!.message;
    expect(exp).toContain('the export covers the last 90 days');
    expect(exp).not.toContain('Clover answers');
    const p = plan('payments where createdTime != 1717000000000');
    expect(p.warnings.map((w) => w.code)).toEqual(['NO_TIME_BOUND']);
    expect(extraFilters(p, p.requests[0]!)).toEqual(['createdTime!=1717000000000']);
  });

  it('requests nothing when earliest is after now', () => {
    for (const q of ["payments where result = 'FAIL'", 'export payments where amount > 5']) {
      const p = plan(q, { earliest: NOW + DAY_MS });
      expect(p.requests, q).toEqual([]);
      expect(p.windows).toEqual([]);
      expect(p.warnings.map((w) => w.code)).toEqual(['NO_TIME_BOUND', 'EMPTY_RANGE']);
      expect(p.warnings[1]!.message).toBe(
        'the range of createdTime starts after now (2024-06-02T00:00:00.000Z), so nothing is requested',
      );
    }
  });

  it('reads refunds, which Clover does not clamp without a time filter, in one unwindowed request', () => {
    const p = plan('refunds where amount > $50');
    expect(p.requests).toHaveLength(1);
    expect(p.requests[0]!.query).toEqual([
      ['filter', 'amount>5000'],
      ['limit', '1000'],
    ]);
    expect(p.warnings).toEqual([]);
    expect(p.windows).toEqual([{ start: 0, end: NOW, startInclusive: true, endInclusive: true }]);
  });

  it('keeps time-field conditions of an unwindowed refunds request client-side', () => {
    // Any filter naming a time field makes Clover clamp refunds to the last 90 days, which would
    // silently drop older records from a request that must see them all.
    const p = plan('refunds where createdTime != 1717000000000 and amount > 5');
    expect(p.requests[0]!.query).toEqual([
      ['filter', 'amount>5'],
      ['limit', '1000'],
    ]);
    expect(p.residual).toEqual(comparison('createdTime', '!=', 1717000000000));
    const nulls = plan('refunds where clientCreatedTime is null and createdTime is not null');
    expect(filtersOf(nulls.requests[0]!)).toEqual([]);
    expect(nulls.residual).toEqual({
      kind: 'and',
      operands: [isNull('clientCreatedTime'), isNull('createdTime', true)],
    });
    const branches = plan('refunds where createdTime is null or amount > 5');
    expect(branches.requests).toHaveLength(1);
    expect(filtersOf(branches.requests[0]!)).toEqual([]);
    expect(branches.residual).toEqual(or([isNull('createdTime'), comparison('amount', '>', 5)]));
  });

  it('windows refunds as soon as the query bounds their time', () => {
    const p = plan('refunds where createdTime >= 2024-01-01 and amount > $50');
    expect(p.windows).toHaveLength(2);
    expect(filtersOf(p.requests[0]!)[0]).toBe(`createdTime>=${utc('2024-01-01T00:00:00Z')}`);
  });
});

describe('plan: empty ranges and contradictions', () => {
  it('compiles an inverted range to no requests with a warning', () => {
    const p = plan('payments where createdTime >= 2024-05-30 and createdTime < 2024-05-01');
    expect(p.requests).toEqual([]);
    expect(p.windows).toEqual([]);
    expect(p.range).toBeNull();
    expect(p.residual).toBeNull();
    expect(p.warnings.map((w) => w.code)).toEqual(['CONTRADICTION']);
  });

  it('compiles a range that starts after now to no requests with EMPTY_RANGE', () => {
    const p = plan('payments where createdTime > 2024-07-01');
    expect(p.requests).toEqual([]);
    expect(p.range).toBeNull();
    expect(p.warnings).toEqual([
      {
        code: 'EMPTY_RANGE',
        message:
          'the range of createdTime starts after now (2024-07-02T00:00:00.000Z), so nothing is requested',
      },
    ]);
  });

  it('reports a range that ends before it starts once now closes it', () => {
    const p = plan('payments where createdTime > now');
    expect(p.requests).toEqual([]);
    expect(p.warnings).toEqual([
      {
        code: 'EMPTY_RANGE',
        message:
          'the range of createdTime is empty ((2024-06-01T00:00:00.000Z, 2024-06-01T00:00:00.000Z]), so nothing is requested',
      },
    ]);
  });

  it('drops an empty or-branch and keeps the others', () => {
    const p = plan(
      "payments where (createdTime > 2024-07-01 and amount > 5) or (createdTime >= 2024-05-01 and result = 'FAIL')",
    );
    expect(p.requests).toHaveLength(1);
    expect(p.warnings.map((w) => w.code)).toEqual(['EMPTY_RANGE']);
    expect(extraFilters(p, p.requests[0]!)).toEqual(['result=FAIL']);
  });

  it('finds a contradiction and requests nothing', () => {
    const p = plan('orders where createdTime >= 2024-05-01 and total > 5 and total < 3');
    expect(p.requests).toEqual([]);
    expect(p.warnings).toEqual([
      {
        code: 'CONTRADICTION',
        message:
          'the condition can never be true (createdTime >= 2024-05-01T00:00:00.000Z and total > 5 and total < 3)',
      },
    ]);
  });

  it('drops a contradictory or-branch and names it', () => {
    const p = plan(
      "payments where createdTime >= 2024-05-30 and (amount > 5 and amount < 3 or result = 'FAIL')",
    );
    expect(p.requests).toHaveLength(1);
    expect(extraFilters(p, p.requests[0]!)).toEqual(['result=FAIL']);
    expect(p.residual).toBeNull();
    expect(p.warnings).toEqual([
      {
        code: 'CONTRADICTION',
        message:
          'a branch of the condition can never be true (createdTime >= 2024-05-30T00:00:00.000Z and amount > 5 and amount < 3)',
      },
    ]);
  });

  it('treats a constant-false normal form as a contradiction', () => {
    const p = plan(
      "payments where createdTime >= 2024-05-01 and result = 'FAIL' and result = 'AUTH'",
    );
    expect(p.requests).toEqual([]);
    expect(p.warnings[0]?.code).toBe('CONTRADICTION');
  });
});

describe('plan: push-down and residual', () => {
  const one = (cond: string) => {
    const p = plan(`payments where createdTime >= 2024-05-25 and ${cond}`);
    expect(p.requests).toHaveLength(1);
    return { pushed: extraFilters(p, p.requests[0]!), residual: p.residual };
  };

  it('pushes comparisons on filterable fields, each literal kind', () => {
    expect(one('amount > $10 and amount <= 5000')).toEqual({
      pushed: ['amount>1000', 'amount<=5000'],
      residual: null,
    });
    expect(one("result = 'success'")).toEqual({ pushed: ['result=SUCCESS'], residual: null });
    expect(one('offline != true')).toEqual({ pushed: ['offline!=true'], residual: null });
    expect(one("employee.id = 'E1'")).toEqual({ pushed: ['employee.id=E1'], residual: null });
    expect(one("externalPaymentId != 'X'")).toEqual({
      pushed: ['externalPaymentId!=X'],
      residual: null,
    });
    expect(one('device.id is null and cardTransaction.cardType is not null')).toEqual({
      pushed: ['device.id IS NULL', 'cardTransaction.cardType IS NOT NULL'],
      residual: null,
    });
    expect(one("result in ('FAIL', 'voided')")).toEqual({
      pushed: ["result in ('FAIL','VOIDED')"],
      residual: null,
    });
    expect(one('amount between 1 and 2')).toEqual({
      pushed: ['amount>=1', 'amount<=2'],
      residual: null,
    });
  });

  it('pushes not down to the comparisons it covers', () => {
    expect(one("not (result = 'SUCCESS' or offline = true)")).toEqual({
      pushed: ['result!=SUCCESS', 'offline!=true'],
      residual: null,
    });
    expect(one('not amount > 100')).toEqual({ pushed: ['amount<=100'], residual: null });
  });

  it('keeps fields the server cannot filter client-side', () => {
    expect(one("tender.label = 'Cash' and amount > 5")).toEqual({
      pushed: ['amount>5'],
      residual: comparison('tender.label', '=', 'Cash'),
    });
  });

  it('keeps not in and in lists over 100 values client-side', () => {
    expect(one("result not in ('FAIL')")).toEqual({
      pushed: [],
      residual: inList('result', ['FAIL'], true),
    });
    const many = Array.from({ length: 101 }, (_, i) => i);
    expect(one(`amount in (${many.join(', ')})`)).toEqual({
      pushed: [],
      residual: inList('amount', many),
    });
    const hundred = many.slice(0, 100);
    expect(one(`amount in (${hundred.join(', ')})`).pushed).toEqual([
      `amount in (${hundred.join(',')})`,
    ]);
  });

  it('keeps order comparisons on text client-side', () => {
    expect(one("externalPaymentId > 'a'").pushed).toEqual([]);
    expect(one("externalPaymentId > 'a'").residual).toEqual(
      comparison('externalPaymentId', '>', 'a'),
    );
  });

  it('keeps comparisons on a secondary time field client-side', () => {
    expect(one('modifiedTime >= 2024-05-01')).toEqual({
      pushed: [],
      residual: comparison('modifiedTime', '>=', utc('2024-05-01T00:00:00Z')),
    });
  });

  it('keeps empty and space-padded strings client-side', () => {
    expect(one("externalPaymentId = ''").pushed).toEqual([]);
    expect(one("externalPaymentId = ' x'").pushed).toEqual([]);
    expect(one("externalPaymentId = 'x '").residual).toEqual(
      comparison('externalPaymentId', '=', 'x '),
    );
  });

  it('pushes an in list on the time field and narrows the range to it', () => {
    const p = plan('payments where createdTime in (1716000000000, 1717000000000)');
    expect(p.range).toEqual({
      start: 1716000000000,
      end: 1717000000000,
      startInclusive: true,
      endInclusive: true,
    });
    expect(extraFilters(p, p.requests[0]!)).toEqual([
      'createdTime in (1716000000000,1717000000000)',
    ]);
    expect(p.residual).toBeNull();
  });

  it('chooses the first time field the query bounds and pushes only its bounds', () => {
    const p = plan('payments where modifiedTime >= 2024-05-01 and clientCreatedTime >= 2024-05-02');
    expect(p.timeField).toBe('clientCreatedTime');
    expect(filtersOf(p.requests[0]!)[0]).toBe(`clientCreatedTime>=${utc('2024-05-02T00:00:00Z')}`);
    expect(p.residual).toEqual(comparison('modifiedTime', '>=', utc('2024-05-01T00:00:00Z')));
    expect(plan('payments where modifiedTime >= 2024-05-01').timeField).toBe('modifiedTime');
    expect(
      plan('payments where createdTime >= 2024-05-01 and modifiedTime >= 2024-05-01').timeField,
    ).toBe('createdTime');
  });
});

describe('plan: or', () => {
  it('splits an or into streams when every branch can be narrowed on the server', () => {
    const p = plan(
      "payments where createdTime >= 2024-05-01 and (amount > $100 or cardTransaction.cardType = 'AMEX')",
    );
    expect(p.requests.map((r) => [r.stream, extraFilters(p, r)])).toEqual([
      [0, ['amount>10000']],
      [1, ['cardTransaction.cardType=AMEX']],
    ]);
    expect(p.residual).toBeNull();
    expect(p.windows).toHaveLength(2);
  });

  it('gives each branch its own time range', () => {
    const p = plan('payments where createdTime in (2024-05-01, 2024-05-20)');
    expect(p.windows).toEqual([
      win('2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z', '[)'),
      win('2024-05-20T00:00:00Z', '2024-05-21T00:00:00Z', '[)'),
    ]);
    expect(p.range).toEqual(win('2024-05-01T00:00:00Z', '2024-05-21T00:00:00Z', '[)'));
    expect(p.residual).toBeNull();
  });

  it('splits != on the time field into the two sides of the excluded day', () => {
    const p = plan('payments where createdTime >= 2024-05-01 and createdTime != 2024-05-10');
    expect(p.windows).toEqual([
      win('2024-05-01T00:00:00Z', '2024-05-10T00:00:00Z', '[)'),
      win('2024-05-11T00:00:00Z', '2024-06-01T00:00:00Z', '[]'),
    ]);
  });

  it('falls back to one stream over the hull with the whole condition as residual', () => {
    const p = plan(
      "payments where createdTime >= 2024-05-01 and (amount > $100 or tender.label = 'Cash')",
    );
    expect(p.requests).toHaveLength(1);
    expect(extraFilters(p, p.requests[0]!)).toEqual([]);
    expect(p.residual).toEqual(
      or([comparison('amount', '>', 10000), comparison('tender.label', '=', 'Cash')]),
    );
  });

  it('still pushes the top-level conjuncts in the hull fallback', () => {
    const p = plan(
      "payments where createdTime >= 2024-05-01 and offline = false and tender.label > 'a' and (amount > $100 or tender.label = 'Cash')",
    );
    expect(extraFilters(p, p.requests[0]!)).toEqual(['offline=false']);
    expect(p.residual).toEqual({
      kind: 'and',
      operands: [
        comparison('tender.label', '>', 'a'),
        or([comparison('amount', '>', 10000), comparison('tender.label', '=', 'Cash')]),
      ],
    });
  });

  it('keeps the whole condition as residual when a split branch has a client-side part', () => {
    const p = plan(
      "payments where (createdTime >= 2024-05-01 and amount > 5) or (createdTime >= 2024-05-20 and tender.label = 'x')",
    );
    expect(p.requests.map((r) => r.stream)).toEqual([0, 1]);
    expect(p.windows[1]).toEqual(win('2024-05-20T00:00:00Z', '2024-06-01T00:00:00Z', '[]'));
    expect(p.residual?.kind).toBe('or');
  });

  it('falls back to the hull when the normal form has more than 8 branches', () => {
    const p = plan(
      "payments where createdTime >= 2024-05-01 and amount in (1, 2, 3) and (result = 'FAIL' or result = 'AUTH' or result = 'VOIDED') and (amount = 1 or amount = 2 or amount = 3)",
    );
    expect(new Set(p.requests.map((r) => r.stream)).size).toBe(1);
    expect(extraFilters(p, p.requests[0]!)).toEqual(['amount in (1,2,3)']);
    expect(p.residual?.kind).toBe('and');
  });

  it('merges identical branches into one stream', () => {
    const p = plan('payments where createdTime >= 2024-05-01 and (amount > 5 or amount > 5)');
    expect(p.requests).toHaveLength(1);
  });

  it('uses the hull for exports with several branches', () => {
    const p = plan(
      'export orders where createdTime >= 2024-05-01 and total > 5 or createdTime >= 2024-05-20',
    );
    expect(p.kind).toBe('export');
    expect(new Set(p.requests.map((r) => r.stream)).size).toBe(1);
    expect(p.range?.start).toBe(utc('2024-05-01T00:00:00Z'));
    expect(p.residual?.kind).toBe('or');
  });
});

describe('plan: orders whose state is null', () => {
  it('adds a state IS NULL twin to a stream that does not name state', () => {
    const p = plan('orders where createdTime >= 2024-05-20 and total > $25');
    expect(p.requests.map((r) => [r.stream, extraFilters(p, r)])).toEqual([
      [0, ['total>2500']],
      [1, ['total>2500', 'state IS NULL']],
    ]);
    expect(p.residual).toBeNull();
  });

  it('adds no twin when the stream names state', () => {
    for (const cond of [
      "state = 'open'",
      "state != 'paid'",
      'state is null',
      'state is not null',
    ]) {
      const p = plan(`orders where createdTime >= 2024-05-20 and ${cond}`);
      expect(p.requests, cond).toHaveLength(1);
    }
  });

  it('adds a twin per stream that needs one', () => {
    const p = plan("orders where createdTime >= 2024-05-30 and (state = 'open' or total > 5)");
    expect(p.requests.map((r) => extraFilters(p, r))).toEqual([
      ['state=open'],
      ['total>5'],
      ['total>5', 'state IS NULL'],
    ]);
  });

  it('twins every window of a windowed stream and the no-bound plan', () => {
    const p = plan('orders where createdTime >= 2024-01-01');
    expect(p.requests.filter((r) => r.stream === 0)).toHaveLength(2);
    expect(p.requests.filter((r) => r.stream === 1)).toHaveLength(2);
    expect(plan('orders').requests).toHaveLength(2);
  });

  it('adds no twin to exports and to payments', () => {
    expect(plan('export orders where createdTime >= 2024-05-20').requests).toHaveLength(1);
    expect(plan('payments where createdTime >= 2024-05-20').requests).toHaveLength(1);
  });
});

describe('plan: limit, order and page size', () => {
  it('sends the limit as the page size only when nothing is checked client-side', () => {
    const p = plan('payments where createdTime >= 2024-05-25 limit 10');
    expect(paramOf(p.requests[0]!, 'limit')).toBe('10');
    expect(p.limit).toBe(10);
    const r = plan("payments where createdTime >= 2024-05-25 and tender.label = 'Cash' limit 10");
    expect(paramOf(r.requests[0]!, 'limit')).toBe('1000');
    expect(r.limit).toBe(10);
    // Ordered by a field the server does not sort on: every record is read, so full pages.
    const o = plan('payments where createdTime >= 2024-05-25 order by amount desc limit 5');
    expect(paramOf(o.requests[0]!, 'limit')).toBe('1000');
    const t = plan('payments where createdTime >= 2024-05-25 order by createdTime desc limit 5');
    expect(paramOf(t.requests[0]!, 'limit')).toBe('5');
  });

  it('never sends more than the page size', () => {
    const p = plan('payments where createdTime >= 2024-05-25 limit 5000');
    expect(paramOf(p.requests[0]!, 'limit')).toBe('1000');
    const q = plan('payments where createdTime >= 2024-05-25 limit 100', { pageSize: 50 });
    expect(paramOf(q.requests[0]!, 'limit')).toBe('50');
  });

  it('uses the pageSize option', () => {
    const p = plan('payments where createdTime >= 2024-05-25', { pageSize: 250 });
    expect(p.pageSize).toBe(250);
    expect(paramOf(p.requests[0]!, 'limit')).toBe('250');
  });

  it('asks the server to order only when ordering by the time field', () => {
    const desc = plan('payments where createdTime >= 2024-05-25 order by createdTime desc');
    expect(paramOf(desc.requests[0]!, 'orderBy')).toBe('createdTime DESC');
    expect(desc.orderBy).toEqual({ field: 'createdTime', direction: 'desc' });
    const asc = plan('payments where createdTime >= 2024-05-25 order by createdTime');
    expect(paramOf(asc.requests[0]!, 'orderBy')).toBe('createdTime ASC');
    const other = plan('payments where createdTime >= 2024-05-25 order by amount desc');
    expect(paramOf(other.requests[0]!, 'orderBy')).toBeUndefined();
    expect(other.orderBy).toEqual({ field: 'amount', direction: 'desc' });
    const notTimeField = plan('payments where modifiedTime >= 2024-05-25 order by createdTime');
    expect(paramOf(notTimeField.requests[0]!, 'orderBy')).toBeUndefined();
  });

  it('puts the parameters in a fixed order: windows, filters, orderBy, limit', () => {
    const p = plan(
      'payments where createdTime >= 2024-05-25 and amount > 5 order by createdTime desc limit 3',
    );
    expect(p.requests[0]!.query.map(([k]) => k)).toEqual([
      'filter',
      'filter',
      'filter',
      'orderBy',
      'limit',
    ]);
    expect(p.requests[0]!.path).toBe('/v3/merchants/{mId}/payments');
    expect(p.requests[0]!.method).toBe('GET');
  });
});

describe('plan: exports', () => {
  it('uses POST exports with inclusive windows of at most 30 days', () => {
    const p = plan(
      'export payments where createdTime >= 2024-04-01 and createdTime < 2024-05-15 and amount > $20',
    );
    expect(p.kind).toBe('export');
    const exp = (window: number, startTime: number, endTime: number) => ({
      kind: 'export',
      method: 'POST',
      path: '/v3/merchants/{mId}/exports',
      query: [],
      body: { type: 'PAYMENTS', startTime, endTime },
      window,
      stream: 0,
      type: 'PAYMENTS',
      startTime,
      endTime,
    });
    expect(p.requests).toEqual([
      exp(0, utc('2024-04-01T00:00:00Z'), utc('2024-05-01T00:00:00Z') - 1),
      exp(1, utc('2024-05-01T00:00:00Z'), utc('2024-05-15T00:00:00Z') - 1),
    ]);
    expect(p.residual).toEqual(comparison('amount', '>', 2000));
  });

  it('makes everything but the createdTime range client-side', () => {
    const p = plan(
      "export orders where createdTime >= 2024-05-01 and state = 'open' and createdTime in (1715000000000) and modifiedTime > 5",
    );
    expect(p.timeField).toBe('createdTime');
    expect(p.residual).toEqual({
      kind: 'and',
      operands: [
        comparison('state', '=', 'open'),
        inList('createdTime', [1715000000000]),
        comparison('modifiedTime', '>', 5),
      ],
    });
  });

  it('keeps every export window within 30 days, whatever windowDays says', () => {
    const p = plan('export orders where createdTime >= 2024-01-01', { windowDays: 90 });
    for (const w of p.windows) expect(w.end - w.start).toBeLessThanOrEqual(EXPORT_MAX_MS);
    const small = plan('export orders where createdTime >= 2024-05-01', { windowDays: 10 });
    expect(small.windows.every((w) => w.end - w.start < 10 * DAY_MS)).toBe(true);
  });

  it('turns an exclusive start into the next millisecond', () => {
    const p = plan('export payments where createdTime > 2024-05-31T00:00:00Z');
    expect(p.requests[0]!.body).toEqual({
      type: 'PAYMENTS',
      startTime: utc('2024-05-31T00:00:00Z') + 1,
      endTime: NOW,
    });
  });

  it('cannot export refunds', () => {
    expect(errorOf('export refunds where createdTime >= 2024-05-01').code).toBe('NOT_EXPORTABLE');
  });
});

describe('plan: size', () => {
  it(`refuses a plan of more than ${MAX_WINDOWS.toLocaleString('en-US')} requests instead of building it`, () => {
    const t0 = cpuMs();
    const e = errorOf('payments where createdTime >= 2024-01-01', { windowDays: 0.001 });
    expect(cpuMs() - t0).toBeLessThan(1_000);
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toBe(
      'the plan would need 152,000 requests, more than the 10,000 a plan may have',
    );
    expect(e.hint).toBe('narrow the time range, or use a larger windowDays option');
  });

  it('counts every stream, twin and export window', () => {
    // 16 streams (8 branches and their state IS NULL twins) of 700 hourly windows each.
    const branches = Array.from({ length: 8 }, (_, i) => `total = ${i}`).join(' or ');
    const q = `orders where createdTime >= 2024-05-02T20:00:00Z and (${branches})`;
    expect(errorOf(q, { windowDays: 1 / 24 }).message).toContain('11,200 requests');
    expect(plan(q, { windowDays: 1 / 12 }).requests).toHaveLength(5_600);
    expect(
      errorOf('export payments where createdTime >= 2024-01-01', { windowDays: 0.01 }).message,
    ).toContain('15,201 requests');
  });

  it('keeps the whole history since 1970 well within the limit', () => {
    const p = plan('orders where createdTime >= 1970-01-01');
    expect(p.requests.length).toBe(2 * Math.ceil(NOW / CLAMP_MS));
  });
});

describe('plan: the value', () => {
  it('carries the query, options and version', () => {
    const p = plan('payments where createdTime >= 2024-05-25', { tz: 'Europe/Berlin' });
    expect(p).toMatchObject({
      version: 2,
      source: 'payments where createdTime >= 2024-05-25',
      resource: 'payments',
      kind: 'rest',
      timeField: 'createdTime',
      now: NOW,
      tz: 'Europe/Berlin',
      pageSize: 1000,
      limit: null,
      orderBy: null,
    });
    expect(p.range?.start).toBe(utc('2024-05-24T22:00:00Z'));
  });

  // Every shape of plan, since each part is frozen where it is built rather than by one walk.
  it.each([
    "payments where createdTime >= 2024-05-25 and tender.label = 'x'",
    'payments where createdTime >= 2023-01-01 order by createdTime desc limit 5',
    "orders where createdTime >= 2023-01-01 and (total > $100 or payType = 'FULL')",
    "payments where createdTime >= 2024-05-01 and (amount > $5 or tender.label != 'Cash')",
    'export orders where createdTime >= 2024-05-01',
    'payments where createdTime >= 2024-05-01 select id, amount as a, tender.label',
    'payments where createdTime >= 2024-05-01 group by day(createdTime), tender.label having count() > 1 select count(), sum(amount) order by sum(amount) desc limit 3',
    'payments',
    'refunds where amount > 5',
    'payments where createdTime > 2024-07-01',
  ])('is deeply frozen: %s', (q) => {
    const p = plan(q);
    const frozen = (o: unknown): boolean =>
      o === null || typeof o !== 'object' || (Object.isFrozen(o) && Object.values(o).every(frozen));
    expect(frozen(p)).toBe(true);
  });

  it('gives every request the time filters of its own window when streams share windows', () => {
    // Two `or` branches and their hidden-record twins: four streams over the same 21 windows,
    // whose time filters are built once per window and shared.
    const p = plan("orders where createdTime >= 2021-01-01 and (total > $100 or payType = 'FULL')");
    expect(new Set(p.requests.map((r) => r.stream)).size).toBe(4);
    for (const r of p.requests) {
      if (r.kind !== 'rest') throw new Error('expected REST requests');
      const w = p.windows[r.window]!;
      const lo = w.startInclusive ? '>=' : '>';
      const hi = w.endInclusive ? '<=' : '<';
      expect(r.query.slice(0, 2)).toEqual([
        ['filter', `createdTime${lo}${w.start}`],
        ['filter', `createdTime${hi}${w.end}`],
      ]);
      expect(r.filters.slice(0, 2)).toEqual([
        { kind: 'comparison', field: 'createdTime', op: lo, value: w.start },
        { kind: 'comparison', field: 'createdTime', op: hi, value: w.end },
      ]);
    }
  });

  it('throws on a change to any part of a plan', () => {
    const p = plan(
      "orders where createdTime >= 2023-01-01 and state = 'open' order by createdTime",
    );
    const r = p.requests[1] as Extract<Plan['requests'][number], { kind: 'rest' }>;
    const w = <T>(o: T) => o as { -readonly [K in keyof T]: T[K] };
    const changes: (() => unknown)[] = [
      () => (p.requests[0]!.query as [string, string][]).push(['x', 'y']),
      // The pairs and filters a stream's requests share are frozen too.
      () => ((r.query.at(-1) as [string, string])[1] = '5'),
      () => (w(r.filters.at(-1)!).field = 'x'),
      () => (w(r.orderBy!).direction = 'asc'),
      () => (w(p.windows[0]!).start = 0),
      () => (p.windows as TimeWindow[]).pop(),
      () => (w(p).limit = 1),
      () => (w(p.range!).end = 0),
    ];
    for (const change of changes) expect(change).toThrow(TypeError);
  });

  it('round-trips through JSON', () => {
    for (const q of [
      "orders where createdTime >= 2024-01-01 and (state = 'open' or total > 5) order by createdTime desc limit 7",
      'export payments where createdTime >= 2024-04-01',
      'refunds where amount > 5',
      'payments where createdTime > 2024-07-01',
    ]) {
      const p = plan(q);
      expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    }
  });

  it('is the same for the same input', () => {
    const q = "payments where createdTime >= 2024-01-01 and (amount > 5 or result = 'FAIL')";
    expect(plan(q)).toEqual(plan(q));
  });
});

describe('plan v2: structured requests', () => {
  it('gives each REST request its filters as data, in the order of its filter params', () => {
    const p = plan(
      "orders where createdTime >= 2024-05-20 and total > $5 and payType = 'full' order by createdTime desc limit 3",
    );
    const [first, twin] = p.requests;
    expect(first).toMatchObject({
      kind: 'rest',
      method: 'GET',
      orderBy: { field: 'createdTime', direction: 'desc' },
      pageLimit: 3,
    });
    if (first?.kind !== 'rest' || twin?.kind !== 'rest') throw new Error('expected REST requests');
    expect(first.filters).toEqual([
      { kind: 'comparison', field: 'createdTime', op: '>=', value: utc('2024-05-20T00:00:00Z') },
      { kind: 'comparison', field: 'createdTime', op: '<=', value: NOW },
      { kind: 'comparison', field: 'total', op: '>', value: 500 },
      { kind: 'comparison', field: 'payType', op: '=', value: 'FULL' },
    ]);
    // The orders twin that finds orders without a state carries its extra filter as data too.
    expect(twin.filters.at(-1)).toEqual({ kind: 'isNull', field: 'state', negated: false });
    for (const r of p.requests) {
      if (r.kind !== 'rest') continue;
      const rendered = r.query.filter(([k]) => k === 'filter').length;
      expect(r.filters).toHaveLength(rendered);
      expect(r.query.at(-1)).toEqual(['limit', String(r.pageLimit)]);
    }
  });

  it('sends no time filter for an unwindowed request, and no order when the server cannot', () => {
    const [r] = plan('refunds where amount > $50').requests;
    expect(r).toMatchObject({ kind: 'rest', orderBy: null });
    if (r?.kind !== 'rest') throw new Error('expected a REST request');
    expect(r.filters).toEqual([{ kind: 'comparison', field: 'amount', op: '>', value: 5000 }]);
  });
});
