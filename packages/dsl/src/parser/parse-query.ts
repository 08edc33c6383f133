/**
 * Query text -> AST, the way compile() needs it: the fast hand-written lexer and parser
 * (lexer/fast-lex.ts's scanner, parser/fast-ast.ts) for a query they are sure of, else Chevrotain's lexer
 * and parser, which are the grammar of record and give the diagnostics, and buildAst over
 * Chevrotain's CST. Both paths give the same AST for every query the fast one accepts
 * (fast-ast.property.test.ts).
 */
import type { CstNode } from 'chevrotain';
import { buildAst } from '../ast/build-ast.js';
import type { QueryNode } from '../ast/nodes.js';
import type { Diagnostic } from '../errors/query-error.js';
import { lex } from '../lexer/lex.js';
import { fastAst } from './fast-ast.js';
import { parseTokens } from './parse.js';

/** The AST of a query, or (with `ast` undefined) its lexical and syntax errors by position. */
export interface QueryParse {
  readonly ast: QueryNode | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** The CST of a query by Chevrotain, or (with `cst` undefined) its errors by position. */
export interface QueryCst {
  readonly cst: CstNode | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/**
 * Lexes and parses a whole query into its AST. `ast` is set only when there is no error at all.
 *
 * @example parseQuery('orders where total > $10').ast?.resource.name // 'orders'
 */
export function parseQuery(source: string): QueryParse {
  const fast = fastAst(source);
  if (fast !== undefined) return { ast: fast, diagnostics: NO_DIAGNOSTICS };
  const ref = chevrotainParseQuery(source);
  if (ref.cst === undefined) return { ast: undefined, diagnostics: ref.diagnostics };
  return { ast: buildAst(ref.cst, source), diagnostics: NO_DIAGNOSTICS };
}

/** Lexing and parsing through Chevrotain only: the reference the fast path is tested against. */
export function chevrotainParseQuery(source: string): QueryCst {
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
