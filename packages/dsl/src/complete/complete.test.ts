import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/catalogue.js';
import { cpuMs } from '../testing/test-cpu-time.js';
import { complete, completionStart } from './complete.js';

const paymentFields = CATALOGUE.payments.fields.map((f) => f.name);
const sorted = (xs: readonly string[]) => [...xs].sort((a, b) => a.localeCompare(b, 'en'));

describe('complete: resources and keywords', () => {
  it('offers export and every resource at the start', () => {
    expect(complete('')).toEqual(['export', 'orders', 'payments', 'refunds']);
    expect(complete('pay')).toEqual(['payments']);
    expect(complete('PAY')).toEqual(['payments']);
    expect(complete('  ')).toEqual(['export', 'orders', 'payments', 'refunds']);
  });

  it('offers only exportable resources after export', () => {
    expect(complete('export ')).toEqual(['orders', 'payments']);
    expect(complete('export r')).toEqual([]);
  });

  it('offers the clauses after a resource', () => {
    expect(complete('payments ')).toEqual(['group', 'having', 'limit', 'order', 'select', 'where']);
    expect(complete('payments w')).toEqual(['where']);
    expect(complete('payments order ')).toEqual(['by']);
    expect(complete('payments order by createdTime ')).toEqual(['asc', 'desc', 'limit']);
  });

  it('offers and, or and the later clauses after a condition', () => {
    const after = ['and', 'group', 'having', 'limit', 'or', 'order', 'select'];
    expect(complete('payments where amount > 5 ')).toEqual(after);
    expect(complete('payments where amount > 5 o')).toEqual(['or', 'order']);
    expect(complete('payments where createdTime > now ')).toEqual(after);
  });

  it('offers operators after a field', () => {
    expect(complete('payments where amount ')).toEqual([
      '!=',
      '<',
      '<=',
      '=',
      '>',
      '>=',
      'between',
      'in',
      'is',
      'not',
    ]);
    expect(complete('payments where amount is ')).toEqual(['not', 'null']);
  });
});

describe('complete: fields', () => {
  it('offers the fields of the resource, not, and a parenthesis after where', () => {
    expect(complete('payments where ')).toEqual(sorted(['(', 'not', ...paymentFields]));
    expect(complete('refunds where ')).toEqual(
      sorted(['(', 'not', ...CATALOGUE.refunds.fields.map((f) => f.name)]),
    );
  });

  it('filters the fields by the typed prefix, case-insensitively', () => {
    expect(complete('payments where amo')).toEqual(['amount']);
    expect(complete('payments where AMO')).toEqual(['amount']);
    expect(complete('payments WHERE amount > 5 AND cre')).toEqual(['createdTime']);
    expect(complete('export payments where cre')).toEqual(['createdTime']);
  });

  it('completes dotted prefixes', () => {
    expect(complete('payments where cardTransaction.c')).toEqual([
      'cardTransaction.captured',
      'cardTransaction.cardType',
    ]);
    expect(complete('payments where order.i')).toEqual(['order.id']);
    expect(complete('payments where tender.')).toEqual(['tender.id', 'tender.label']);
  });

  it('offers fields after order by', () => {
    expect(complete('payments where amount > 5 order by am')).toEqual(['amount']);
    expect(complete('payments order by ')).toEqual(sorted(paymentFields));
  });

  it('offers nothing for an unknown resource', () => {
    expect(complete('customers where ')).toEqual(['(', 'not']);
  });
});

describe('complete: values', () => {
  it('offers enum values in quotes after =', () => {
    expect(complete("payments where result = 'SU")).toEqual(["'SUCCESS'"]);
    expect(complete("payments where result = 'su")).toEqual(["'SUCCESS'"]);
    expect(complete('orders where state = ')).toEqual(["'locked'", "'open'", "'paid'", 'null']);
    expect(complete("orders where state != '")).toEqual(["'locked'", "'open'", "'paid'"]);
  });

  it('offers enum values inside in (...) and after commas', () => {
    expect(complete("payments where result in ('FAIL', 'VO")).toEqual([
      "'VOID_FAILED'",
      "'VOIDED'",
      "'VOIDING'",
    ]);
    expect(complete("orders where state not in ('open', ")).toEqual([
      "'locked'",
      "'open'",
      "'paid'",
      'null',
    ]);
    expect(complete("payments where cardTransaction.cardType in ('A")).toEqual(["'AMEX'"]);
  });

  it('offers the value keywords that suit the field type', () => {
    expect(complete('payments where offline = ')).toEqual(['false', 'null', 'true']);
    expect(complete('payments where createdTime > ')).toEqual([
      'now',
      'null',
      'today',
      'yesterday',
    ]);
    expect(complete('payments where createdTime between ')).toEqual([
      'now',
      'null',
      'today',
      'yesterday',
    ]);
    expect(complete('payments where createdTime > y')).toEqual(['yesterday']);
    expect(complete('payments where amount > ')).toEqual(['null']);
    expect(complete('payments where tender.label = ')).toEqual(['null']);
  });

  it('offers every value keyword when the field is unknown', () => {
    expect(complete('payments where nope = ')).toEqual([
      'false',
      'now',
      'null',
      'today',
      'true',
      'yesterday',
    ]);
  });
});

describe('complete: the cursor', () => {
  it('completes the word at the cursor, ignoring what follows', () => {
    expect(complete('payments where amo and x', 18)).toEqual(['amount']);
    expect(complete('payments where amount > 5', 8)).toEqual(['payments']);
    expect(complete('payments wh amount > 5', 11)).toEqual(['where']);
  });

  it('clamps a cursor outside the text and reads NaN as the end', () => {
    expect(complete('pay', 99)).toEqual(['payments']);
    expect(complete('pay', Number.NaN)).toEqual(['payments']);
    expect(complete('pay', -5)).toEqual(['export', 'orders', 'payments', 'refunds']);
  });
});

describe('completionStart', () => {
  it('is where the word at the cursor starts', () => {
    expect(completionStart('payments where amo', 18)).toBe(15);
    expect(completionStart('payments where amo')).toBe(15);
    expect(completionStart('payments where ')).toBe(15);
    expect(completionStart('payments where cardTransaction.ca')).toBe(15);
    expect(completionStart('payments where amo and x', 18)).toBe(15);
    expect(completionStart('')).toBe(0);
  });

  it('starts at the quote inside an unfinished string', () => {
    expect(completionStart("payments where result = 'SU")).toBe(24);
    expect(completionStart("payments where result in ('FAIL', 'VO")).toBe(34);
    expect(completionStart("payments where result = 'it''s")).toBe(24);
  });

  it('is not misled by quotes in finished strings and comments', () => {
    const q1 = `payments where tender.label = "it's" and res`;
    expect(completionStart(q1)).toBe(q1.length - 3);
    expect(complete(q1)).toEqual(['result']);
    const q2 = "payments -- don't\nwhere res";
    expect(completionStart(q2)).toBe(q2.length - 3);
    expect(complete(q2)).toEqual(['result']);
    const q3 = String.raw`payments where tender.label = 'a\'b' and res`;
    expect(complete(q3)).toEqual(['result']);
    const q4 = "payments where tender.label = 'it''s' and res";
    expect(complete(q4)).toEqual(['result']);
  });
});

describe('complete: robustness', () => {
  it('returns [] for garbage without throwing', () => {
    for (const text of [
      '@@@',
      'payments where @',
      "'",
      '"',
      'payments where ))) ',
      'where where',
    ]) {
      expect(complete(text), text).toEqual([]);
    }
    expect(complete(42 as unknown as string)).toEqual([]);
    expect(complete(null as unknown as string)).toEqual([]);
  });

  it('returns [] for text longer than 10,000 characters', () => {
    expect(complete(`payments where ${'amount > 1 and '.repeat(700)}amo`)).toEqual([]);
  });

  it('answers quickly for long text within the limit', () => {
    for (const text of [
      `payments where ${'amount > 1 and '.repeat(650)}amo`,
      `payments where amount in (${'1, '.repeat(3_000)}`,
      `payments where ${'('.repeat(9_900)}amo`,
      `payments where ${'not '.repeat(2_400)}amo`,
      `payments where ${'(amount > 1) and '.repeat(550)}amo`,
    ]) {
      const t0 = cpuMs();
      complete(text);
      // Content assist over 9,900 nested parentheses took tens of seconds; the grammar allows 64.
      expect(cpuMs() - t0, text.slice(0, 40)).toBeLessThan(1_000);
    }
    expect(complete(`payments where ${'amount > 1 and '.repeat(650)}amo`)).toEqual(['amount']);
  });

  it('never throws on any text and cursor', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.integer({ min: -5, max: 70 }),
        (text, cursor) => {
          const r = complete(text, cursor);
          expect(Array.isArray(r)).toBe(true);
          const start = completionStart(text, Math.max(0, Math.min(cursor, text.length)));
          expect(start).toBeGreaterThanOrEqual(0);
          expect(start).toBeLessThanOrEqual(text.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('complete: select and group by', () => {
  it('offers fields and functions after select and group by', () => {
    expect(complete('payments group by da')).toEqual(['day']);
    expect(complete('payments select co')).toEqual(['count']);
    expect(complete('payments select ta')).toEqual(['taxAmount']);
  });

  it('offers the days a week may start on as the second argument of a call', () => {
    expect(complete('payments group by week(createdTime, s')).toEqual(['saturday', 'sunday']);
  });

  it('offers no functions, and no (, where the query does not aggregate', () => {
    expect(complete('payments order by co')).toEqual([]);
    expect(complete('payments order by createdTime ')).toEqual(['asc', 'desc', 'limit']);
  });

  it('offers nothing for an alias, which is the user’s own name', () => {
    expect(complete('payments select amount as ')).toEqual([]);
  });
});
