import { describe, expect, it } from 'vitest';
import { cpuMs } from '../testing/test-cpu-time.js';
import { lineAndColumn, QueryError } from './query-error.js';

describe('lineAndColumn', () => {
  const source = 'ab\ncd\n\nef';

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn(source, 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn(source, 1)).toEqual({ line: 1, column: 2 });
    expect(lineAndColumn(source, 3)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn(source, 7)).toEqual({ line: 4, column: 1 });
  });

  it('puts a newline on the line it ends', () => {
    expect(lineAndColumn(source, 2)).toEqual({ line: 1, column: 3 });
    expect(lineAndColumn(source, 6)).toEqual({ line: 3, column: 1 });
  });

  it('places offsets at or past the end on the last line', () => {
    expect(lineAndColumn(source, 9)).toEqual({ line: 4, column: 3 });
    expect(lineAndColumn('ab\n', 3)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn('', 0)).toEqual({ line: 1, column: 1 });
  });

  it('counts a CRLF as one line break', () => {
    expect(lineAndColumn('a\r\nb', 3)).toEqual({ line: 2, column: 1 });
  });

  it('answers for one source after another', () => {
    expect(lineAndColumn('x\ny', 2)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn('xy', 1)).toEqual({ line: 1, column: 2 });
    expect(lineAndColumn('x\ny', 2)).toEqual({ line: 2, column: 1 });
  });

  it('is fast for many offsets in a long source', () => {
    const long = 'abc\n'.repeat(250_000);
    const t0 = cpuMs();
    for (let i = 0; i < 20_000; i++) lineAndColumn(long, (i * 37) % long.length);
    expect(cpuMs() - t0).toBeLessThan(1_000);
    expect(lineAndColumn(long, long.length - 1)).toEqual({ line: 250_000, column: 4 });
  });
});

describe('QueryError', () => {
  it('holds the diagnostic, its position and itself in all', () => {
    const e = new QueryError(
      {
        code: 'UNKNOWN_FIELD',
        message: 'no such field',
        span: { offset: 6, length: 3 },
        expected: ['a', 'b'],
        hint: 'try a',
      },
      { source: 'x = 1\nfoo = 2' },
    );
    expect(e).toMatchObject({
      name: 'QueryError',
      code: 'UNKNOWN_FIELD',
      message: 'no such field',
      offset: 6,
      length: 3,
      line: 2,
      column: 1,
      expected: ['a', 'b'],
      hint: 'try a',
      source: 'x = 1\nfoo = 2',
    });
    expect(e.all).toEqual([e]);
  });

  it('builds the others with the same source', () => {
    const e = new QueryError(
      { code: 'SYNTAX_ERROR', message: 'one', span: { offset: 0, length: 1 } },
      {
        source: 'a\nb',
        others: [{ code: 'SYNTAX_ERROR', message: 'two', span: { offset: 2, length: 1 } }],
      },
    );
    expect(e.all.map((x) => [x.message, x.line, x.source])).toEqual([
      ['one', 1, 'a\nb'],
      ['two', 2, 'a\nb'],
    ]);
    expect(e.expected).toEqual([]);
    expect(e.hint).toBeUndefined();
  });

  it('shows tabs and other control characters as spaces so the caret stays under the span', () => {
    const source = 'payments\twhere\tamout > 5';
    const e = new QueryError(
      { code: 'UNKNOWN_FIELD', message: 'm', span: { offset: 15, length: 5 } },
      { source },
    );
    expect(e.format().split('\n').slice(1)).toEqual([
      '  1 | payments where amout > 5',
      '    |                ^^^^^',
    ]);
    const crlf = new QueryError(
      { code: 'SYNTAX_ERROR', message: 'm', span: { offset: 0, length: 8 } },
      { source: 'payments\r\nwhere' },
    );
    expect(crlf.format().split('\n')[1]).toBe('  1 | payments ');
  });
});
