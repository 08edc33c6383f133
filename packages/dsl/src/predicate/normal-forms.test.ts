import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuMs } from '../testing/test-cpu-time.js';
import { compileMatcher } from './evaluate.js';
import { type Literal, toDnf, toNnf, topLevelLiterals } from './normal-forms.js';
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
} from './predicate.js';

const a = comparison('amount', '>', 5);
const b = comparison('result', '=', 'FAIL');
const c = isNull('tender.label');
const d = inList('amount', [1, 2]);

describe('toNnf', () => {
  it('flips each comparison operator under not', () => {
    const flips: [CompareOp, CompareOp][] = [
      ['=', '!='],
      ['!=', '='],
      ['>', '<='],
      ['>=', '<'],
      ['<', '>='],
      ['<=', '>'],
    ];
    for (const [op, negated] of flips) {
      expect(toNnf(not(comparison('amount', op, 1)))).toEqual(comparison('amount', negated, 1));
    }
  });

  it('toggles in and is null under not', () => {
    expect(toNnf(not(d))).toEqual(inList('amount', [1, 2], true));
    expect(toNnf(not(inList('amount', [1], true)))).toEqual(inList('amount', [1]));
    expect(toNnf(not(c))).toEqual(isNull('tender.label', true));
    expect(toNnf(not(isNull('x', true)))).toEqual(isNull('x'));
  });

  it('applies De Morgan and removes double negation', () => {
    expect(toNnf(not(and([a, b])))).toEqual(
      or([comparison('amount', '<=', 5), comparison('result', '!=', 'FAIL')]),
    );
    expect(toNnf(not(or([a, b])))).toEqual(
      and([comparison('amount', '<=', 5), comparison('result', '!=', 'FAIL')]),
    );
    expect(toNnf(not(not(a)))).toEqual(a);
    expect(toNnf(not(not(not(a))))).toEqual(comparison('amount', '<=', 5));
  });

  it('negates constants and simplifies them away', () => {
    expect(toNnf(not(constant(true)))).toEqual(constant(false));
    expect(toNnf(and([a, not(constant(false))]))).toEqual(a);
    expect(toNnf(or([a, not(constant(false))]))).toEqual(constant(true));
  });

  it('leaves a predicate without not as it is', () => {
    const p = and([a, or([b, c]), d]);
    expect(toNnf(p)).toEqual(p);
  });

  it('flattens nested ands and ors it creates', () => {
    expect(toNnf(and([a, not(or([b, c]))]))).toEqual(
      and([a, comparison('result', '!=', 'FAIL'), isNull('tender.label', true)]),
    );
  });
});

describe('toDnf', () => {
  it('turns literals into one conjunction of one literal', () => {
    expect(toDnf(a, 8)).toEqual([[a]]);
  });

  it('is [[]] for true and [] for false', () => {
    expect(toDnf(constant(true), 8)).toEqual([[]]);
    expect(toDnf(constant(false), 8)).toEqual([]);
  });

  it('concatenates the branches of an or and distributes and over or', () => {
    expect(toDnf(or([a, b]), 8)).toEqual([[a], [b]]);
    expect(toDnf(and([a, or([b, c])]), 8)).toEqual([
      [a, b],
      [a, c],
    ]);
    expect(toDnf(and([or([a, b]), or([c, d])]), 8)).toEqual([
      [a, c],
      [a, d],
      [b, c],
      [b, d],
    ]);
  });

  it('keeps the order of the conjuncts', () => {
    expect(toDnf(and([a, b, c, d]), 8)).toEqual([[a, b, c, d]]);
  });

  it('gives up with null beyond maxTerms', () => {
    const three = or([a, b, c]);
    expect(toDnf(and([three, three]), 8)).toBeNull();
    expect(toDnf(and([three, three]), 9)).toHaveLength(9);
    expect(toDnf(or([a, b, c]), 2)).toBeNull();
    expect(toDnf(and([a, or([b, and([c, or([a, d])])])]), 2)).toBeNull();
  });

  it('needs a predicate in negation normal form', () => {
    expect(() => toDnf(not(a), 8)).toThrow(TypeError);
  });

  it('does not share conjunction arrays between branches', () => {
    const dnf = toDnf(and([or([a, b]), c, d]), 8)!;
    expect(dnf).toEqual([
      [a, c, d],
      [b, c, d],
    ]);
    expect(dnf[0]).not.toBe(dnf[1]);
  });

  it('takes linear time on a long and chain', () => {
    const lits = Array.from({ length: 40_000 }, (_, i) => comparison('amount', '>', i));
    const t0 = cpuMs();
    const dnf = toDnf(and(lits), 8);
    const ms = cpuMs() - t0;
    expect(dnf?.[0]).toHaveLength(40_000);
    // Copying each conjunction per conjunct took seconds here; linear work takes milliseconds.
    expect(ms).toBeLessThan(500);
  });
});

describe('topLevelLiterals', () => {
  it('returns the conjuncts that are literals', () => {
    expect(topLevelLiterals(and([a, or([b, c]), d]))).toEqual([a, d]);
    expect(topLevelLiterals(b)).toEqual([b]);
    expect(topLevelLiterals(or([a, b]))).toEqual([]);
    expect(topLevelLiterals(constant(true))).toEqual([]);
  });
});

describe('normal forms keep the three-valued meaning', () => {
  // Leaves over a few payment fields, with values that records below both hit and miss.
  const leaf: fc.Arbitrary<Predicate> = fc.oneof(
    fc
      .tuple(
        fc.constantFrom<CompareOp>('=', '!=', '>', '>=', '<', '<='),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([op, v]) => comparison('amount', op, v)),
    fc
      .tuple(fc.constantFrom<CompareOp>('=', '!='), fc.constantFrom('FAIL', 'SUCCESS'))
      .map(([op, v]) => comparison('result', op, v)),
    fc.boolean().map((v) => comparison('offline', '=', v)),
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
      )
      .map(([vs, neg]) => inList('amount', vs, neg)),
    fc
      .tuple(fc.constantFrom('amount', 'result', 'offline'), fc.boolean())
      .map(([f, neg]) => isNull(f, neg)),
    fc.boolean().map(constant),
  );
  const { predicate } = fc.letrec<{ predicate: Predicate }>((tie) => ({
    predicate: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      // Raw nodes, not the simplifying factories, so unflattened shapes are covered too.
      fc
        .array(tie('predicate'), { minLength: 1, maxLength: 3 })
        .map((operands): Predicate => ({ kind: 'and', operands })),
      fc
        .array(tie('predicate'), { minLength: 1, maxLength: 3 })
        .map((operands): Predicate => ({ kind: 'or', operands })),
      tie('predicate').map((operand): Predicate => ({ kind: 'not', operand })),
    ),
  }));
  const field = <T>(values: T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
  const record = fc
    .record({
      amount: fc.oneof(field([0, 1, 2, 3]), fc.constant(null)),
      result: fc.oneof(field(['FAIL', 'SUCCESS', 'fail', 'VOIDED']), fc.constant(null)),
      offline: fc.oneof(field([true, false]), fc.constant(null)),
    })
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

  it('toNnf(p) and its DNF evaluate like p on every record', () => {
    fc.assert(
      fc.property(predicate, fc.array(record, { minLength: 1, maxLength: 8 }), (p, records) => {
        const nnf = toNnf(p);
        const dnf = toDnf(nnf, 1_000);
        const original = compileMatcher(p, 'payments');
        const normal = compileMatcher(nnf, 'payments');
        const dnfMatcher =
          dnf === null
            ? undefined
            : compileMatcher(or(dnf.map((conj: Literal[]) => and(conj))), 'payments');
        for (const r of records) {
          const want = original(r);
          expect(normal(r)).toBe(want);
          if (dnfMatcher) expect(dnfMatcher(r)).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('toNnf leaves no not behind', () => {
    const hasNot = (p: Predicate): boolean =>
      p.kind === 'not' || ((p.kind === 'and' || p.kind === 'or') && p.operands.some(hasNot));
    fc.assert(
      fc.property(predicate, (p) => {
        expect(hasNot(toNnf(p))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
