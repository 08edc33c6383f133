import type { TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { Lexer } from './chevrotain-runtime.js';
import { LEXER_CONFIG, lex } from './lex.js';
import * as T from './tokens.js';
import { ALL_TOKENS } from './tokens.js';

/** `Kind:image` of every token, for compact expectations. */
const kinds = (source: string) => lex(source).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lex: literals', () => {
  it('reads datetimes with Z, with offsets (with and without a colon) and with a space separator', () => {
    expect(
      kinds(
        '2024-01-31T10:30:00Z 2024-01-31T10:30:00.250+02:00 2024-01-31 10:30 2024-01-31T10:30-0500 2024-01-31T10:30:00z',
      ),
    ).toEqual([
      'DateTimeLiteral:2024-01-31T10:30:00Z',
      'DateTimeLiteral:2024-01-31T10:30:00.250+02:00',
      'DateTimeLiteral:2024-01-31 10:30',
      'DateTimeLiteral:2024-01-31T10:30-0500',
      'DateTimeLiteral:2024-01-31T10:30:00z',
    ]);
  });

  it('reads a date on its own, and a datetime without seconds', () => {
    expect(kinds('2024-01-31')).toEqual(['DateLiteral:2024-01-31']);
    expect(kinds('2024-01-31T10:30')).toEqual(['DateTimeLiteral:2024-01-31T10:30']);
    expect(kinds('2024-01-31T10:30:59.5')).toEqual(['DateTimeLiteral:2024-01-31T10:30:59.5']);
  });

  it('reads every duration unit', () => {
    expect(kinds('500ms 10s 15m 36h 30d 2w')).toEqual([
      'Duration:500ms',
      'Duration:10s',
      'Duration:15m',
      'Duration:36h',
      'Duration:30d',
      'Duration:2w',
    ]);
  });

  it('reads money with and without cents', () => {
    expect(kinds('$12.50 $3 $0.5')).toEqual(['Money:$12.50', 'Money:$3', 'Money:$0.5']);
  });

  it('reads integers, decimals and exponents', () => {
    expect(kinds('1000 2.5 1e3 1E-2 7e+1 0')).toEqual([
      'NumberLiteral:1000',
      'NumberLiteral:2.5',
      'NumberLiteral:1e3',
      'NumberLiteral:1E-2',
      'NumberLiteral:7e+1',
      'NumberLiteral:0',
    ]);
  });

  it('reads negative numbers as a minus and a number', () => {
    expect(kinds('-5')).toEqual(['Minus:-', 'NumberLiteral:5']);
  });

  it("reads both string quote styles with '' and backslash escapes", () => {
    expect(kinds(`'it''s' "it's" 'a\\'b' "say \\"hi\\"" '\\u00e9' ''`)).toEqual([
      "StringLiteral:'it''s'",
      `StringLiteral:"it's"`,
      "StringLiteral:'a\\'b'",
      'StringLiteral:"say \\"hi\\""',
      "StringLiteral:'\\u00e9'",
      "StringLiteral:''",
    ]);
  });

  it('keeps text inside strings verbatim, keywords and comment markers included', () => {
    expect(kinds("'where -- and'")).toEqual(["StringLiteral:'where -- and'"]);
  });
});

describe('lex: operators, punctuation and comments', () => {
  it('reads every operator, == and <> included', () => {
    expect(kinds('= == != <> > >= < <=')).toEqual([
      'Equals:=',
      'Equals:==',
      'NotEq:!=',
      'NotEq:<>',
      'Greater:>',
      'GreaterEq:>=',
      'Less:<',
      'LessEq:<=',
    ]);
  });

  it('reads operators without spaces around them', () => {
    expect(kinds('amount>=5')).toEqual(['Identifier:amount', 'GreaterEq:>=', 'NumberLiteral:5']);
    expect(kinds('now-1d')).toEqual(['Now:now', 'Minus:-', 'Duration:1d']);
  });

  it('reads punctuation', () => {
    expect(kinds('( ) , . + -')).toEqual([
      'LParen:(',
      'RParen:)',
      'Comma:,',
      'Dot:.',
      'Plus:+',
      'Minus:-',
    ]);
  });

  it('skips comments to the end of the line, and whitespace of any kind', () => {
    expect(kinds('payments -- all of them\n\twhere  -- x\r\nlimit 5 --')).toEqual([
      'Identifier:payments',
      'Where:where',
      'Limit:limit',
      'NumberLiteral:5',
    ]);
  });
});

describe('lex: keywords and identifiers', () => {
  it('reads keywords case-insensitively and keeps their spelling', () => {
    expect(kinds('WHERE Where wHeRe')).toEqual(['Where:WHERE', 'Where:Where', 'Where:wHeRe']);
    expect(kinds('EXPORT AND OR NOT BETWEEN IN IS NULL ORDER BY ASC DESC LIMIT')).toEqual([
      'Export:EXPORT',
      'And:AND',
      'Or:OR',
      'Not:NOT',
      'Between:BETWEEN',
      'In:IN',
      'Is:IS',
      'Null:NULL',
      'Order:ORDER',
      'By:BY',
      'Asc:ASC',
      'Desc:DESC',
      'Limit:LIMIT',
    ]);
    expect(kinds('True FALSE Now TODAY Yesterday')).toEqual([
      'True:True',
      'False:FALSE',
      'Now:Now',
      'Today:TODAY',
      'Yesterday:Yesterday',
    ]);
  });

  it('tells order from or', () => {
    expect(kinds('or order')).toEqual(['Or:or', 'Order:order']);
  });

  it('reads words that start with a keyword as identifiers', () => {
    expect(kinds('ordering index isVat nowhere notes orders byte limits todays')).toEqual([
      'Identifier:ordering',
      'Identifier:index',
      'Identifier:isVat',
      'Identifier:nowhere',
      'Identifier:notes',
      'Identifier:orders',
      'Identifier:byte',
      'Identifier:limits',
      'Identifier:todays',
    ]);
  });

  it('keeps identifiers case-sensitive and allows underscores and digits', () => {
    expect(kinds('Payments _x a1_b2')).toEqual([
      'Identifier:Payments',
      'Identifier:_x',
      'Identifier:a1_b2',
    ]);
  });

  it('reads a dotted field as identifiers, keywords and dots', () => {
    expect(kinds('order.id tender.label')).toEqual([
      'Order:order',
      'Dot:.',
      'Identifier:id',
      'Identifier:tender',
      'Dot:.',
      'Identifier:label',
    ]);
  });

  it('gives tokens their exact offsets', () => {
    const { tokens } = lex('payments  where\namount');
    expect(tokens.map((t) => [t.image, t.startOffset])).toEqual([
      ['payments', 0],
      ['where', 10],
      ['amount', 16],
    ]);
  });
});

describe('lex: diagnostics', () => {
  it('reports an unexpected character with its exact offset and keeps lexing', () => {
    const r = lex('payments # where');
    expect(r.diagnostics).toEqual([
      {
        code: 'UNEXPECTED_CHARACTER',
        message: "unexpected character '#'",
        span: { offset: 9, length: 1 },
      },
    ]);
    expect(r.tokens.map((t) => t.image)).toEqual(['payments', 'where']);
  });

  it('reports a run of unexpected characters once, and several runs separately', () => {
    const r = lex('a @@ b ~ c');
    expect(r.diagnostics.map((d) => [d.message, d.span])).toEqual([
      ["unexpected characters '@@'", { offset: 2, length: 2 }],
      ["unexpected character '~'", { offset: 7, length: 1 }],
    ]);
  });

  it('names unprintable characters by code point', () => {
    expect(lex('a \u0000').diagnostics[0]?.message).toBe('unexpected character U+0000');
    expect(lex('a \u007f').diagnostics[0]?.message).toBe('unexpected character U+007F');
  });

  it('shortens a long run of unexpected characters in the message', () => {
    const d = lex('@'.repeat(40)).diagnostics[0];
    expect(d?.message).toBe(`unexpected characters '${'@'.repeat(12)}…'`);
    expect(d?.span).toEqual({ offset: 0, length: 40 });
  });

  it('reports non-ASCII letters, which are not part of the language outside strings', () => {
    expect(lex('é').diagnostics.map((d) => d.code)).toEqual(['UNEXPECTED_CHARACTER']);
    expect(lex("'é'").diagnostics).toEqual([]);
  });

  it('reports an unterminated single-quoted string from the quote to the end', () => {
    const r = lex("payments where note = 'abc");
    expect(r.diagnostics).toEqual([
      {
        code: 'UNTERMINATED_STRING',
        message: 'string is not closed',
        span: { offset: 22, length: 4 },
        hint: "close it with '; write a quote inside a string as \\' or ''",
      },
    ]);
    expect(r.tokens.map((t) => t.image)).toEqual(['payments', 'where', 'note', '=']);
  });

  it('reports an unterminated double-quoted string with a hint for double quotes', () => {
    const r = lex('x = "ab\\"c');
    expect(r.diagnostics).toEqual([
      {
        code: 'UNTERMINATED_STRING',
        message: 'string is not closed',
        span: { offset: 4, length: 6 },
        hint: 'close it with "; write a quote inside a string as \\"',
      },
    ]);
  });

  it('sorts diagnostics by offset', () => {
    const r = lex("# a @ 'open");
    expect(r.diagnostics.map((d) => [d.code, d.span.offset])).toEqual([
      ['UNEXPECTED_CHARACTER', 0],
      ['UNEXPECTED_CHARACTER', 4],
      ['UNTERMINATED_STRING', 6],
    ]);
  });

  it('rejects malformed literals instead of misreading them', () => {
    // Three decimals are not money; a lone `$` is not part of the language.
    expect(lex('$1.234').diagnostics.map((d) => d.span)).toEqual([{ offset: 0, length: 1 }]);
    // A date glued to a word is not a date.
    expect(kinds('2024-01-01x')).not.toContain('DateLiteral:2024-01-01');
  });

  it('returns no tokens and no diagnostics for empty or blank input', () => {
    expect(lex('')).toEqual({ tokens: [], diagnostics: [] });
    expect(lex('  \n -- only a comment')).toEqual({ tokens: [], diagnostics: [] });
  });
});

describe('lex: token definitions', () => {
  it('pass Chevrotain validations (skipped at run time for start-up)', () => {
    expect(() => new Lexer(ALL_TOKENS as never[], LEXER_CONFIG)).not.toThrow();
  });
});

describe('lex: start_chars_hint', () => {
  // A hint that missed a character would make the lexer reject text the pattern matches.
  const examples: ReadonlyMap<TokenType, readonly string[]> = new Map([
    [T.WhiteSpace, [' ']],
    [T.Comment, ['-- note']],
    [T.Identifier, ['amount']],
    [T.NotEq, ['!=', '<>']],
    [T.Equals, ['=', '==']],
    [T.DateTimeLiteral, ['2024-01-01T10:00']],
    [T.DateLiteral, ['2024-01-01']],
    [T.Duration, ['30d']],
    [T.Money, ['$10']],
    [T.NumberLiteral, ['42']],
    [T.StringLiteral, ["'a'", '"a"']],
    [T.UnterminatedString, ["'a"]],
  ]);

  it('covers every regular-expression token', () => {
    const withRegExp = ALL_TOKENS.filter(
      (t) => t.PATTERN instanceof RegExp && t.PATTERN !== Lexer.NA,
    );
    expect(withRegExp.filter((t) => !examples.has(t)).map((t) => t.name)).toEqual([]);
  });

  it('names exactly the characters each pattern can start with', () => {
    for (const [token, texts] of examples) {
      const pattern = new RegExp(`^(?:${(token.PATTERN as RegExp).source})$`);
      const hint = new Set(token.START_CHARS_HINT as string[]);
      const canStart: string[] = [];
      for (let c = 0; c <= 0xffff; c++) {
        const ch = String.fromCharCode(c);
        if (texts.some((t) => pattern.test(ch + t.slice(1)))) canStart.push(ch);
      }
      expect([...hint].sort(), token.name).toEqual(canStart.sort());
    }
  });

  it('lists the characters \\s matches as whitespace', () => {
    const spaces: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (/\s/.test(String.fromCharCode(c))) spaces.push(String.fromCharCode(c));
    }
    expect([...T.WHITESPACE_CHARS].sort()).toEqual(spaces.sort());
  });
});
