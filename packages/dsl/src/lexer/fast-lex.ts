/**
 * A hand-written lexer for the common case: a query that lexes without error. Why two lexers:
 * Chevrotain's (lex.ts) tries each token's regular expression in turn and was a quarter of a
 * medium query's compile; this one reads the text once, char code by char code, no regex.
 *
 * lex.ts stays the lexer of record. This one produces exactly the tokens lex() produces (same
 * token type objects, image, startOffset, tokenTypeIdx, in the same key order) or, on anything
 * it is not sure of — an unknown character, an unterminated string, a number form whose regular
 * expression might backtrack, any character outside ASCII outside a string or a comment — it
 * returns `undefined` and the caller runs lex(), which reports the errors. It never tokenises
 * differently: fast-ast.property.test.ts compares the two on random and mutated queries.
 *
 * Each branch below mirrors the token patterns of tokens.ts in their matching order (the first
 * pattern that matches wins, not the longest), so keep them in step with that file.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

const TAB = 9;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const DOLLAR = 36;
const QUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COLON = 58;
const LESS = 60;
const EQUALS = 61;
const GREATER = 62;
const UPPER_E = 69;
const UPPER_T = 84;
const UPPER_Z = 90;
const BACKSLASH = 92;
const UNDERSCORE = 95;
const LOWER_D = 100;
const LOWER_E = 101;
const LOWER_H = 104;
const LOWER_M = 109;
const LOWER_S = 115;
const LOWER_W = 119;
const LOWER_Z = 122;

/**
 * Keywords by length of their spelling, so a word is looked up without lower-casing or hashing
 * it (lower-casing and hashing each word was a visible part of this lexer's profile).
 */
const KEYWORDS_BY_LENGTH: { words: string[]; types: TokenType[] }[] = [];
for (const [word, type] of T.KEYWORD_BY_WORD) {
  const bucket = KEYWORDS_BY_LENGTH[word.length] ?? { words: [], types: [] };
  bucket.words.push(word);
  bucket.types.push(type);
  KEYWORDS_BY_LENGTH[word.length] = bucket;
}

/**
 * The char code at `i`, -1 past the end. (Reading past the end with charCodeAt gives NaN, and
 * V8 de-optimises the functions that do it.)
 */
function code(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : -1;
}

/** Whether `c` is a digit. */
function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** 1 at the char codes of `\w`, `[A-Za-z0-9_]`; 0 elsewhere below 128. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const lower = c | 0x20;
  if ((lower >= 97 && lower <= LOWER_Z) || isDigit(c) || c === UNDERSCORE) WORD_CHAR[c] = 1;
}

/** Whether `c` is a character of `\w`: `[A-Za-z0-9_]` (-1, past the end, is not). */
function isWordChar(c: number): boolean {
  return c >= 0 && c < 128 && WORD_CHAR[c] === 1;
}

/** Whether `c` can start an identifier: `[A-Za-z_]`. */
function isWordStart(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 97 && lower <= LOWER_Z) || c === UNDERSCORE;
}

/** Whether `s` has `count` digits from `at`. */
function digitsAt(s: string, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) if (!isDigit(code(s, i))) return false;
  return true;
}

/** The end of the run of digits starting at `at`. */
function digitsEnd(s: string, at: number): number {
  let i = at;
  while (isDigit(code(s, i))) i++;
  return i;
}

/** `(?![\w.])` at `at`, and `:` too when `colon`: true when no such character follows. */
function endsCleanly(s: string, at: number, colon = false): boolean {
  const c = code(s, at);
  return !(isWordChar(c) || c === DOT || (colon && c === COLON));
}

/** Where a date `\d{4}-\d{2}-\d{2}` starting at `at` ends, or -1. */
function dateEnd(s: string, at: number): number {
  return digitsAt(s, at, 4) &&
    code(s, at + 4) === MINUS &&
    digitsAt(s, at + 5, 2) &&
    code(s, at + 7) === MINUS &&
    digitsAt(s, at + 8, 2)
    ? at + 10
    : -1;
}

/** Sentinel: the regular expression might match in a way this lexer does not follow. */
const UNSURE = -2;

/**
 * Where DateTimeLiteral matches, given that a date `\d{4}-\d{2}-\d{2}` ends at `date`: its end,
 * -1 when it cannot match, or UNSURE. Its optional parts are taken greedily, which is the regex's
 * first try; when that try fails the final `(?![\w:.])`, a shorter match might still succeed, so
 * the answer is UNSURE.
 */
function dateTimeEnd(s: string, date: number): number {
  const sep = code(s, date);
  if (sep !== UPPER_T && sep !== SPACE) return -1;
  if (!(digitsAt(s, date + 1, 2) && code(s, date + 3) === COLON && digitsAt(s, date + 4, 2)))
    return -1;
  let i = date + 6;
  if (code(s, i) === COLON && digitsAt(s, i + 1, 2)) {
    i += 3;
    if (code(s, i) === DOT && isDigit(code(s, i + 1))) {
      i += 2;
      if (isDigit(code(s, i))) i++;
      if (isDigit(code(s, i))) i++;
    }
  }
  i = zoneEnd(s, i);
  return endsCleanly(s, i, true) ? i : UNSURE;
}

/** After the optional zone `(?:[Zz]|[+-]\d{2}:?\d{2})?` at `at`. */
function zoneEnd(s: string, at: number): number {
  const c = code(s, at);
  if (c === UPPER_Z || c === LOWER_Z) return at + 1;
  if ((c === PLUS || c === MINUS) && digitsAt(s, at + 1, 2)) {
    const mm = code(s, at + 3) === COLON ? at + 4 : at + 3;
    if (digitsAt(s, mm, 2)) return mm + 2;
  }
  return at;
}

/** Where Duration `\d+(?:ms|[smhdw])(?![\w.])` matches, given its digits end at `d`; or -1. */
function durationEnd(s: string, d: number): number {
  const c = code(s, d);
  // After `ms` fails the lookahead, `m` alone fails it too: an `s` follows.
  if (c === LOWER_M && code(s, d + 1) === LOWER_S) return endsCleanly(s, d + 2) ? d + 2 : -1;
  const unit = c === LOWER_S || c === LOWER_M || c === LOWER_H || c === LOWER_D || c === LOWER_W;
  return unit && endsCleanly(s, d + 1) ? d + 1 : -1;
}

/**
 * Where NumberLiteral `\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])` matches, given its first digits
 * end at `d`; or -1. Greedy is enough: every shorter match ends before a digit, a dot or an `e`,
 * which the lookahead refuses.
 */
function numberEnd(s: string, d: number): number {
  let i = d;
  if (code(s, i) === DOT && isDigit(code(s, i + 1))) i = digitsEnd(s, i + 1);
  const e = code(s, i);
  if (e === LOWER_E || e === UPPER_E) {
    const sign = code(s, i + 1);
    const first = sign === PLUS || sign === MINUS ? i + 2 : i + 1;
    if (isDigit(code(s, first))) i = digitsEnd(s, first);
  }
  return endsCleanly(s, i) ? i : -1;
}

/** Where Money `\$\d+(?:\.\d{1,2})?(?![\w.])` matches at `at` (the `$`), or -1. */
function moneyEnd(s: string, at: number): number {
  if (!isDigit(code(s, at + 1))) return -1;
  let i = digitsEnd(s, at + 1);
  if (code(s, i) === DOT && isDigit(code(s, i + 1))) {
    i += 2;
    if (isDigit(code(s, i))) i++;
  }
  // No shorter match passes the lookahead either: each ends before a digit or a dot.
  return endsCleanly(s, i) ? i : -1;
}

/**
 * Where a StringLiteral starting at `at` (its quote) ends, or -1 when the greedy reading finds
 * no closing quote (the regex would then backtrack, e.g. over a `''`): lex() decides.
 */
function stringEnd(s: string, at: number): number {
  const quote = code(s, at);
  for (let i = at + 1; i < s.length; i++) {
    const c = code(s, i);
    if (c === BACKSLASH) {
      i++;
    } else if (c === quote) {
      // Inside single quotes `''` is a quote; it is tried before the closing quote.
      if (quote === QUOTE && code(s, i + 1) === QUOTE) i++;
      else return i + 1;
    }
  }
  return -1;
}

/**
 * The type of the token the last `digitTokenEnd` or `punctuationEnd` found. (Returned through
 * this variable rather than as a `{ type, end }` object: one object per token was a visible part
 * of the lexer's allocation.)
 */
let foundType: TokenType = T.Identifier;

/**
 * The end of the number-like token at `at` (a digit), its type in `foundType`; -1 when none
 * matches or this lexer is not sure.
 */
function digitTokenEnd(s: string, at: number): number {
  // The patterns in their order (DateTime, Date, Duration, Number), each read once: the date
  // once for both date patterns, the leading digits once for the other two.
  const date = dateEnd(s, at);
  if (date > 0) {
    const dt = dateTimeEnd(s, date);
    if (dt === UNSURE) return -1;
    if (dt > 0) {
      foundType = T.DateTimeLiteral;
      return dt;
    }
    if (endsCleanly(s, date)) {
      foundType = T.DateLiteral;
      return date;
    }
  }
  const digits = digitsEnd(s, at);
  const duration = durationEnd(s, digits);
  if (duration > 0) {
    foundType = T.Duration;
    return duration;
  }
  foundType = T.NumberLiteral;
  return numberEnd(s, digits);
}

/** The end of the operator or punctuation at `at`, its type in `foundType`; -1 when none. */
function punctuationEnd(s: string, at: number): number {
  const next = code(s, at + 1);
  let type: TokenType;
  let length = 1;
  switch (code(s, at)) {
    case LPAREN:
      type = T.LParen;
      break;
    case RPAREN:
      type = T.RParen;
      break;
    case COMMA:
      type = T.Comma;
      break;
    case DOT:
      type = T.Dot;
      break;
    case PLUS:
      type = T.Plus;
      break;
    case MINUS:
      type = T.Minus;
      break;
    case GREATER:
      type = next === EQUALS ? T.GreaterEq : T.Greater;
      length = next === EQUALS ? 2 : 1;
      break;
    case LESS:
      type = next === EQUALS ? T.LessEq : next === GREATER ? T.NotEq : T.Less;
      length = next === EQUALS || next === GREATER ? 2 : 1;
      break;
    case BANG:
      if (next !== EQUALS) return -1;
      type = T.NotEq;
      length = 2;
      break;
    case EQUALS:
      type = T.Equals;
      if (next === EQUALS) length = 2;
      break;
    default:
      return -1;
  }
  foundType = type;
  return at + length;
}

/**
 * The type of the word `s[start, end)`: the keyword it spells in any case, else Identifier (as
 * lex.ts's keywordOrIdentifier). Words are ASCII `[A-Za-z0-9_]`, and for those `c | 0x20` is a
 * lower-case letter only when `c` is that letter in either case.
 */
function wordType(s: string, start: number, end: number): TokenType {
  const bucket = KEYWORDS_BY_LENGTH[end - start];
  if (bucket === undefined) return T.Identifier;
  // Two parallel arrays rather than `[word, type]` pairs: destructuring a pair per keyword tried
  // was a visible part of this function on Node 20.
  const { words } = bucket;
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    let i = 0;
    while (i < word.length && (s.charCodeAt(start + i) | 0x20) === word.charCodeAt(i)) i++;
    if (i === word.length) return bucket.types[k]!;
  }
  return T.Identifier;
}

/**
 * A cursor over the tokens of a query, one token at a time, without building token objects: after
 * `scan()`, `type`, `start` and `end` describe the next token. `type` is `undefined` at the end
 * of the text and `null` where this lexer is not sure (then it stays `null`: the caller gives up
 * and runs lex(), which reports what is wrong). The tokens it finds are exactly lex()'s.
 *
 * @example const s = new FastScanner('orders limit 5'); s.scan(); s.type === Identifier; s.end // 6
 */
export class FastScanner {
  readonly source: string;
  type: TokenType | null | undefined = undefined;
  start = 0;
  end = 0;

  constructor(source: string) {
    this.source = source;
  }

  /** Moves to the next token. */
  scan(): void {
    if (this.type === null) return;
    const s = this.source;
    const n = s.length;
    let i = this.end;
    for (;;) {
      if (i >= n) {
        this.type = undefined;
        this.start = this.end = n;
        return;
      }
      const c = s.charCodeAt(i);
      if (c === SPACE || (c >= TAB && c <= CR)) {
        i++;
      } else if (c === MINUS && code(s, i + 1) === MINUS) {
        // A comment runs to the end of the line.
        const nl = s.indexOf('\n', i);
        i = nl < 0 ? n : nl;
      } else {
        break;
      }
    }
    const c = s.charCodeAt(i);
    let end: number;
    let type: TokenType;
    if (isWordStart(c)) {
      end = i + 1;
      while (end < n && isWordChar(s.charCodeAt(end))) end++;
      type = wordType(s, i, end);
    } else if (isDigit(c)) {
      end = digitTokenEnd(s, i);
      type = foundType;
    } else if (c === QUOTE || c === DQUOTE) {
      end = stringEnd(s, i);
      type = T.StringLiteral;
    } else if (c === DOLLAR) {
      end = moneyEnd(s, i);
      type = T.Money;
    } else {
      end = punctuationEnd(s, i);
      type = foundType;
    }
    if (end < 0) {
      this.type = null;
      return;
    }
    this.type = type;
    this.start = i;
    this.end = end;
  }
}

/** A token as Chevrotain's lexer makes it with `positionTracking: 'onlyOffset'`. */
function token(image: string, startOffset: number, type: TokenType): IToken {
  return { image, startOffset, tokenTypeIdx: type.tokenTypeIdx as number, tokenType: type };
}

/**
 * The tokens of `source` exactly as lex() gives them when it finds no error, or `undefined`
 * when this lexer is not sure (lex() then runs and reports what is wrong).
 *
 * @example fastLex('orders limit 5')?.map((t) => t.tokenType.name) // ['Identifier', 'Limit', 'NumberLiteral']
 */
export function fastLex(source: string): IToken[] | undefined {
  const tokens: IToken[] = [];
  const scanner = new FastScanner(source);
  for (scanner.scan(); scanner.type; scanner.scan()) {
    tokens.push(token(source.slice(scanner.start, scanner.end), scanner.start, scanner.type));
  }
  return scanner.type === null ? undefined : tokens;
}
