import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CompileOptions,
  compile,
  MAX_ERRORS,
  MAX_QUERY_LENGTH,
  tryCompile,
} from './compile.js';
import { QueryError } from './errors/query-error.js';
import { cpuMs } from './testing/test-cpu-time.js';

const NOW = Date.UTC(2024, 5, 1);
const QUERY = 'payments where createdTime >= 2024-05-01';

/** The codes and messages of the errors of a failed compile. */
function failures(query: unknown, options?: CompileOptions) {
  const r = tryCompile(query as string, options);
  if (r.ok) throw new Error('expected the compile to fail');
  return r.errors.map((e) => ({ code: e.code, message: e.message }));
}

describe('compile options', () => {
  it('defaults to UTC, 90-day windows, 1000 per page and no earliest', () => {
    const p = compile('payments where createdTime >= 2023-06-01', { now: NOW });
    expect(p.tz).toBe('UTC');
    expect(p.pageSize).toBe(1000);
    expect(p.windows[0]!.end - p.windows[0]!.start).toBe(90 * 86_400_000);
    expect(tryCompile('payments where createdTime < 2024-01-01', { now: NOW }).ok).toBe(false);
  });

  describe('now', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reads the system clock when not given', () => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2024-03-01T12:00:00Z'));
      expect(compile(QUERY.replace('05-01', '02-01')).now).toBe(Date.parse('2024-03-01T12:00:00Z'));
    });

    it('accepts a number or a Date, truncated to whole ms', () => {
      const asNumber = compile(QUERY, { now: NOW });
      expect(compile(QUERY, { now: new Date(NOW) })).toEqual(asNumber);
      expect(compile(QUERY, { now: NOW + 0.7 }).now).toBe(NOW);
    });

    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['an invalid Date', new Date('not a date')],
      ['a string', '2024-06-01'],
      ['null', null],
      ['before 1970', Date.UTC(1969, 0, 1)],
      ['after 9999', Date.UTC(10001, 0, 1)],
    ])('rejects %s', (_, now) => {
      expect(failures(QUERY, { now: now as number })).toEqual([
        {
          code: 'INVALID_OPTION',
          message:
            'option now must be a valid instant (UTC ms or a Date) in the years 1970 to 9999',
        },
      ]);
    });

    it('accepts the start of 1970', () => {
      expect(tryCompile('refunds', { now: 0, earliest: 0 }).ok).toBe(true);
    });
  });

  it.each([
    ['NaN', Number.NaN],
    ['a string', 'yesterday'],
    ['before 1970', -90 * 86_400_000],
  ])('rejects earliest as %s', (_, earliest) => {
    expect(failures(QUERY, { now: NOW, earliest: earliest as number })).toEqual([
      {
        code: 'INVALID_OPTION',
        message:
          'option earliest must be a valid instant (UTC ms or a Date) in the years 1970 to 9999',
      },
    ]);
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus'],
    ['an empty string', ''],
    ['a number', 5],
  ])('rejects tz as %s', (_, tz) => {
    const r = tryCompile(QUERY, { now: NOW, tz: tz as string });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      code: 'INVALID_OPTION',
      message: `unknown time zone '${String(tz)}'`,
      hint: 'use an IANA name such as UTC, America/New_York or Europe/Paris',
    });
  });

  it.each([0, -1, 91, Number.NaN, Number.POSITIVE_INFINITY, 1e-9, '30'])(
    'rejects windowDays %s',
    (windowDays) => {
      expect(failures(QUERY, { now: NOW, windowDays: windowDays as number })).toEqual([
        {
          code: 'INVALID_OPTION',
          message: 'windowDays must be more than 0 and at most 90 (Clover clamps wider ranges)',
        },
      ]);
    },
  );

  it('accepts windowDays up to 90, fractional ones included', () => {
    expect(compile(QUERY, { now: NOW, windowDays: 90 }).windows).toHaveLength(1);
    expect(compile(QUERY, { now: NOW, windowDays: 1.5 }).windows).toHaveLength(21);
  });

  it.each([0, 1001, 1.5, -5, Number.NaN, '100'])('rejects pageSize %s', (pageSize) => {
    expect(failures(QUERY, { now: NOW, pageSize: pageSize as number })).toEqual([
      { code: 'INVALID_OPTION', message: 'pageSize must be a whole number from 1 to 1000' },
    ]);
  });

  it('reports every bad option at once', () => {
    expect(
      failures(QUERY, { now: Number.NaN, tz: 'Nowhere', windowDays: 0, pageSize: 0 }).map(
        (e) => e.code,
      ),
    ).toEqual(['INVALID_OPTION', 'INVALID_OPTION', 'INVALID_OPTION', 'INVALID_OPTION']);
  });

  it('rejects a query that is not a string', () => {
    for (const query of [undefined, null, 42, { source: QUERY }]) {
      expect(failures(query, { now: NOW })).toEqual([
        { code: 'INVALID_OPTION', message: 'the query must be a string' },
      ]);
    }
    expect(() => compile(42 as unknown as string)).toThrow(QueryError);
  });

  it('treats null options as none and rejects options that are not an object', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(NOW));
    try {
      expect(tryCompile(QUERY, null as unknown as CompileOptions)).toEqual(tryCompile(QUERY));
    } finally {
      vi.useRealTimers();
    }
    expect(failures(QUERY, 5 as unknown as CompileOptions)).toEqual([
      { code: 'INVALID_OPTION', message: 'the options must be an object' },
    ]);
  });

  it('rejects a query longer than the maximum', () => {
    const long = `payments where note = '${'x'.repeat(MAX_QUERY_LENGTH)}'`;
    expect(failures(long, { now: NOW })).toEqual([
      { code: 'INVALID_OPTION', message: 'the query is longer than 1,000,000 characters' },
    ]);
  });
});

describe('compile and tryCompile', () => {
  it('return the same plan', () => {
    const r = tryCompile(QUERY, { now: NOW });
    expect(r).toEqual({ ok: true, plan: compile(QUERY, { now: NOW }) });
  });

  it('compile throws a QueryError whose all lists every error, the first one first', () => {
    const source = "payments where amout > 5 and reslt = 'x' limit 0";
    let thrown: unknown;
    try {
      compile(source, { now: NOW });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(QueryError);
    expect(thrown).toBeInstanceOf(Error);
    const e = thrown as QueryError;
    expect(e.name).toBe('QueryError');
    expect(e.all.map((x) => [x.code, x.offset])).toEqual([
      ['UNKNOWN_FIELD', 15],
      ['UNKNOWN_FIELD', 29],
      ['INVALID_LIMIT', 47],
    ]);
    expect(e.all[0]).toBe(e);
    expect(e.all[1]!.hint).toBe('did you mean result?');
    expect(e.source).toBe(source);
    const r = tryCompile(source, { now: NOW });
    expect(r.ok === false && r.errors.map((x) => x.message)).toEqual(e.all.map((x) => x.message));
  });

  it("tryCompile links its errors: each one's all is the whole list, and errors serialise to JSON", () => {
    const r = tryCompile("payments where amout > 5 and result = 'SUCESS'", { now: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(2);
    for (const e of r.errors)
      expect(e.all.map((x) => x.code)).toEqual(['UNKNOWN_FIELD', 'UNKNOWN_ENUM_VALUE']);
    expect(JSON.parse(JSON.stringify(r.errors[1]))).toMatchObject({
      code: 'UNKNOWN_ENUM_VALUE',
      line: 1,
    });
    expect(Object.keys(r.errors[0]!)).not.toContain('all');
  });

  it('reports lexical and syntax errors together, in source order', () => {
    const r = tryCompile('payments where amount > 5 and # result = FAIL', { now: NOW });
    expect(r.ok === false && r.errors.map((e) => [e.code, e.offset])).toEqual([
      ['UNEXPECTED_CHARACTER', 30],
      ['SYNTAX_ERROR', 41],
    ]);
  });

  it(`reports at most ${MAX_ERRORS} errors, quickly, however many there are`, () => {
    for (const source of [
      '@ '.repeat(50_000),
      '\n@'.repeat(50_000),
      `payments where ${'x = 1 and '.repeat(10_000)}x = 1`,
    ]) {
      const t0 = cpuMs();
      const r = tryCompile(source, { now: NOW });
      let thrown: unknown;
      try {
        compile(source, { now: NOW });
      } catch (e) {
        thrown = e;
      }
      // Building each error used to rescan the text for its line: 50,000 errors took seconds.
      expect(cpuMs() - t0).toBeLessThan(1_500);
      expect(r.ok === false && r.errors.length).toBe(MAX_ERRORS);
      expect((thrown as QueryError).all).toHaveLength(MAX_ERRORS);
    }
  });

  it('stops at syntax errors before checking names', () => {
    const r = tryCompile('paymnts where amout > ', { now: NOW });
    expect(r.ok === false && r.errors.map((e) => e.code)).toEqual(['UNEXPECTED_END']);
  });

  it('gives each error its line and column', () => {
    const r = tryCompile("payments\nwhere amount > 5\n  and reslt = 'x'", { now: NOW });
    expect(r.ok === false && r.errors[0]).toMatchObject({
      code: 'UNKNOWN_FIELD',
      line: 3,
      column: 7,
      offset: 32,
      length: 5,
    });
  });
});

describe('QueryError.format', () => {
  const formatted = (source: string, options: CompileOptions = { now: NOW }) => {
    const r = tryCompile(source, options);
    if (r.ok) throw new Error('expected an error');
    return r.errors.map((e) => e.format());
  };

  it('prints the code, the message, the line with a caret under the span and the hint', () => {
    expect(formatted('payments where amout > 5')).toEqual([
      [
        "error[UNKNOWN_FIELD]: payments has no field 'amout'",
        '  1 | payments where amout > 5',
        '    |                ^^^^^',
        '  hint: did you mean amount?',
      ].join('\n'),
    ]);
  });

  it('prints the expected tokens, except for unknown fields', () => {
    expect(formatted('payments where result = FAIL')[0]!.split('\n')).toEqual([
      "error[SYNTAX_ERROR]: unexpected 'FAIL': expected one of -, number, money, string, true, false, null, date, …",
      '  1 | payments where result = FAIL',
      '    |                         ^^^^',
      '  expected: -, number, money, string, true, false, null, date, datetime, now, today, yesterday',
      "  hint: text values need quotes: 'FAIL'",
    ]);
  });

  it('prints the offending line of a multi-line query with its number', () => {
    const source = ['payments', 'where amount > 5', "  and reslt = 'x'"].join('\n');
    expect(formatted(source)[0]!.split('\n').slice(1, 3)).toEqual([
      "  3 |   and reslt = 'x'",
      '    |       ^^^^^',
    ]);
    const tenLines = `payments where${'\n'.repeat(9)}amout > 5`;
    expect(formatted(tenLines)[0]!.split('\n').slice(1, 3)).toEqual([
      '  10 | amout > 5',
      '     | ^^^^^',
    ]);
  });

  it('puts a caret just after the text for an unexpected end', () => {
    expect(formatted('payments where')[0]!.split('\n').slice(1, 3)).toEqual([
      '  1 | payments where',
      '    |               ^',
    ]);
  });

  it('clips a long line around the caret', () => {
    const source = `payments where ${'amount > 5 and '.repeat(20)}amout > 1 and ${'amount < 9 and '.repeat(20)}amount > 1`;
    const [, line, caret] = formatted(source)[0]!.split('\n');
    expect(line).toBe(
      '  1 | …t > 5 and amount > 5 and amount > 5 and amout > 1 and amount < 9 and amount < 9 and amount < 9 and a…',
    );
    expect(caret).toBe(`    | ${' '.repeat(41)}^^^^^`);
    expect(line!.indexOf('amout')).toBe(caret!.indexOf('^'));
  });

  it('keeps the caret of a span that runs past the line to the line', () => {
    const source = "payments where note = 'abc\ndef";
    const lines = formatted(source)[0]!.split('\n');
    expect(lines[2]).toBe(`    | ${' '.repeat(22)}^^^^`);
  });

  it('caps a long caret at 80 characters', () => {
    const source = `payments where ${'x'.repeat(200)} = 1`;
    const caret = formatted(source)[0]!.split('\n')[2]!;
    expect(caret.replace(/[^^]/g, '')).toHaveLength(80);
  });

  it('prints no source line for errors without a position in an empty query', () => {
    expect(formatted('', { now: Number.NaN })).toEqual([
      'error[INVALID_OPTION]: option now must be a valid instant (UTC ms or a Date) in the years 1970 to 9999',
    ]);
  });

  it('can format against another source', () => {
    const e = new QueryError({
      code: 'SYNTAX_ERROR',
      message: 'bad',
      span: { offset: 4, length: 2 },
    });
    expect(e.source).toBe('');
    expect(e.format('abc def')).toBe(
      ['error[SYNTAX_ERROR]: bad', '  1 | abc def', '    |     ^^'].join('\n'),
    );
  });
});
