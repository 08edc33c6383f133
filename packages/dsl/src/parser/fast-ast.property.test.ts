/**
 * The fast lexer and parser (lexer/fast-lex.ts, parser/fast-ast.ts) against Chevrotain's, the
 * grammar of record, read by buildAst. On random valid queries from the grammar both give the
 * same tokens and the same AST. On near misses (a token dropped, doubled, swapped or replaced, a
 * character inserted) and on random text, the fast path gives up or gives exactly what Chevrotain gives: it never
 * accepts what Chevrotain rejects, and parseQuery's errors are Chevrotain's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEYWORD_BY_WORD } from '../lexer/tokens.js';
import { expectFastPathAgrees } from '../testing/test-fast-path.js';
import {
  type Fragments,
  joinFragments,
  queryFragments,
  separators,
  validQuery,
} from '../testing/test-query-arbitrary.js';

const RUNS = process.env.CLOVERQL_LONG ? 20_000 : 300;

/** Fragments that, put in place of a token, make near misses, valid or not. */
const STRAY = [
  "'",
  '"',
  '$-5',
  '$5.',
  '$1.234',
  '5x',
  '1.',
  '.5',
  '1e',
  '1e+',
  '5mss',
  '2025-01-01T10',
  '2025-01-01T10:00:00.1234',
  '2025-01-01T10:00+05',
  '2025-01-01T10:00:00+05:30:',
  '2025-01-01.',
  "'a''b",
  '\\',
  '!',
  '@',
  'é',
  '\u00a0',
  '\u2003',
  '--',
  '-',
  '+',
  'not',
  'and',
  'or',
  '(',
  ')',
  ',',
  '.',
  'in',
  'is',
  'null',
  'by',
  'as',
  'distinct',
  'order',
  'limit',
  'select',
  'x',
  '7d',
  '=',
  '<>',
  '<',
];

type Mutation =
  | { kind: 'drop' | 'double'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'replace' | 'keyword'; at: number; with: string }
  | { kind: 'insert'; at: number; with: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'double' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    with: fc.constantFrom(...STRAY),
  }),
  // A keyword where a name was: `order = 5` is not a field (only `order.id` is).
  fc.record({
    kind: fc.constant('keyword' as const),
    at: fc.nat(),
    with: fc.constantFrom(...KEYWORD_BY_WORD.keys()),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    with: fc.constantFrom(...STRAY, ...'$-\'".,()!=<>é0aT:Z+ \n'),
  }),
);

/** The query text after the mutation (inserts go at a character position of the text). */
function mutate(fragments: Fragments, seps: string[], m: Mutation): string {
  const f = [...fragments];
  const i = m.at % f.length;
  switch (m.kind) {
    case 'drop':
      f.splice(i, 1);
      break;
    case 'double':
      f.splice(i, 0, f[i]!);
      break;
    case 'swap':
      if (i + 1 < f.length) [f[i], f[i + 1]] = [f[i + 1]!, f[i]!];
      break;
    case 'replace':
    case 'keyword':
      f[i] = m.with;
      break;
    case 'insert': {
      const text = joinFragments(f, seps);
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.with + text.slice(at);
    }
  }
  return joinFragments(f, seps);
}

describe('the fast lexer and parser against Chevrotain', () => {
  it('give the same tokens and AST on random valid queries', () => {
    fc.assert(
      fc.property(validQuery, ({ text }) => {
        expect(expectFastPathAgrees(text)).toEqual({ fast: true, chevrotain: true });
      }),
      { numRuns: RUNS },
    );
  });

  it('on near misses, give up or agree with Chevrotain, never accept what it rejects', () => {
    const seen = { fastAccepted: 0, rejected: 0 };
    fc.assert(
      fc.property(queryFragments, separators, mutation, (fragments, seps, m) => {
        const r = expectFastPathAgrees(mutate(fragments, seps, m));
        if (r.fast) seen.fastAccepted++;
        if (!r.chevrotain) seen.rejected++;
      }),
      { numRuns: RUNS },
    );
    // Both sides of the property were exercised.
    expect(seen.fastAccepted).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
  });

  it('on random text, give up or agree with Chevrotain', () => {
    const text = fc.string({
      unit: fc.constantFrom(...STRAY, ...'abzAZ_09 \t\n$-\'"\\.,()!=<>:T+eE'),
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, (t) => {
        expectFastPathAgrees(t);
        expectFastPathAgrees(`orders where x = ${t}`);
      }),
      { numRuns: RUNS },
    );
  });
});
