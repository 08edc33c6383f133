import { describe, expect, it } from 'vitest';
import { buildAst } from '../ast/build-ast.js';
import { CATALOGUE } from '../catalogue/catalogue.js';
import type { Diagnostic } from '../errors/query-error.js';
import { lex } from '../lexer/lex.js';
import { parseTokens } from '../parser/parse.js';
import { check, MAX_LIMIT } from './check.js';

function checked(source: string) {
  const lexed = lex(source);
  const parsed = parseTokens(lexed.tokens, source.length);
  expect([...lexed.diagnostics, ...parsed.diagnostics]).toEqual([]);
  if (!parsed.cst) throw new Error('no CST');
  return check(buildAst(parsed.cst, source));
}

function problems(source: string): readonly Diagnostic[] {
  const r = checked(source);
  expect(r.query).toBeUndefined();
  return r.diagnostics;
}

/** The one problem of a query, with the text its span covers. */
function problem(source: string) {
  const ds = problems(source);
  expect(ds, source).toHaveLength(1);
  const d = ds[0]!;
  return { ...d, text: source.slice(d.span.offset, d.span.offset + d.span.length) };
}

const pay = (cond: string) => `payments where ${cond}`;

describe('check: valid queries', () => {
  it.each([
    'orders',
    'export orders',
    'export payments where createdTime >= 2024-01-01',
    'refunds where amount > $5 and voided = false',
    pay("result = 'success' and amount between 1 and $2 and tender.label > 'C'"),
    pay("createdTime in (2024-01-01, 1704067200000, now - 1d) and order.id = 'X'"),
    pay('createdTime = null and deletedTime != null and voidReason is not null'),
    pay('amount > -5 and amount < 1e3 and taxAmount = $0'),
    'payments order by amount desc limit 1000000000',
    "orders where orderType = 'T1' and state in ('OPEN', 'paid') and payType != \"FULL\"",
    pay('createdTime = 2024-02-29 and createdTime < 2024-01-01T23:59:59.999-14:00'),
  ])('accepts %s', (source) => {
    const r = checked(source);
    expect(r.diagnostics).toEqual([]);
    expect(r.query?.resource).toBe(CATALOGUE[r.query!.ast.resource.name as 'orders']);
  });
});

describe('check: resources', () => {
  it('rejects an unknown resource and suggests the closest one', () => {
    expect(problem('paymnts')).toMatchObject({
      code: 'UNKNOWN_RESOURCE',
      message: "unknown resource 'paymnts'",
      text: 'paymnts',
      expected: ['orders', 'payments', 'refunds'],
      hint: 'did you mean payments?',
    });
    expect(problem('payment').hint).toBe('did you mean payments?');
    expect(problem('Orders').hint).toBe('did you mean orders?');
    expect(problem('export refund').hint).toBe('did you mean refunds?');
  });

  it('lists the resources when nothing is close', () => {
    expect(problem('customers').hint).toBe('resources are orders, payments, refunds');
  });

  it('stops at an unknown resource, since fields cannot be checked without one', () => {
    expect(problems('paymnts where amout > 5 limit 0').map((d) => d.code)).toEqual([
      'UNKNOWN_RESOURCE',
    ]);
  });

  it('rejects exporting a resource the Export API does not have', () => {
    expect(problem('export refunds where createdTime >= 2024-05-01')).toMatchObject({
      code: 'NOT_EXPORTABLE',
      message: 'the Export API cannot export refunds',
      text: 'refunds',
      hint: "exports exist for orders and payments; drop 'export' to read refunds over REST",
    });
  });
});

describe('check: fields', () => {
  it('rejects an unknown field and suggests the closest one', () => {
    const d = problem(pay('amout > 5'));
    expect(d).toMatchObject({
      code: 'UNKNOWN_FIELD',
      message: "payments has no field 'amout'",
      text: 'amout',
      hint: 'did you mean amount?',
    });
    expect(d.expected).toEqual(CATALOGUE.payments.fields.map((f) => f.name));
  });

  it('suggests a dotted field from its last segment', () => {
    expect(problem(pay("label = 'Cash'")).hint).toBe('did you mean tender.label?');
  });

  it('suggests a field whose case differs', () => {
    expect(problem(pay('CreatedTime > 5')).hint).toBe('did you mean createdTime?');
  });

  it('lists some fields when nothing is close', () => {
    expect(problem(pay('zzzzzz = 1')).hint).toMatch(/^fields of payments: id, createdTime, .*, …$/);
  });

  it('checks fields in every kind of condition and in order by', () => {
    const source =
      'payments where a1 between 1 and 2 or a2 in (1) or a3 is null or not (a4 = 1) order by a5';
    expect(problems(source).map((d) => [d.code, d.span.offset])).toEqual(
      ['a1', 'a2', 'a3', 'a4', 'a5'].map((f) => ['UNKNOWN_FIELD', source.indexOf(f)]),
    );
  });

  it('knows the fields of each resource apart', () => {
    expect(problem("orders where tender.label = 'x'").code).toBe('UNKNOWN_FIELD');
    expect(problem('refunds where modifiedTime > 5').code).toBe('UNKNOWN_FIELD');
  });
});

describe('check: operators', () => {
  it('rejects ordering on enum fields, with the values in the hint', () => {
    expect(problem(pay("result > 'SUCCESS'"))).toMatchObject({
      code: 'INVALID_OPERATOR',
      message: "'>' does not apply to result, which is an enum",
      text: 'result',
      expected: ['=', '!=', 'in', 'is null'],
      hint: `use = or in (...) with values ${CATALOGUE.payments.fields.find((f) => f.name === 'result')!.values!.join(', ')}`,
    });
  });

  it('rejects ordering on boolean and id fields', () => {
    expect(problem(pay('offline >= true'))).toMatchObject({
      code: 'INVALID_OPERATOR',
      message: "'>=' does not apply to offline, which is a boolean",
      hint: 'use = or !=',
    });
    expect(problem(pay("employee.id < 'a'"))).toMatchObject({
      code: 'INVALID_OPERATOR',
      message: "'<' does not apply to employee.id, which is an id",
      text: 'employee.id',
    });
    expect(problem(pay("order.id <= 'a'")).code).toBe('INVALID_OPERATOR');
  });

  it('allows ordering on time, money and string fields', () => {
    expect(
      checked(pay("createdTime > now and amount < 5 and tender.label >= 'C'")).diagnostics,
    ).toEqual([]);
  });

  it('rejects between on boolean and enum fields', () => {
    expect(problem(pay('offline between true and false'))).toMatchObject({
      code: 'INVALID_OPERATOR',
      message: 'between needs an ordered field; offline is a boolean',
      text: 'offline between true and false',
      hint: 'use offline = true',
    });
    expect(problem(pay("result between 'AUTH' and 'FAIL'"))).toMatchObject({
      code: 'INVALID_OPERATOR',
      message: 'between needs an ordered field; result is an enum',
      hint: 'use result in (...)',
    });
    expect(problem(pay("employee.id between 'a' and 'b'")).code).toBe('INVALID_OPERATOR');
  });
});

describe('check: value types', () => {
  it('time fields take dates, datetimes, unix ms and relative times only', () => {
    expect(problem(pay("createdTime > '2024-01-01'"))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: "createdTime is a time field; the string '2024-01-01' does not fit it",
      text: "'2024-01-01'",
      hint: 'write dates without quotes: createdTime >= 2024-01-31',
    });
    expect(problem(pay('createdTime > true'))).toMatchObject({
      code: 'TYPE_MISMATCH',
      hint: 'use a date, a datetime, unix ms or now/today/yesterday',
    });
    expect(problem(pay('createdTime > $5')).message).toBe(
      'createdTime is a time field; a money amount does not fit it',
    );
  });

  it('money fields take money and whole numbers of cents', () => {
    expect(problem(pay("amount = 'x'"))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: "amount is a money field; the string 'x' does not fit it",
      hint: 'write cents (1250) or dollars ($12.50)',
    });
    expect(problem(pay('amount = now')).message).toBe(
      "amount is a money field; 'now' does not fit it",
    );
    expect(problem(pay('amount = 2024-01-01')).message).toBe(
      'amount is a money field; a date does not fit it',
    );
    expect(problem(pay('amount = 2024-01-01T10:00')).message).toBe(
      'amount is a money field; a date and time does not fit it',
    );
  });

  it('string and id fields take strings only, and say to quote a number', () => {
    expect(problem(pay('employee.id = 5'))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: 'employee.id is an id field; the number 5 does not fit it',
      hint: "quote it: '5'",
    });
    expect(problem(pay('tender.label = true'))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: 'tender.label is a string field; true does not fit it',
      hint: 'use a quoted string',
    });
  });

  it('boolean fields take true and false, and say to unquote a quoted one', () => {
    expect(problem(pay("offline = 'TRUE'"))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: "offline is a boolean field; the string 'TRUE' does not fit it",
      hint: 'write true without quotes',
    });
    expect(problem(pay('offline = 1')).hint).toBe('use true or false');
  });

  it('enum fields take quoted strings, with the values in the hint', () => {
    expect(problem(pay('result = 5'))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: 'result is an enum field; the number 5 does not fit it',
    });
    expect(problem(pay('result = 5')).hint).toMatch(/^use a quoted value: 'SUCCESS', 'FAIL', /);
  });

  it('shortens a long string in the message', () => {
    expect(problem(pay(`amount = '${'x'.repeat(30)}'`)).message).toBe(
      `amount is a money field; the string '${'x'.repeat(20)}…' does not fit it`,
    );
  });

  it('rejects null with an ordering operator or inside an in list', () => {
    expect(problem(pay('amount > null'))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: "'>' cannot compare with null",
      text: 'null',
      hint: 'use amount is null or amount is not null',
    });
    expect(problem(pay('amount in (1, null)'))).toMatchObject({
      code: 'TYPE_MISMATCH',
      message: 'null cannot be in an in (...) list',
      text: 'null',
      hint: 'add "or amount is null" instead',
    });
  });

  it('checks both ends of between and every value of an in list', () => {
    expect(problems(pay("amount between 'a' and 'b'")).map((d) => d.code)).toEqual([
      'TYPE_MISMATCH',
      'TYPE_MISMATCH',
    ]);
    expect(problems(pay("amount in (1, 'a', true)")).map((d) => d.span.offset)).toEqual([29, 34]);
  });
});

describe('check: enum values', () => {
  it('accepts enum values in any case', () => {
    expect(checked(pay("result = 'success' and result in ('Fail')")).diagnostics).toEqual([]);
  });

  it('rejects an unknown enum value and suggests the closest one', () => {
    const d = problem(pay("result = 'SUCESS'"));
    expect(d).toMatchObject({
      code: 'UNKNOWN_ENUM_VALUE',
      message: "'SUCESS' is not a value of result",
      text: "'SUCESS'",
      hint: "did you mean 'SUCCESS'?",
    });
    expect(d.expected).toContain('SUCCESS');
  });

  it('lists the values when nothing is close', () => {
    expect(problem("orders where state = 'zzzzzz'").hint).toBe('values: open, locked, paid');
  });

  it('checks enum values inside in lists', () => {
    expect(problem("orders where state in ('open', 'lockd')")).toMatchObject({
      code: 'UNKNOWN_ENUM_VALUE',
      hint: "did you mean 'locked'?",
    });
  });
});

describe('check: numbers', () => {
  it('rejects fractional cents', () => {
    expect(problem(pay('amount = 1.5'))).toMatchObject({
      code: 'INVALID_NUMBER',
      message: 'amount is in cents, so 1.5 is not a whole amount',
      text: '1.5',
      hint: 'write dollars with a $: $1.5',
    });
  });

  it('rejects amounts beyond safe integers', () => {
    expect(problem(pay('amount = $99999999999999999'))).toMatchObject({
      code: 'INVALID_NUMBER',
      message: 'the amount is too large',
    });
    expect(problem(pay('amount = 99999999999999999')).code).toBe('INVALID_NUMBER');
  });

  it('rejects non-integer and unsafe unix ms', () => {
    expect(problem(pay('createdTime = 1.5'))).toMatchObject({
      code: 'INVALID_NUMBER',
      message: 'a time as a number must be whole UTC milliseconds, not 1.5',
    });
    expect(problem(pay('createdTime > 1e300')).code).toBe('INVALID_NUMBER');
  });
});

describe('check: dates', () => {
  it.each([
    ['2024-02-30', 'invalid date: 2024-02 has no day 30'],
    ['2023-02-29', 'invalid date: 2023-02 has no day 29'],
    ['2024-04-31', 'invalid date: 2024-04 has no day 31'],
    ['2024-01-00', 'invalid date: 2024-01 has no day 0'],
    ['2024-13-01', 'invalid date: month 13 does not exist'],
    ['2024-00-10', 'invalid date: month 0 does not exist'],
    ['1969-12-31', 'invalid date: year 1969 is outside 1970-9999'],
    ['2024-01-01T24:00', 'invalid date: time of day out of range'],
    ['2024-01-01T23:60', 'invalid date: time of day out of range'],
    ['2024-01-01T23:59:60', 'invalid date: time of day out of range'],
    ['2024-01-01T10:00+14:01', 'invalid date: UTC offset beyond ±14:00'],
    ['2024-01-01T10:00-1500', 'invalid date: UTC offset beyond ±14:00'],
    ['2024-01-01T10:00+14:30', 'invalid date: UTC offset beyond ±14:00'],
    ['2024-01-01T10:00:00+05:99', 'invalid date: UTC offset minutes run to 59, not 99'],
    ['2024-01-01T10:00-0060', 'invalid date: UTC offset minutes run to 59, not 60'],
    ['1969-12-31T23:59:59Z', 'invalid date: year 1969 is outside 1970-9999'],
  ])('rejects %s', (date, message) => {
    const source = pay(`createdTime > ${date}`);
    expect(problem(source)).toMatchObject({ code: 'INVALID_DATE', message, text: date });
  });

  it.each([
    '2024-02-29',
    '2000-02-29',
    '1970-01-01',
    '9999-12-31',
    '2024-12-31T23:59:59.999',
    '2024-01-01T00:00+14:00',
    '2024-01-01T00:00-14:00',
    '2024-01-01T00:00+05:45',
  ])('accepts %s', (date) => {
    expect(checked(pay(`createdTime > ${date}`)).diagnostics).toEqual([]);
  });

  it('checks dates in between and in lists too', () => {
    expect(
      problems(
        pay('createdTime between 2024-02-30 and 2024-13-01 or createdTime in (2023-02-29)'),
      ).map((d) => d.code),
    ).toEqual(['INVALID_DATE', 'INVALID_DATE', 'INVALID_DATE']);
  });
});

describe('check: limit', () => {
  it.each(['0', '1.5', String(MAX_LIMIT + 1), '1e10'])('rejects limit %s', (n) => {
    expect(problem(`payments limit ${n}`)).toMatchObject({
      code: 'INVALID_LIMIT',
      message: 'limit must be a whole number from 1 to 1,000,000,000',
      text: n,
    });
  });

  it('accepts 1 and the maximum, in any spelling of a whole number', () => {
    expect(checked('payments limit 1').diagnostics).toEqual([]);
    expect(checked(`payments limit ${MAX_LIMIT}`).diagnostics).toEqual([]);
    expect(checked('payments limit 1e3').diagnostics).toEqual([]);
  });
});

describe('check: several problems', () => {
  it('reports every problem of a query in source order', () => {
    const ds = problems(
      "export refunds where amout > 5 and voided > true and amount = 'x' and createdTime = 2024-02-30 order by nope limit 0",
    );
    expect(ds.map((d) => d.code)).toEqual([
      'NOT_EXPORTABLE',
      'UNKNOWN_FIELD',
      'INVALID_OPERATOR',
      'TYPE_MISMATCH',
      'INVALID_DATE',
      'UNKNOWN_FIELD',
      'INVALID_LIMIT',
    ]);
  });

  it('reports both the operator and the value of one comparison', () => {
    expect(problems(pay("result > 'NOPE'")).map((d) => d.code)).toEqual([
      'INVALID_OPERATOR',
      'UNKNOWN_ENUM_VALUE',
    ]);
  });
});
