import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../errors/query-error.js';
import { Lexer } from './chevrotain-runtime.js';
import { ALL_TOKENS, Identifier, KEYWORD_BY_WORD, UnterminatedString } from './tokens.js';

let lexer: Lexer | undefined;

/** The lexer's settings; lex.test.ts builds one with validations on from the same settings. */
export const LEXER_CONFIG = Object.freeze({
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
} as const);

function instance(): Lexer {
  // Checking the token definitions costs more than starting node; lex.test.ts checks them once.
  lexer ??= new Lexer(ALL_TOKENS as never[], { ...LEXER_CONFIG, skipValidations: true });
  return lexer;
}

/** Tokens of a query and the lexical errors found; never throws. */
export interface LexResult {
  readonly tokens: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Splits query text into tokens. Unknown characters and unterminated strings become diagnostics;
 * the tokens around them are still returned so parsing can report more.
 */
export function lex(source: string): LexResult {
  const result = instance().tokenize(source);
  const diagnostics: Diagnostic[] = [];
  for (const e of result.errors) {
    const ch = source.slice(e.offset, e.offset + e.length);
    diagnostics.push({
      code: 'UNEXPECTED_CHARACTER',
      message: `unexpected ${describeChars(ch)}`,
      span: { offset: e.offset, length: Math.max(1, e.length) },
    });
  }
  const tokens: IToken[] = [];
  for (const t of result.tokens) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push({
        code: 'UNTERMINATED_STRING',
        message: 'string is not closed',
        span: { offset: t.startOffset, length: t.image.length },
        hint: `close it with ${t.image[0]}; write a quote inside a string as \\${t.image[0]}${t.image[0] === "'" ? " or ''" : ''}`,
      });
    } else if (t.tokenType === Identifier) {
      tokens.push(keywordOrIdentifier(t));
    } else {
      tokens.push(t);
    }
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { tokens, diagnostics };
}

/** A word is a keyword when it spells one in any case (tokens.ts says why this is not a pattern). */
function keywordOrIdentifier(t: IToken): IToken {
  const keyword = KEYWORD_BY_WORD.get(t.image.toLowerCase());
  return keyword === undefined
    ? t
    : { ...t, tokenType: keyword, tokenTypeIdx: keyword.tokenTypeIdx as number };
}

function describeChars(ch: string): string {
  const first = ch.codePointAt(0) ?? 0;
  const printable = first > 0x20 && first !== 0x7f;
  const shown = ch.length > 12 ? `${ch.slice(0, 12)}…` : ch;
  return printable
    ? `character${ch.length > 1 ? 's' : ''} '${shown}'`
    : `character U+${first.toString(16).toUpperCase().padStart(4, '0')}`;
}
