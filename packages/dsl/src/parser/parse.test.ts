import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lex } from '../lexer/lex.js';
import { expectedAfter, MAX_NESTING, parseTokens } from './parse.js';

function parse(source: string) {
  const lexed = lex(source);
  expect(lexed.diagnostics).toEqual([]);
  return parseTokens(lexed.tokens, source.length);
}

function expectParses(source: string): void {
  const r = parse(source);
  expect(r.diagnostics, source).toEqual([]);
  expect(r.cst, source).toBeDefined();
}

function firstError(source: string) {
  const r = parse(source);
  expect(r.cst).toBeUndefined();
  const [first] = r.diagnostics;
  if (!first) throw new Error(`expected a syntax error in ${source}`);
  return first;
}

const VALUE_LABELS = [
  '-',
  'number',
  'money',
  'string',
  'true',
  'false',
  'null',
  'date',
  'datetime',
  'now',
  'today',
  'yesterday',
];

describe('parse: every grammar form of docs/language.md', () => {
  it.each([
    'orders',
    'export orders',
    'EXPORT payments',
    'payments where amount > 5',
    'payments order by createdTime',
    'payments order by createdTime asc',
    'payments order by createdTime DESC',
    'payments limit 10',
    "export payments where createdTime >= 2024-01-01 and result = 'SUCCESS' order by amount desc limit 10",
  ])('query form: %s', expectParses);

  it.each(['a = 1', 'a == 1', 'a != 1', 'a <> 1', 'a > 1', 'a >= 1', 'a < 1', 'a <= 1'])(
    'comparison operator: %s',
    (cond) => expectParses(`payments where ${cond}`),
  );

  it.each([
    'a = 1 and b = 2',
    'a = 1 or b = 2',
    'a = 1 or b = 2 and c = 3',
    'not a = 1',
    'not not a = 1',
    'not (a = 1 or b = 2)',
    '(a = 1)',
    '((a = 1))',
    '(a = 1 or b = 2) and (c = 3 or not d = 4)',
    'a between 1 and 2',
    'a between 1 and 2 and b = 3',
    'a in (1)',
    "a in ('x', 'y', 'z')",
    'a not in (1, 2)',
    'a is null',
    'a is not null',
    'a.b.c = 1',
    'order.id = 1',
    'a.order = 1',
    'a.in.not = 1',
  ])('condition: %s', (cond) => expectParses(`payments where ${cond}`));

  it.each([
    '1000',
    '-5',
    '2.5',
    '1e3',
    '$12.50',
    '-$3',
    "'text'",
    '"text"',
    'true',
    'FALSE',
    'null',
    '2024-01-31',
    '2024-01-31T10:30:00Z',
    '2024-01-31 10:30:00.250+02:00',
    'now',
    'today',
    'yesterday',
    'now - 30d',
    'today - 2w',
    'yesterday + 9h',
    'now - 1d + 2h - 30m + 10s - 5ms',
  ])('value: %s', (value) => expectParses(`payments where a = ${value}`));

  it('accepts every value kind in between and in lists', () => {
    expectParses('payments where a between today - 1w and now');
    expectParses("payments where a in (1, $2, 'x', true, 2024-01-01, now - 1d)");
  });

  it('accepts a keyword as the first segment of a field only when a dot follows', () => {
    expectParses('payments where order.id = 1 order by order.id desc');
    expect(firstError('payments where order = 1').code).toBe('SYNTAX_ERROR');
  });

  it('accepts newlines, comments and keyword case freely', () => {
    expectParses(
      'payments -- c\nWHERE amount > 5\n  AND Not result = 1 -- c\nORDER BY amount LIMIT 3',
    );
  });
});

describe('parse: syntax errors', () => {
  it('asks for a resource when the query starts with something else', () => {
    const e = firstError('where amount > 5');
    expect(e).toMatchObject({
      code: 'SYNTAX_ERROR',
      span: { offset: 0, length: 5 },
      expected: ['export', 'resource name'],
      hint: 'start with a resource: orders, payments or refunds (optionally after export)',
    });
    expect(e.message).toBe("unexpected 'where': expected one of export, resource name");
  });

  it('reports an empty query as an unexpected end', () => {
    expect(firstError('')).toMatchObject({
      code: 'UNEXPECTED_END',
      span: { offset: 0, length: 0 },
      expected: ['export', 'resource name'],
    });
    expect(firstError('export')).toMatchObject({
      code: 'UNEXPECTED_END',
      span: { offset: 6, length: 0 },
      expected: ['resource name'],
    });
  });

  it('suggests the keyword a misspelled word was meant to be', () => {
    expect(firstError('payments wher amount > 5')).toMatchObject({
      code: 'SYNTAX_ERROR',
      span: { offset: 9, length: 4 },
      expected: ['where', 'group', 'having', 'select', 'order', 'limit'],
      hint: 'did you mean where?',
    });
    expect(firstError('payments where amount > 5 limt 5').hint).toBe('did you mean limit?');
    expect(firstError('payments where amount > 5 oder by amount').hint).toBe('did you mean order?');
    expect(firstError('payments where amount = 5 andd x = 1').hint).toBe('did you mean and?');
  });

  it('tells that a bare word in value position needs quotes', () => {
    const e = firstError('payments where result = FAIL');
    expect(e).toMatchObject({
      code: 'SYNTAX_ERROR',
      span: { offset: 24, length: 4 },
      expected: VALUE_LABELS,
      hint: "text values need quotes: 'FAIL'",
    });
    expect(e.message).toBe(
      "unexpected 'FAIL': expected one of -, number, money, string, true, false, null, date, …",
    );
  });

  it('tells that a duration needs now, today or yesterday before it', () => {
    expect(firstError('payments where createdTime > 30d')).toMatchObject({
      code: 'SYNTAX_ERROR',
      span: { offset: 29, length: 3 },
      hint: 'durations go after now, today or yesterday: now - 30d',
    });
  });

  it('asks for a duration after now - ', () => {
    expect(firstError('payments where createdTime > now - 5')).toMatchObject({
      code: 'SYNTAX_ERROR',
      span: { offset: 35, length: 1 },
      expected: ['duration'],
    });
  });

  it('reports an unexpected end at the end of the text, with what was expected', () => {
    expect(firstError('payments where')).toEqual({
      code: 'UNEXPECTED_END',
      message: 'the query ends too early: expected one of not, (, field name',
      span: { offset: 14, length: 0 },
      expected: ['not', '(', 'field name'],
      hint: 'add a condition after where, e.g. createdTime >= today - 7d',
    });
    expect(firstError('payments where amount >')).toMatchObject({
      code: 'UNEXPECTED_END',
      span: { offset: 23, length: 0 },
      expected: VALUE_LABELS,
    });
    expect(firstError('payments where (amount > 5').expected).toEqual(['and', 'or', ')']);
    expect(firstError('payments order').expected).toEqual(['by']);
    expect(firstError('payments order by').expected).toEqual(['field name']);
    expect(firstError('payments limit').expected).toEqual(['number']);
    expect(firstError('payments where amount between 1').expected).toEqual(['and']);
    expect(firstError('payments where amount is').expected).toEqual(['not', 'null']);
    expect(firstError('payments where amount is not').expected).toEqual(['null']);
  });

  it('counts trailing whitespace and comments in the end offset', () => {
    expect(firstError('payments where  -- more to come\n').span).toEqual({ offset: 32, length: 0 });
  });

  it('reports what may follow a complete condition', () => {
    expect(firstError('payments where amount > 5)')).toMatchObject({
      span: { offset: 25, length: 1 },
      expected: ['and', 'or', 'group', 'having', 'select', 'order', 'limit'],
    });
    expect(firstError('payments where amount > 5 desc').expected).toEqual([
      'and',
      'or',
      'group',
      'having',
      'select',
      'order',
      'limit',
    ]);
    expect(firstError('payments payments').expected).toEqual([
      'where',
      'group',
      'having',
      'select',
      'order',
      'limit',
    ]);
  });

  it('lists the operators when a field is not followed by one', () => {
    expect(firstError('payments where amount 5')).toMatchObject({
      span: { offset: 22, length: 1 },
      expected: ['.', '=', '!=', '>', '>=', '<', '<=', 'between', 'not', 'in', 'is'],
    });
  });

  it('rejects an empty in list and a negative limit', () => {
    expect(firstError('payments where amount in ()').span).toEqual({ offset: 26, length: 1 });
    expect(firstError('payments limit -1').expected).toEqual(['number']);
  });

  it('reports several errors at once when the parser can recover', () => {
    const r = parse('payments where amount > 5 and result = FAIL and offline = yes');
    expect(r.cst).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.span])).toEqual([
      ['SYNTAX_ERROR', { offset: 39, length: 4 }],
      ['SYNTAX_ERROR', { offset: 58, length: 3 }],
    ]);
    expect(r.diagnostics[0]?.hint).toBe("text values need quotes: 'FAIL'");
  });

  it('reports at most five syntax errors', () => {
    const source = `payments where ${Array.from({ length: 10 }, (_, i) => `f${i} = v${i}`).join(' and ')}`;
    const r = parse(source);
    expect(r.diagnostics).toHaveLength(5);
    expect(new Set(r.diagnostics.map((d) => d.span.offset)).size).toBe(5);
  });

  it('reports only the first error of a long malformed query, without recovery', () => {
    const source = `payments where ${Array.from({ length: 200 }, (_, i) => `f${i} = v${i}`).join(' and ')}`;
    const r = parse(source);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.span).toEqual({ offset: source.indexOf('v0'), length: 2 });
  });
});

describe('parse: nesting limit', () => {
  const nested = (depth: number) =>
    `payments where ${'('.repeat(depth)}amount > 5${')'.repeat(depth)}`;

  it(`accepts ${MAX_NESTING} nested parentheses and rejects one more`, () => {
    expectParses(nested(MAX_NESTING));
    const source = nested(MAX_NESTING + 1);
    const e = firstError(source);
    expect(e).toMatchObject({
      code: 'TOO_DEEP',
      span: { offset: 15 + MAX_NESTING, length: 1 },
      hint: 'flatten the condition: a or (b or c) is the same as a or b or c',
    });
  });

  it(`accepts ${MAX_NESTING} nots in a row and rejects one more`, () => {
    expectParses(`payments where ${'not '.repeat(MAX_NESTING)}amount > 5`);
    expect(firstError(`payments where ${'not '.repeat(MAX_NESTING + 1)}amount > 5`)).toMatchObject({
      code: 'TOO_DEEP',
      span: { offset: 15 + 4 * MAX_NESTING, length: 3 },
    });
  });

  it('counts parentheses and nots together', () => {
    expectParses(
      `payments where ${'not ('.repeat(MAX_NESTING)}amount > 5${')'.repeat(MAX_NESTING)}`,
    );
    const half = MAX_NESTING / 2;
    expect(
      firstError(`payments where ${'('.repeat(half)}${'not '.repeat(half + 1)}amount > 5`).code,
    ).toBe('TOO_DEEP');
  });

  it('does not count parentheses that were closed', () => {
    const flat = Array.from({ length: 100 }, () => '(amount > 5)').join(' or ');
    expectParses(`payments where ${flat}`);
  });

  it('rejects a deep nesting before parsing, whatever follows', () => {
    const r = parse(`${'('.repeat(70)}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['TOO_DEEP']);
  });
});

describe('expectedAfter', () => {
  it('lists resources at the start and operators after a field', () => {
    expect(expectedAfter([])).toEqual(['export', 'resource name']);
    expect(expectedAfter(lex('payments where amount >').tokens)).toEqual(VALUE_LABELS);
  });

  it('returns nothing after an invalid prefix', () => {
    expect(expectedAfter(lex('where where').tokens)).toEqual([]);
  });
});

describe('parse: property', () => {
  it('never throws and reports syntax errors at offsets inside the text', () => {
    const alphabet = fc.constantFrom(
      'payments',
      'export',
      'where',
      'and',
      'or',
      'not',
      '(',
      ')',
      'amount',
      'order',
      '.',
      'id',
      'by',
      '>',
      '=',
      '5',
      "'x'",
      'in',
      ',',
      'between',
      'is',
      'null',
      'now',
      '-',
      '1d',
      'limit',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 25 }), (words) => {
        const source = words.join(' ');
        const r = parseTokens(lex(source).tokens, source.length);
        if (r.cst) expect(r.diagnostics).toEqual([]);
        else expect(r.diagnostics.length).toBeGreaterThan(0);
        for (const d of r.diagnostics) {
          expect(d.span.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.offset + d.span.length).toBeLessThanOrEqual(source.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
