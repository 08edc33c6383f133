/**
 * Token definitions of the cloverql language. Keywords are case-insensitive; field and resource
 * names are identifiers and stay case-sensitive. Order matters: Chevrotain tries patterns in
 * array order and takes the first match, so longer literals come before their prefixes.
 *
 * Start-up: building the lexer analyses each regular expression to find the characters a token
 * can start with, which cost more than the rest of lexing a query. So keywords have no pattern
 * (a word is lexed as an Identifier and lex.ts looks it up in KEYWORD_BY_WORD), fixed tokens are
 * strings, and every other pattern names its first characters (`start_chars_hint`).
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain-runtime.js';

/** The characters `\s` matches (ECMAScript's WhiteSpace and LineTerminator). */
export const WHITESPACE_CHARS: readonly string[] = [
  ...'\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff',
  ...range('\u2000', '\u200a'),
];
const DIGITS = range('0', '9');
const WORD_START = [...range('A', 'Z'), ...range('a', 'z'), '_'];

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /\s+/,
  group: Lexer.SKIPPED,
  start_chars_hint: [...WHITESPACE_CHARS],
});
export const Comment = createToken({
  name: 'Comment',
  pattern: /--[^\n]*/,
  group: Lexer.SKIPPED,
  start_chars_hint: ['-'],
});

/** Keywords that may also be the first segment of a dotted field name (`order.id`). */
export const FieldKeyword = createToken({ name: 'FieldKeyword', pattern: Lexer.NA });
/** Any word after a dot in a field path: an identifier or any keyword. */
export const PathWord = createToken({ name: 'PathWord', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  start_chars_hint: WORD_START,
  categories: [PathWord],
  label: 'name',
});

/** A keyword: never matched by the lexer itself (see KEYWORD_BY_WORD). */
const keyword = (word: string, opts: { fieldStart?: boolean } = {}): TokenType =>
  createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: Lexer.NA,
    categories: opts.fieldStart === false ? [PathWord] : [FieldKeyword, PathWord],
    label: `'${word}'`,
  });

export const Export = keyword('export');
export const Where = keyword('where');
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not', { fieldStart: false });
export const Between = keyword('between');
export const In = keyword('in');
export const Is = keyword('is');
export const Null = keyword('null');
export const Order = keyword('order');
export const By = keyword('by');
export const Asc = keyword('asc');
export const Desc = keyword('desc');
export const Limit = keyword('limit');
export const True = keyword('true');
export const False = keyword('false');
export const Now = keyword('now');
export const Today = keyword('today');
export const Yesterday = keyword('yesterday');
export const Select = keyword('select');
export const Group = keyword('group');
export const Having = keyword('having');
export const As = keyword('as');
export const Distinct = keyword('distinct');

export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA });
export const GreaterEq = createToken({
  name: 'GreaterEq',
  pattern: '>=',
  categories: CompareOp,
  label: "'>='",
});
export const LessEq = createToken({
  name: 'LessEq',
  pattern: '<=',
  categories: CompareOp,
  label: "'<='",
});
export const NotEq = createToken({
  name: 'NotEq',
  pattern: /!=|<>/,
  start_chars_hint: ['!', '<'],
  categories: CompareOp,
  label: "'!='",
});
export const Equals = createToken({
  name: 'Equals',
  pattern: /==?/,
  start_chars_hint: ['='],
  categories: CompareOp,
  label: "'='",
});
export const Greater = createToken({
  name: 'Greater',
  pattern: '>',
  categories: CompareOp,
  label: "'>'",
});
export const Less = createToken({
  name: 'Less',
  pattern: '<',
  categories: CompareOp,
  label: "'<'",
});

export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'" });
export const Plus = createToken({ name: 'Plus', pattern: '+', label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: '-', label: "'-'" });

export const DateTimeLiteral = createToken({
  name: 'DateTimeLiteral',
  pattern:
    /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?(?![\w:.])/,
  start_chars_hint: DIGITS,
  label: 'datetime',
});
export const DateLiteral = createToken({
  name: 'DateLiteral',
  pattern: /\d{4}-\d{2}-\d{2}(?![\w.])/,
  start_chars_hint: DIGITS,
  label: 'date',
});
export const Duration = createToken({
  name: 'Duration',
  pattern: /\d+(?:ms|[smhdw])(?![\w.])/,
  start_chars_hint: DIGITS,
  label: 'duration',
});
export const Money = createToken({
  name: 'Money',
  pattern: /\$\d+(?:\.\d{1,2})?(?![\w.])/,
  start_chars_hint: ['$'],
  label: 'money',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/,
  start_chars_hint: DIGITS,
  label: 'number',
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S])*"/,
  start_chars_hint: ["'", '"'],
  label: 'string',
});
/** A quote with no closing quote: lexed so the error can say exactly that. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /['"][\s\S]*/,
  start_chars_hint: ["'", '"'],
  label: 'string',
});

/** Every keyword token. */
const KEYWORD_TOKENS: readonly TokenType[] = [
  Export,
  Where,
  And,
  Or,
  Not,
  Between,
  In,
  Is,
  Null,
  Order,
  By,
  Asc,
  Desc,
  Limit,
  True,
  False,
  Now,
  Today,
  Yesterday,
  Select,
  Group,
  Having,
  As,
  Distinct,
];

/** Every token, in matching order. */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  DateTimeLiteral,
  DateLiteral,
  Duration,
  Money,
  NumberLiteral,
  StringLiteral,
  UnterminatedString,
  GreaterEq,
  LessEq,
  NotEq,
  Equals,
  Greater,
  Less,
  LParen,
  RParen,
  Comma,
  Dot,
  Plus,
  Minus,
  Identifier,
  ...KEYWORD_TOKENS,
  FieldKeyword,
  PathWord,
  CompareOp,
];

/** Keyword tokens with their canonical spelling, for completion and did-you-mean hints. */
export const KEYWORDS: ReadonlyMap<TokenType, string> = new Map(
  KEYWORD_TOKENS.map((t) => [t, t.name.toLowerCase()]),
);

/**
 * Keyword tokens by their lower-case spelling. A word that is one, in any case, is that keyword;
 * a longer word (`orders`, `limit5`) stays an Identifier, as the lexer reads whole words.
 *
 * @example KEYWORD_BY_WORD.get('where') === Where
 */
export const KEYWORD_BY_WORD: ReadonlyMap<string, TokenType> = new Map(
  KEYWORD_TOKENS.map((t) => [t.name.toLowerCase(), t]),
);

/** The characters from `first` to `last`, for `start_chars_hint`. */
function range(first: string, last: string): string[] {
  const out: string[] = [];
  for (let c = first.charCodeAt(0); c <= last.charCodeAt(0); c++) out.push(String.fromCharCode(c));
  return out;
}
