/**
 * The check the fast-path tests share: run a text through the fast lexer and parser and through
 * Chevrotain's (then buildAst), and fail unless the fast path either gave up or gave exactly the
 * reference's result.
 */
import { isDeepStrictEqual } from 'node:util';
import type { IToken } from 'chevrotain';
import { expect } from 'vitest';
import { buildAst } from '../ast/build-ast.js';
import { fastLex } from '../lexer/fast-lex.js';
import { lex } from '../lexer/lex.js';
import { fastAst } from '../parser/fast-ast.js';
import { chevrotainParseQuery, parseQuery } from '../parser/parse-query.js';

/** A token as `Type:image@offset` with its keys in order, for a readable diff. */
function tokenOutline(t: IToken): string {
  return `${t.tokenType.name}:${JSON.stringify(t.image)}@${t.startOffset} {${Object.keys(t).join(',')}}`;
}

/** What each path did with a text. */
export interface Outcome {
  readonly fast: boolean;
  readonly chevrotain: boolean;
}

/**
 * Fails unless, on `text`, the fast lexer gives up or gives lex()'s tokens (and lex() reports no
 * error), and the fast parser gives up or gives the AST buildAst builds from Chevrotain's CST
 * (same values, same key order); and parseQuery gives what the reference gives: the AST, and
 * with `errors` the diagnostics too.
 */
export function expectFastPathAgrees(text: string, opts: { errors?: boolean } = {}): Outcome {
  const lexed = lex(text);
  const ref = chevrotainParseQuery(text);
  const refAst = ref.cst === undefined ? undefined : buildAst(ref.cst, text);
  const tokens = fastLex(text);
  if (tokens !== undefined) {
    expect(lexed.diagnostics, `fast lexer accepted ${JSON.stringify(text)}`).toEqual([]);
    if (!isDeepStrictEqual(tokens, lexed.tokens)) {
      expect(tokens.map(tokenOutline)).toEqual(lexed.tokens.map(tokenOutline));
      expect.fail(`fast lexer tokens differ on ${JSON.stringify(text)}`);
    }
  }
  const ast = fastAst(text);
  if (ast !== undefined) {
    // The fast parser reads the fast lexer's tokens: it parses only what that lexer is sure of.
    expect(
      tokens,
      `fast parser parsed what the fast lexer left ${JSON.stringify(text)}`,
    ).toBeDefined();
    expect(refAst, `fast parser accepted ${JSON.stringify(text)}`).toBeDefined();
    // Deep equality does not see the order of keys; JSON text does.
    const same = isDeepStrictEqual(ast, refAst) && JSON.stringify(ast) === JSON.stringify(refAst);
    if (!same) {
      expect(JSON.stringify(ast, null, 1)).toEqual(JSON.stringify(refAst, null, 1));
      expect.fail(`fast parser AST differs on ${JSON.stringify(text)}`);
    }
  }
  // parseQuery falls back to Chevrotain: its errors are Chevrotain's (a second slow parse, so
  // only when asked).
  if (ast !== undefined || opts.errors === true) {
    const combined = parseQuery(text);
    expect(combined.diagnostics).toEqual(ref.diagnostics);
    expect(isDeepStrictEqual(combined.ast, refAst)).toBe(true);
  }
  return { fast: ast !== undefined, chevrotain: ref.cst !== undefined };
}
