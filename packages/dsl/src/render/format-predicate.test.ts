import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAst } from '../ast/build-ast.js';
import { CATALOGUE } from '../catalogue/catalogue.js';
import { check } from '../check/check.js';
import { lex } from '../lexer/lex.js';
import { normalize } from '../normalize/normalize.js';
import { parseTokens } from '../parser/parse.js';
import { toNnf } from '../predicate/normal-forms.js';
import {
  and,
  type CompareOp,
  comparison,
  constant,
  inList,
  isNull,
  not,
  or,
  type Predicate,
} from '../predicate/predicate.js';
import { formatPredicate } from './format-predicate.js';

const RUNS = process.env.CLOVERQL_LONG ? 3_000 : 200;

/** The normalised predicate of `payments where <text>`, or the problems found. */
function readBack(text: string): Predicate {
  const source = `payments where ${text}`;
  const lexed = lex(source);
  const parsed = parseTokens(lexed.tokens, source.length);
  const problems = [...lexed.diagnostics, ...parsed.diagnostics];
  if (problems.length || !parsed.cst) throw new Error(`${source}: ${JSON.stringify(problems)}`);
  const checked = check(buildAst(parsed.cst, source));
  if (!checked.query) throw new Error(`${source}: ${JSON.stringify(checked.diagnostics)}`);
  const r = normalize(checked.query, { now: 0, tz: 'UTC' });
  if (!r.query) throw new Error(`${source}: ${JSON.stringify(r.diagnostics)}`);
  return r.query.predicate;
}

describe('formatPredicate', () => {
  it('writes comparisons, in lists and null checks in query syntax', () => {
    expect(formatPredicate(comparison('amount', '>', 1000), 'payments')).toBe('amount > 1000');
    expect(formatPredicate(comparison('tender.label', '=', "it's"), 'payments')).toBe(
      "tender.label = 'it''s'",
    );
    expect(formatPredicate(comparison('offline', '!=', true), 'payments')).toBe('offline != true');
    expect(formatPredicate(inList('result', ['FAIL', 'AUTH'], true), 'payments')).toBe(
      "result not in ('FAIL', 'AUTH')",
    );
    expect(formatPredicate(isNull('device.id', true), 'payments')).toBe('device.id is not null');
    expect(formatPredicate(isNull('device.id'), 'payments')).toBe('device.id is null');
  });

  it('writes times as ISO datetimes, only on time fields', () => {
    expect(formatPredicate(comparison('createdTime', '>=', 1714521600000), 'payments')).toBe(
      'createdTime >= 2024-05-01T00:00:00.000Z',
    );
    expect(formatPredicate(inList('createdTime', [0]), 'payments')).toBe(
      'createdTime in (1970-01-01T00:00:00.000Z)',
    );
    expect(formatPredicate(comparison('amount', '>=', 1714521600000), 'payments')).toBe(
      'amount >= 1714521600000',
    );
  });

  it('parenthesises or inside and, and anything compound inside not', () => {
    const a = comparison('amount', '>', 1);
    const b = comparison('amount', '<', 9);
    const c = isNull('device.id');
    expect(formatPredicate(and([a, or([b, c])]), 'payments')).toBe(
      'amount > 1 and (amount < 9 or device.id is null)',
    );
    expect(formatPredicate(or([and([a, b]), c]), 'payments')).toBe(
      'amount > 1 and amount < 9 or device.id is null',
    );
    expect(formatPredicate(not(and([a, b])), 'payments')).toBe('not (amount > 1 and amount < 9)');
    expect(formatPredicate(not(or([a, b])), 'payments')).toBe('not (amount > 1 or amount < 9)');
    expect(formatPredicate(not(a), 'payments')).toBe('not amount > 1');
    expect(formatPredicate(not(not(a)), 'payments')).toBe('not not amount > 1');
  });

  it('writes constants as true and false', () => {
    expect(formatPredicate(constant(true), 'payments')).toBe('true');
    expect(formatPredicate(constant(false), 'orders')).toBe('false');
  });

  it('escapes backslashes and control characters so strings read back the same', () => {
    const p = comparison('tender.label', '=', 'a\\b\n\t\r\u0001\u007f"\'é😀');
    const text = formatPredicate(p, 'payments');
    expect(text).toBe(String.raw`tender.label = 'a\\b\n\t\r\u0001\u007f"''é😀'`);
    expect(readBack(text)).toEqual(p);
  });

  it('reads back as the same predicate (time, money, enum, string, boolean, null values)', () => {
    const time = fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) });
    // Mostly the characters quoting must care about, then anything at all.
    const unit = fc.oneof(
      fc.constantFrom('\\', "'", '"', '\n', '\t', '\r', '\u0000', 'u', '0', 'a', ' ', 'é', '😀'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const text = fc.string({ unit, maxLength: 12 });
    const op = fc.constantFrom<CompareOp>('=', '!=', '>', '>=', '<', '<=');
    const eqOp = fc.constantFrom<CompareOp>('=', '!=');
    const results = CATALOGUE.payments.fields.find((f) => f.name === 'result')!.values!;
    const leaf: fc.Arbitrary<Predicate> = fc.oneof(
      fc.tuple(op, time).map(([o, v]) => comparison('createdTime', o, v)),
      fc
        .tuple(fc.uniqueArray(time, { minLength: 1, maxLength: 3 }), fc.boolean())
        .map(([vs, neg]) => inList('modifiedTime', vs, neg)),
      fc.tuple(op, fc.integer({ min: -1e9, max: 1e9 })).map(([o, v]) => comparison('amount', o, v)),
      fc.tuple(eqOp, fc.constantFrom(...results)).map(([o, v]) => comparison('result', o, v)),
      fc
        .tuple(
          fc.uniqueArray(fc.constantFrom(...results), { minLength: 1, maxLength: 3 }),
          fc.boolean(),
        )
        .map(([vs, neg]) => inList('result', vs, neg)),
      fc.tuple(op, text).map(([o, v]) => comparison('tender.label', o, v)),
      fc
        .tuple(fc.uniqueArray(text, { minLength: 1, maxLength: 3 }), fc.boolean())
        .map(([vs, neg]) => inList('employee.id', vs, neg)),
      fc.tuple(eqOp, fc.boolean()).map(([o, v]) => comparison('offline', o, v)),
      fc
        .tuple(fc.constantFrom('device.id', 'deletedTime', 'cashTendered'), fc.boolean())
        .map(([f, neg]) => isNull(f, neg)),
    );
    const { predicate } = fc.letrec<{ predicate: Predicate }>((tie) => ({
      predicate: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('predicate'), { minLength: 2, maxLength: 3 }).map(and),
        fc.array(tie('predicate'), { minLength: 2, maxLength: 3 }).map(or),
        tie('predicate').map(not),
      ),
    }));
    fc.assert(
      fc.property(predicate, (p) => {
        const text = formatPredicate(p, 'payments');
        expect(toNnf(readBack(text))).toEqual(toNnf(p));
      }),
      { numRuns: RUNS },
    );
  });
});
