import { describe, expect, it } from 'vitest';
import { lex } from '../lexer/lex.js';
import { parseTokens } from '../parser/parse.js';
import { buildAst, unquote } from './build-ast.js';
import type { ExprNode, QueryNode, ValueNode } from './nodes.js';
import { spanOf } from './nodes.js';

function ast(source: string): QueryNode {
  const lexed = lex(source);
  const parsed = parseTokens(lexed.tokens, source.length);
  expect([...lexed.diagnostics, ...parsed.diagnostics]).toEqual([]);
  if (!parsed.cst) throw new Error('no CST');
  return buildAst(parsed.cst, source);
}

function where(source: string): ExprNode {
  const w = ast(source).where;
  if (!w) throw new Error('no where');
  return w;
}

/** The value of `payments where a = <value>`. */
function value(text: string): ValueNode {
  const w = where(`payments where a = ${text}`);
  if (w.kind !== 'comparison') throw new Error('not a comparison');
  return w.value;
}

/** The text a span covers. */
const at = (source: string, span: { offset: number; length: number }) =>
  source.slice(span.offset, span.offset + span.length);

describe('buildAst: the query', () => {
  it('builds a bare resource', () => {
    expect(ast('orders')).toEqual({
      kind: 'query',
      isExport: false,
      resource: { name: 'orders', span: { offset: 0, length: 6 } },
      where: null,
      groupBy: null,
      having: null,
      select: null,
      orderBy: null,
      limit: null,
      span: { offset: 0, length: 6 },
    });
  });

  it('builds export, order by and limit with their spans', () => {
    const source = 'export payments order by createdTime DESC limit 10';
    const q = ast(source);
    expect(q.isExport).toBe(true);
    expect(q.resource).toEqual({ name: 'payments', span: { offset: 7, length: 8 } });
    expect(q.orderBy).toEqual({
      field: { kind: 'field', name: 'createdTime', span: { offset: 25, length: 11 } },
      direction: 'desc',
      span: { offset: 16, length: 25 },
    });
    expect(at(source, q.orderBy!.span)).toBe('order by createdTime DESC');
    expect(q.limit).toEqual({ value: 10, text: '10', span: { offset: 48, length: 2 } });
    expect(q.span).toEqual({ offset: 0, length: source.length });
  });

  it('defaults the order to ascending; asc is explicit ascending', () => {
    expect(ast('payments order by amount').orderBy?.direction).toBe('asc');
    const source = 'payments order by amount asc';
    const q = ast(source);
    expect(q.orderBy?.direction).toBe('asc');
    expect(at(source, q.orderBy!.span)).toBe('order by amount asc');
  });

  it('keeps the limit as written, for the checker to judge', () => {
    expect(ast('payments limit 1.5').limit).toMatchObject({ value: 1.5, text: '1.5' });
    expect(ast('payments limit 1e3').limit).toMatchObject({ value: 1000, text: '1e3' });
  });
});

describe('buildAst: conditions', () => {
  it('builds a comparison with field, operator, value and span', () => {
    const source = 'payments where amount >= 5';
    expect(where(source)).toEqual({
      kind: 'comparison',
      field: { kind: 'field', name: 'amount', span: { offset: 15, length: 6 } },
      op: '>=',
      value: { kind: 'number', value: 5, text: '5', span: { offset: 25, length: 1 } },
      span: { offset: 15, length: 11 },
    });
  });

  it('reads == as = and <> as !=', () => {
    const op = (cond: string) => {
      const w = where(`payments where ${cond}`);
      return w.kind === 'comparison' ? w.op : undefined;
    };
    expect(op('a == 1')).toBe('=');
    expect(op('a <> 1')).toBe('!=');
    expect(['=', '!=', '>', '>=', '<', '<='].map((o) => op(`a ${o} 1`))).toEqual([
      '=',
      '!=',
      '>',
      '>=',
      '<',
      '<=',
    ]);
  });

  it('joins dotted field names and keyword segments', () => {
    const source = 'payments where order.id = 1';
    const w = where(source);
    expect(w.kind === 'comparison' && w.field).toEqual({
      kind: 'field',
      name: 'order.id',
      span: { offset: 15, length: 8 },
    });
    const deep = where('payments where a.b.c = 1');
    expect(deep.kind === 'comparison' && deep.field.name).toBe('a.b.c');
  });

  it('builds and/or with operands in order, and binds and tighter than or', () => {
    const w = where('payments where a = 1 or b = 2 and c = 3');
    expect(w.kind).toBe('or');
    if (w.kind !== 'or') return;
    expect(w.operands.map((o) => o.kind)).toEqual(['comparison', 'and']);
    const and = w.operands[1]!;
    expect(and.kind === 'and' && and.operands.length).toBe(2);
    expect(w.span).toEqual({ offset: 15, length: 24 });
  });

  it('keeps flat chains flat', () => {
    const w = where('payments where a = 1 and b = 2 and c = 3 and d = 4');
    expect(w.kind === 'and' && w.operands.length).toBe(4);
  });

  it('builds not with a span from the keyword to the end of its operand', () => {
    const source = 'payments where not not a = 1';
    const w = where(source);
    expect(w.kind).toBe('not');
    expect(at(source, w.span)).toBe('not not a = 1');
    expect(w.kind === 'not' && w.operand.kind).toBe('not');
  });

  it('drops parentheses but widens the span to include them', () => {
    const source = 'payments where (a = 1 or b = 2) and c = 3';
    const w = where(source);
    if (w.kind !== 'and') throw new Error('expected and');
    expect(w.operands[0]?.kind).toBe('or');
    expect(at(source, w.operands[0]!.span)).toBe('(a = 1 or b = 2)');
    expect(at(source, w.span)).toBe('(a = 1 or b = 2) and c = 3');
    const single = where('payments where ((a = 1))');
    expect(single.kind).toBe('comparison');
    expect(single.span).toEqual({ offset: 15, length: 9 });
  });

  it('builds between with both values', () => {
    const source = 'payments where amount between 1 and $2';
    const w = where(source);
    expect(w).toMatchObject({
      kind: 'between',
      field: { name: 'amount' },
      low: { kind: 'number', value: 1 },
      high: { kind: 'money', cents: 200 },
    });
    expect(at(source, w.span)).toBe('amount between 1 and $2');
  });

  it('builds in and not in with every value, up to the closing parenthesis', () => {
    const source = "payments where result in ('A', 'B')";
    const w = where(source);
    expect(w).toMatchObject({
      kind: 'in',
      negated: false,
      values: [
        { kind: 'string', value: 'A' },
        { kind: 'string', value: 'B' },
      ],
    });
    expect(at(source, w.span)).toBe("result in ('A', 'B')");
    expect(where('payments where a not in (1)')).toMatchObject({ kind: 'in', negated: true });
  });

  it('builds is null and is not null', () => {
    const source = 'payments where note is not null';
    expect(where(source)).toEqual({
      kind: 'isNull',
      field: { kind: 'field', name: 'note', span: { offset: 15, length: 4 } },
      negated: true,
      span: { offset: 15, length: 16 },
    });
    expect(where('payments where note IS NULL')).toMatchObject({ kind: 'isNull', negated: false });
  });
});

describe('buildAst: values', () => {
  it('reads numbers, signs and exponents, keeping the text', () => {
    expect(value('1000')).toMatchObject({ kind: 'number', value: 1000, text: '1000' });
    expect(value('-5')).toEqual({
      kind: 'number',
      value: -5,
      text: '-5',
      span: { offset: 19, length: 2 },
    });
    expect(value('2.5')).toMatchObject({ value: 2.5, text: '2.5' });
    expect(value('1e3')).toMatchObject({ value: 1000, text: '1e3' });
    expect(value('1E-2')).toMatchObject({ value: 0.01 });
  });

  it('reads money as whole cents', () => {
    expect(value('$12.50')).toEqual({
      kind: 'money',
      cents: 1250,
      span: { offset: 19, length: 6 },
    });
    expect(value('$12.5')).toMatchObject({ cents: 1250 });
    expect(value('$12.05')).toMatchObject({ cents: 1205 });
    expect(value('$3')).toMatchObject({ cents: 300 });
    expect(value('$0.01')).toMatchObject({ cents: 1 });
    expect(value('-$3.10')).toMatchObject({ cents: -310, span: { offset: 19, length: 6 } });
    // 0.29 * 100 is 28.999… in binary floating point; cents must still be exact.
    expect(value('$0.29')).toMatchObject({ cents: 29 });
    expect(value('$1234567.89')).toMatchObject({ cents: 123456789 });
  });

  it('unescapes strings', () => {
    expect(value("'it''s'")).toMatchObject({ kind: 'string', value: "it's" });
    expect(value(`"it's"`)).toMatchObject({ value: "it's" });
    expect(value(String.raw`'a\'b'`)).toMatchObject({ value: "a'b" });
    expect(value(String.raw`"say \"hi\""`)).toMatchObject({ value: 'say "hi"' });
    expect(value(String.raw`'caf\u00e9'`)).toMatchObject({ value: 'café' });
    expect(value(String.raw`'a\nb\tc\rd\\e\0'`)).toMatchObject({ value: 'a\nb\tc\rd\\e\0' });
    expect(value("''")).toMatchObject({ value: '' });
  });

  it('reads booleans and null whatever their case', () => {
    expect(value('TRUE')).toMatchObject({ kind: 'boolean', value: true });
    expect(value('false')).toMatchObject({ kind: 'boolean', value: false });
    expect(value('Null')).toEqual({ kind: 'null', span: { offset: 19, length: 4 } });
  });

  it('reads dates into their parts, without checking them', () => {
    expect(value('2024-01-31')).toEqual({
      kind: 'date',
      year: 2024,
      month: 1,
      day: 31,
      span: { offset: 19, length: 10 },
    });
    expect(value('2024-02-30')).toMatchObject({ month: 2, day: 30 });
  });

  it('reads datetimes into their parts and offset', () => {
    expect(value('2024-01-31T10:30:00Z')).toEqual({
      kind: 'datetime',
      year: 2024,
      month: 1,
      day: 31,
      hour: 10,
      minute: 30,
      second: 0,
      millisecond: 0,
      offset: { sign: 1, hours: 0, minutes: 0 },
      span: { offset: 19, length: 20 },
    });
    expect(value('2024-01-31 10:30:05.25+02:00')).toMatchObject({
      second: 5,
      millisecond: 250,
      offset: { sign: 1, hours: 2, minutes: 0 },
    });
    expect(value('2024-01-31T10:30:05.5-0530')).toMatchObject({
      millisecond: 500,
      offset: { sign: -1, hours: 5, minutes: 30 },
    });
    expect(value('2024-01-31T10:30:05.007z')).toMatchObject({
      millisecond: 7,
      offset: { sign: 1, hours: 0, minutes: 0 },
    });
    expect(value('2024-01-31T10:30')).toMatchObject({
      hour: 10,
      minute: 30,
      second: 0,
      offset: null,
    });
  });

  it('reads relative times with their steps', () => {
    expect(value('now')).toEqual({
      kind: 'relative',
      base: 'now',
      steps: [],
      span: { offset: 19, length: 3 },
    });
    const source = 'payments where a = TODAY - 2w + 9h';
    const v = value('TODAY - 2w + 9h');
    expect(v).toMatchObject({
      kind: 'relative',
      base: 'today',
      steps: [
        { sign: -1, amount: 2, unit: 'w' },
        { sign: 1, amount: 9, unit: 'h' },
      ],
    });
    expect(at(source, v.span)).toBe('TODAY - 2w + 9h');
    expect(value('yesterday - 500ms - 1s - 1m - 1d')).toMatchObject({
      base: 'yesterday',
      steps: [
        { sign: -1, amount: 500, unit: 'ms' },
        { sign: -1, amount: 1, unit: 's' },
        { sign: -1, amount: 1, unit: 'm' },
        { sign: -1, amount: 1, unit: 'd' },
      ],
    });
  });
});

describe('unquote', () => {
  it("decodes '' only inside single quotes", () => {
    expect(unquote("'a''b'")).toBe("a'b");
    expect(unquote(`"a''b"`)).toBe("a''b");
  });

  it('keeps an unknown escape as the character itself and a short \\u as text', () => {
    expect(unquote(String.raw`'\q'`)).toBe('q');
    expect(unquote(String.raw`'\u12'`)).toBe('u12');
  });
});

describe('spanOf', () => {
  it('covers all spans, and is empty without any', () => {
    expect(spanOf({ offset: 5, length: 2 }, { offset: 1, length: 1 })).toEqual({
      offset: 1,
      length: 6,
    });
    expect(spanOf()).toEqual({ offset: 0, length: 0 });
  });
});

describe('buildAst: select, group by and having', () => {
  it('builds calls, aliases and having with spans', () => {
    const source =
      'payments group by week(createdTime, sunday) having not count() > 1 select count(distinct tender.id) as n order by sum(amount) desc';
    const q = ast(source);
    const key = q.groupBy?.[0];
    expect(key).toMatchObject({
      kind: 'call',
      name: 'week',
      distinct: false,
      argument: { kind: 'field', name: 'createdTime' },
      option: { name: 'sunday' },
    });
    expect(at(source, key!.span)).toBe('week(createdTime, sunday)');
    const item = q.select?.[0];
    expect(item).toMatchObject({
      kind: 'selectItem',
      expression: { kind: 'call', name: 'count', distinct: true },
      alias: { name: 'n' },
    });
    expect(at(source, item!.span)).toBe('count(distinct tender.id) as n');
    expect(q.having).toMatchObject({
      kind: 'havingNot',
      operand: { kind: 'havingComparison', op: '>', value: { kind: 'number', value: 1 } },
    });
    expect(at(source, q.having!.span)).toBe('not count() > 1');
    expect(q.orderBy).toMatchObject({ field: { kind: 'call', name: 'sum' }, direction: 'desc' });
  });

  it('builds is null and parenthesised having conditions', () => {
    const q = ast(
      'payments group by result having (result is not null or count() = 2) and sum(amount) < 5',
    );
    expect(q.having).toMatchObject({
      kind: 'havingAnd',
      operands: [
        {
          kind: 'havingOr',
          operands: [{ kind: 'havingIsNull', negated: true }, { kind: 'havingComparison' }],
        },
        { kind: 'havingComparison', op: '<' },
      ],
    });
  });
});
