/**
 * The fast lexer and parser against Chevrotain on the queries people read: every example of
 * docs/language.md and every golden fixture gives the same tokens and AST both ways (and the fast
 * path accepts every one Chevrotain accepts), and on the corners where the fast path gives up on
 * purpose, parseQuery still gives Chevrotain's result and errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fastLex } from '../lexer/fast-lex.js';
import { expectFastPathAgrees } from '../testing/test-fast-path.js';
import { MAX_NESTING } from './parse.js';
import { parseQuery } from './parse-query.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** The ```cloverql blocks of docs/language.md. */
function docExamples(): string[] {
  const doc = readFileSync(join(REPO, 'docs/language.md'), 'utf8');
  return [...doc.matchAll(/```cloverql\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

/** The queries of fixtures/plans, as golden.test.ts reads them. */
function goldenQueries(): string[] {
  const root = join(REPO, 'fixtures/plans');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => readFileSync(join(root, d.name, 'query.cloverql'), 'utf8').replace(/\n$/, ''));
}

describe('the fast path on the documented and golden queries', () => {
  const cases = [
    ...docExamples().map((q) => ['docs', q] as const),
    ...goldenQueries().map((q) => ['golden', q] as const),
  ];

  it('finds the examples', () => {
    expect(cases.filter(([from]) => from === 'docs').length).toBeGreaterThan(20);
    expect(cases.filter(([from]) => from === 'golden').length).toBeGreaterThan(20);
  });

  it.each(cases)('%s: %s', (_from, query) => {
    const r = expectFastPathAgrees(query, { errors: true });
    // Every query Chevrotain parses, the fast path parses too.
    expect(r.fast).toBe(r.chevrotain);
  });
});

describe('the fast path on the corners it leaves to Chevrotain', () => {
  it.each([
    // The regex of a string backtracks over `''` when no closing quote follows.
    ["orders where x = 'a''b", false],
    // A datetime whose greedy reading fails its lookahead: the regex may match shorter.
    ['orders where t > 2025-01-01T10:00:00.1234', false],
    ['orders where t > 2025-01-01T10:00:00+05:30:', false],
    ['orders where x = 2025-01-01 10', false],
    ['orders where x = $-5', false],
    ['orders where x = 5mss', false],
    ['orders where x = now - 5', false],
    ['payments select count(distinct.x)', false],
    ['payments group by order(x)', false],
    // A keyword starts a field only when a dot follows.
    ['orders where order = 5', false],
    ['orders select null', false],
    ['orders limit 5 limit 5', false],
    ['orders where x in ()', false],
    ['', false],
    ['orders where x = @', false],
  ] as const)('%j is rejected by both, with Chevrotain errors', (query, accepted) => {
    expect(expectFastPathAgrees(query, { errors: true })).toEqual({
      fast: accepted,
      chevrotain: accepted,
    });
    expect(parseQuery(query).diagnostics.length).toBeGreaterThan(0);
  });

  it.each([
    'orders where order.id = $5 and not not x = -$5.5',
    "orders where x = 'it''s' and y = \"a\\\"b\" -- a comment",
    'ORDERS WHERE X IS NOT NULL ORDER BY X DESC LIMIT 1e3',
    'export orders where x between today - 1w + 2h and now and y not in (1, -2)',
    'payments where createdTime >= 2025-01-01 10:00:00.5-0530 select a as b, count() as c',
    // Dotted names with space or a comment around some dots, at the start, middle and end.
    'orders where a . b.c = 1 and d.e . f = 2 and g.h.i = 3 and j -- c\n.k = 4 and l.\tm = 5',
    // Strings with and without escapes, in both quotes; an escape only in a later string.
    "orders where a = 'x' and b = 'it''s' and c = \"q\\\"r\" and d = 'y\\n' and e = \"\" and f = '\\u0041' and g = 'don''t' and h = \"it's\"",
    // Lists nested in lists: operands, in values, group keys, having operands, select items.
    'orders where (a = 1 or b = 2 and (c = 3 or d in (1, 2, 3))) and e in (4) and f = 5 group by x, y having count() > 1 or (sum(z) > 2 and max(w) < 3) select x, y, count()',
  ])('%j is accepted by both', (query) => {
    expect(expectFastPathAgrees(query, { errors: true })).toEqual({ fast: true, chevrotain: true });
  });

  it('gives up on whitespace outside ASCII, which Chevrotain accepts', () => {
    const query = 'orders\u00a0where x = 1\u2003';
    expect(fastLex(query)).toBeUndefined();
    expect(expectFastPathAgrees(query, { errors: true })).toEqual({
      fast: false,
      chevrotain: true,
    });
  });

  it('gives up on nesting deeper than MAX_NESTING, so the error is TOO_DEEP', () => {
    const depth = MAX_NESTING + 1;
    const query = `orders where ${'('.repeat(depth)}x = 1${')'.repeat(depth)}`;
    expect(expectFastPathAgrees(query, { errors: true })).toEqual({
      fast: false,
      chevrotain: false,
    });
    expect(parseQuery(query).diagnostics.map((d) => d.code)).toEqual(['TOO_DEEP']);
  });
});
