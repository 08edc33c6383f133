/**
 * Query text -> CST, the way compile() needs it: the fast hand-written lexer and parser
 * (lexer/fast-lex.ts, parser/fast-parse.ts) for a query they are sure of, else Chevrotain's
 * lexer and parser, which are the grammar of record and give the diagnostics. Both paths give the
 * same CST for every query the fast one accepts (fast-parse.property.test.ts).
 */
import type { CstNode } from 'chevrotain';
import type { Diagnostic } from '../errors/query-error.js';
import { fastLex } from '../lexer/fast-lex.js';
import { lex } from '../lexer/lex.js';
import { fastParse } from './fast-parse.js';
import { parseTokens } from './parse.js';

/** The CST of a query, or (with `cst` undefined) its lexical and syntax errors by position. */
export interface QueryParse {
  readonly cst: CstNode | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/**
 * Lexes and parses a whole query. `cst` is set only when there is no error at all.
 *
 * @example parseQuery('orders where total > $10').cst?.name // 'query'
 */
export function parseQuery(source: string): QueryParse {
  const tokens = fastLex(source);
  const fast = tokens === undefined ? undefined : fastParse(tokens);
  if (fast !== undefined) return { cst: fast, diagnostics: NO_DIAGNOSTICS };
  return chevrotainParseQuery(source);
}

/** parseQuery through Chevrotain only: the reference the fast path is tested against. */
export function chevrotainParseQuery(source: string): QueryParse {
  const lexed = lex(source);
  const parsed = parseTokens(lexed.tokens, source.length);
  if (lexed.diagnostics.length === 0 && parsed.diagnostics.length === 0 && parsed.cst) {
    return { cst: parsed.cst, diagnostics: NO_DIAGNOSTICS };
  }
  const diagnostics = [...lexed.diagnostics, ...parsed.diagnostics].sort(
    (a, b) => a.span.offset - b.span.offset,
  );
  return { cst: undefined, diagnostics };
}
