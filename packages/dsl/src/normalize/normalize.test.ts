import { describe, expect, it } from 'vitest';
import { buildAst } from '../ast/build-ast.js';
import { check } from '../check/check.js';
import type { Diagnostic } from '../errors/query-error.js';
import { lex } from '../lexer/lex.js';
import { parseTokens } from '../parser/parse.js';
import {
  and,
  comparison,
  constant,
  inList,
  isNull,
  not,
  or,
  type Predicate,
} from '../predicate/predicate.js';
import { type NormalQuery, normalize } from './normalize.js';

const NOW = Date.UTC(2024, 5, 1); // Saturday 2024-06-01 00:00 UTC
const utc = (iso: string) => Date.parse(iso);

function run(source: string, ctx: { now?: number; tz?: string } = {}) {
  const lexed = lex(source);
  const parsed = parseTokens(lexed.tokens, source.length);
  expect([...lexed.diagnostics, ...parsed.diagnostics]).toEqual([]);
  const checked = check(buildAst(parsed.cst!, source));
  expect(checked.diagnostics).toEqual([]);
  return normalize(checked.query!, { now: ctx.now ?? NOW, tz: ctx.tz ?? 'UTC' });
}

function query(source: string, ctx: { now?: number; tz?: string } = {}): NormalQuery {
  const r = run(source, ctx);
  expect(r.diagnostics).toEqual([]);
  return r.query!;
}

/** The normalised predicate of `payments where <cond>`. */
const pred = (cond: string, ctx: { now?: number; tz?: string } = {}): Predicate =>
  query(`payments where ${cond}`, ctx).predicate;

const ct = (op: '=' | '!=' | '>' | '>=' | '<' | '<=', iso: string) =>
  comparison('createdTime', op, utc(iso));

describe('normalize: dates are whole days (docs/language.md table)', () => {
  const day = '2024-01-31T00:00:00Z';
  const next = '2024-02-01T00:00:00Z';

  it.each([
    ['=', and([ct('>=', day), ct('<', next)])],
    ['>', ct('>=', next)],
    ['>=', ct('>=', day)],
    ['<', ct('<', day)],
    ['<=', ct('<', next)],
    ['!=', or([ct('<', day), ct('>=', next)])],
  ] as const)('createdTime %s 2024-01-31', (op, expected) => {
    expect(pred(`createdTime ${op} 2024-01-31`)).toEqual(expected);
  });

  it('reads a date as a day in the tz zone', () => {
    expect(pred('createdTime = 2024-05-31', { tz: 'America/New_York' })).toEqual(
      and([ct('>=', '2024-05-31T04:00:00Z'), ct('<', '2024-06-01T04:00:00Z')]),
    );
    expect(pred('createdTime = 2024-03-10', { tz: 'America/New_York' })).toEqual(
      and([ct('>=', '2024-03-10T05:00:00Z'), ct('<', '2024-03-11T04:00:00Z')]),
    );
  });

  it('between two dates includes the whole last day', () => {
    expect(pred('createdTime between 2024-05-01 and 2024-05-15')).toEqual(
      and([ct('>=', '2024-05-01T00:00:00Z'), ct('<', '2024-05-16T00:00:00Z')]),
    );
  });

  it('between a datetime and a date mixes an instant and a day', () => {
    expect(pred('createdTime between 2024-05-01T12:00:00Z and 2024-05-15')).toEqual(
      and([ct('>=', '2024-05-01T12:00:00Z'), ct('<', '2024-05-16T00:00:00Z')]),
    );
  });

  it('in with dates is an or of days', () => {
    expect(pred('createdTime in (2024-05-01, 2024-05-03)')).toEqual(
      or([
        and([ct('>=', '2024-05-01T00:00:00Z'), ct('<', '2024-05-02T00:00:00Z')]),
        and([ct('>=', '2024-05-03T00:00:00Z'), ct('<', '2024-05-04T00:00:00Z')]),
      ]),
    );
    expect(pred('createdTime not in (2024-05-01)')).toEqual(
      not(and([ct('>=', '2024-05-01T00:00:00Z'), ct('<', '2024-05-02T00:00:00Z')])),
    );
  });

  it('in with instants is an in list, without duplicates', () => {
    expect(pred('createdTime in (1717000000000, 2024-05-01T00:00:00Z, 1717000000000)')).toEqual(
      inList('createdTime', [1717000000000, utc('2024-05-01T00:00:00Z')]),
    );
    expect(pred('createdTime not in (1717000000000)')).toEqual(
      not(inList('createdTime', [1717000000000])),
    );
  });

  it('in mixing days and instants compares each', () => {
    expect(pred('createdTime in (2024-05-01, 1717000000000)')).toEqual(
      or([
        and([ct('>=', '2024-05-01T00:00:00Z'), ct('<', '2024-05-02T00:00:00Z')]),
        comparison('createdTime', '=', 1717000000000),
      ]),
    );
  });
});

describe('normalize: instants', () => {
  it('applies the operator exactly to datetimes and unix ms', () => {
    expect(pred('createdTime >= 2024-05-31T12:00:00Z')).toEqual(ct('>=', '2024-05-31T12:00:00Z'));
    expect(pred('createdTime < 1717200000000')).toEqual(
      comparison('createdTime', '<', 1717200000000),
    );
    expect(pred('createdTime = 2024-05-31T12:00:00.5Z')).toEqual(
      ct('=', '2024-05-31T12:00:00.500Z'),
    );
  });

  it('uses an explicit offset whatever the zone', () => {
    expect(pred('createdTime > 2024-01-31T10:30:00+02:00', { tz: 'America/New_York' })).toEqual(
      ct('>', '2024-01-31T08:30:00Z'),
    );
    expect(pred('createdTime > 2024-01-31T10:30-0530')).toEqual(ct('>', '2024-01-31T16:00:00Z'));
  });

  it('reads a datetime without an offset in the tz zone', () => {
    expect(pred('createdTime > 2024-01-31T10:30', { tz: 'America/New_York' })).toEqual(
      ct('>', '2024-01-31T15:30:00Z'),
    );
    expect(pred('createdTime > 2024-01-31 10:30', { tz: 'Asia/Kolkata' })).toEqual(
      ct('>', '2024-01-31T05:00:00Z'),
    );
  });
});

describe('normalize: relative times', () => {
  it('now is the injected instant; today and yesterday are days', () => {
    expect(pred('createdTime < now')).toEqual(comparison('createdTime', '<', NOW));
    expect(pred('createdTime = today')).toEqual(
      and([ct('>=', '2024-06-01T00:00:00Z'), ct('<', '2024-06-02T00:00:00Z')]),
    );
    expect(pred('createdTime = yesterday')).toEqual(
      and([ct('>=', '2024-05-31T00:00:00Z'), ct('<', '2024-06-01T00:00:00Z')]),
    );
  });

  it('today - 2w is still a whole day', () => {
    expect(pred('createdTime >= today - 2w')).toEqual(ct('>=', '2024-05-18T00:00:00Z'));
    expect(pred('createdTime <= today - 2w')).toEqual(ct('<', '2024-05-19T00:00:00Z'));
    expect(pred('createdTime > yesterday - 1d')).toEqual(ct('>=', '2024-05-31T00:00:00Z'));
  });

  it('today + 9h is an instant: 09:00 today in the zone', () => {
    expect(pred('createdTime >= today + 9h')).toEqual(ct('>=', '2024-06-01T09:00:00Z'));
    // At 2024-06-01 00:00 UTC it is still May 31 in New York (20:00 EDT).
    expect(pred('createdTime >= today + 9h', { tz: 'America/New_York' })).toEqual(
      ct('>=', '2024-05-31T13:00:00Z'),
    );
    expect(pred('createdTime = yesterday + 30m + 15s + 250ms')).toEqual(
      ct('=', '2024-05-31T00:30:15.250Z'),
    );
  });

  it('exact units shift by exact lengths', () => {
    expect(pred('createdTime > now - 36h')).toEqual(ct('>', '2024-05-30T12:00:00Z'));
    expect(pred('createdTime > now - 90m + 30s - 1ms')).toEqual(
      ct('>', '2024-05-31T22:30:29.999Z'),
    );
  });

  it('now - 1d is the same wall-clock time yesterday across a DST change', () => {
    const tz = 'America/New_York';
    // 2024-03-10 08:00 EDT; the day before at 08:00 EST is 23 hours earlier.
    const now = utc('2024-03-10T12:00:00Z');
    expect(pred('createdTime > now - 1d', { now, tz })).toEqual(ct('>', '2024-03-09T13:00:00Z'));
    expect(pred('createdTime > now - 24h', { now, tz })).toEqual(ct('>', '2024-03-09T12:00:00Z'));
    // In UTC a day is always 24 hours.
    expect(pred('createdTime > now - 1d', { now })).toEqual(ct('>', '2024-03-09T12:00:00Z'));
    // A week back across the autumn change keeps the wall-clock time too.
    const later = utc('2024-11-04T13:00:00Z'); // 08:00 EST
    expect(pred('createdTime > now - 1w', { now: later, tz })).toEqual(
      ct('>', '2024-10-28T12:00:00Z'),
    );
  });

  it('today is the day of now in the zone', () => {
    const now = utc('2024-06-01T03:00:00Z'); // 2024-05-31 23:00 in New York
    expect(pred('createdTime = today', { now, tz: 'America/New_York' })).toEqual(
      and([ct('>=', '2024-05-31T04:00:00Z'), ct('<', '2024-06-01T04:00:00Z')]),
    );
  });

  it('rejects relative times beyond the range of dates in any zone, instead of throwing', () => {
    for (const tz of ['UTC', 'America/New_York']) {
      for (const cond of [
        'createdTime >= now - 199999999d',
        'createdTime >= today - 199999999d',
        'createdTime >= now - 99999999999999999999h - 1d',
      ]) {
        const r = run(`payments where ${cond}`, { tz });
        expect(r.query, `${cond} in ${tz}`).toBeUndefined();
        expect(r.diagnostics.map((d: Diagnostic) => d.code)).toEqual(['INVALID_DATE']);
      }
    }
  });
});

describe('normalize: the range of times', () => {
  it.each([
    'createdTime >= now - 20000w',
    'createdTime >= now - 99999999d',
    'createdTime > -86400001',
    'createdTime < 253402387200001',
    'createdTime < today + 500000w',
    'createdTime in (1717000000000, -999999999999)',
  ])('rejects times outside the years 1970 to 9999: %s', (cond) => {
    const r = run(`payments where ${cond}`);
    expect(r.query).toBeUndefined();
    expect(r.diagnostics).toEqual([
      {
        code: 'INVALID_DATE',
        message: 'the time is out of range: times must lie in the years 1970 to 9999',
        span: expect.any(Object),
      },
    ]);
  });

  it('points at the value that is out of range', () => {
    const source = 'payments where createdTime >= now - 20000w';
    const d = run(source).diagnostics[0]!;
    expect(source.slice(d.span.offset, d.span.offset + d.span.length)).toBe('now - 20000w');
  });

  it('accepts the first and last days in the zones furthest from UTC', () => {
    for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      expect(run('payments where createdTime >= 1970-01-01', { tz }).diagnostics, tz).toEqual([]);
      expect(run('payments where createdTime <= 9999-12-31', { tz }).diagnostics, tz).toEqual([]);
    }
    expect(run('payments where createdTime >= 0').diagnostics).toEqual([]);
  });
});

describe('normalize: null, enums, money and other fields', () => {
  it('reads = null and != null as is null and is not null', () => {
    expect(pred('deletedTime = null')).toEqual(isNull('deletedTime'));
    expect(pred('tender.label != null')).toEqual(isNull('tender.label', true));
    expect(pred('voidReason is null')).toEqual(isNull('voidReason'));
    expect(pred('cashTendered is not null')).toEqual(isNull('cashTendered', true));
  });

  it('writes enum values in their canonical spelling and dedupes in lists', () => {
    expect(pred("result = 'success'")).toEqual(comparison('result', '=', 'SUCCESS'));
    expect(pred("result in ('fail', 'FAIL', 'Voided')")).toEqual(
      inList('result', ['FAIL', 'VOIDED']),
    );
    expect(query("orders where state != 'PAID'").predicate).toEqual(
      comparison('state', '!=', 'paid'),
    );
    expect(pred("result not in ('auth')")).toEqual(inList('result', ['AUTH'], true));
  });

  it('dedupes in lists as a Set would: first occurrence kept, -0 the same as 0', () => {
    expect(pred('tipAmount in (3, 0, 3, -0, 5, 0)')).toEqual(inList('tipAmount', [3, 0, 5]));
    expect(pred('tipAmount in (-0, 0)')).toEqual(inList('tipAmount', [-0]));
    const long = Array.from({ length: 20 }, (_, i) => i % 7);
    expect(pred(`tipAmount in (${long.join(', ')})`)).toEqual(
      inList('tipAmount', [0, 1, 2, 3, 4, 5, 6]),
    );
  });

  it('keeps other strings as written', () => {
    expect(pred("tender.label = 'cash'")).toEqual(comparison('tender.label', '=', 'cash'));
  });

  it('reads money as cents and numbers on money fields as cents', () => {
    expect(pred('amount > $12.50')).toEqual(comparison('amount', '>', 1250));
    expect(pred('amount > 1250')).toEqual(comparison('amount', '>', 1250));
    expect(pred('amount > -$1')).toEqual(comparison('amount', '>', -100));
  });

  it('between on other fields is two inclusive comparisons', () => {
    expect(pred('amount between $1 and 500')).toEqual(
      and([comparison('amount', '>=', 100), comparison('amount', '<=', 500)]),
    );
  });

  it('keeps booleans, not, and the shape of and/or', () => {
    expect(pred("offline = true or not (amount < 5 and result = 'FAIL')")).toEqual(
      or([
        comparison('offline', '=', true),
        not(and([comparison('amount', '<', 5), comparison('result', '=', 'FAIL')])),
      ]),
    );
  });
});

describe('normalize: the query', () => {
  it('carries resource, export flag, order, limit, now and tz', () => {
    const q = query('export orders where total > 5 order by total desc limit 7', {
      tz: 'Europe/Berlin',
    });
    expect(q.resource.name).toBe('orders');
    expect(q.isExport).toBe(true);
    expect(q.orderBy).toEqual({ field: 'total', direction: 'desc' });
    expect(q.limit).toBe(7);
    expect(q.now).toBe(NOW);
    expect(q.tz).toBe('Europe/Berlin');
  });

  it('is true without a where clause', () => {
    const q = query('refunds');
    expect(q.predicate).toEqual(constant(true));
    expect(q.orderBy).toBeNull();
    expect(q.limit).toBeNull();
  });
});
