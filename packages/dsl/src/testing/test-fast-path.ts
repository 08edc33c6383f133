/**
 * The check the fast-path tests share: run a text through the fast lexer and parser and through
 * Chevrotain's, and fail unless the fast path either gave up or gave exactly Chevrotain's result.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CstNode, IToken } from 'chevrotain';
import { expect } from 'vitest';
import { fastLex } from '../lexer/fast-lex.js';
import { lex } from '../lexer/lex.js';
import { fastParse } from '../parser/fast-parse.js';
import { chevrotainParseQuery, parseQuery } from '../parser/parse-query.js';

/** A token as `Type:image@offset` with its keys in order, for a readable diff. */
function tokenOutline(t: IToken): string {
  return `${t.tokenType.name}:${JSON.stringify(t.image)}@${t.startOffset} {${Object.keys(t).join(',')}}`;
}

/** A CST with labels in insertion order, for a readable diff that also sees the order. */
export function outline(x: CstNode | IToken): unknown {
  if ('children' in x) {
    return {
      name: x.name,
      keys: Object.keys(x),
      children: Object.entries(x.children).map(([k, v]) => [k, v.map(outline)]),
    };
  }
  return tokenOutline(x);
}

/** What each path did with a text. */
export interface Outcome {
  readonly fast: boolean;
  readonly chevrotain: boolean;
}

/**
 * Fails unless, on `text`, the fast lexer gives up or gives lex()'s tokens (and lex() reports no
 * error), and the fast parser gives up or gives the CST Chevrotain gives; and parseQuery gives
 * what Chevrotain alone gives: the CST, and with `errors` the diagnostics too.
 */
export function expectFastPathAgrees(text: string, opts: { errors?: boolean } = {}): Outcome {
  const lexed = lex(text);
  const ref = chevrotainParseQuery(text);
  const tokens = fastLex(text);
  if (tokens !== undefined) {
    expect(lexed.diagnostics, `fast lexer accepted ${JSON.stringify(text)}`).toEqual([]);
    if (!isDeepStrictEqual(tokens, lexed.tokens)) {
      expect(tokens.map(tokenOutline)).toEqual(lexed.tokens.map(tokenOutline));
      expect.fail(`fast lexer tokens differ on ${JSON.stringify(text)}`);
    }
  }
  const cst = tokens === undefined ? undefined : fastParse(tokens);
  if (cst !== undefined) {
    expect(ref.cst, `fast parser accepted ${JSON.stringify(text)}`).toBeDefined();
    // Deep equality does not see the order of keys; the outline does.
    const same =
      isDeepStrictEqual(cst, ref.cst) && isDeepStrictEqual(outline(cst), outline(ref.cst!));
    if (!same) {
      expect(outline(cst)).toEqual(outline(ref.cst!));
      expect.fail(`fast parser CST differs on ${JSON.stringify(text)}`);
    }
  }
  // parseQuery falls back to Chevrotain: its errors are Chevrotain's (a second slow parse, so
  // only when asked).
  if (cst !== undefined || opts.errors === true) {
    const combined = parseQuery(text);
    expect(combined.diagnostics).toEqual(ref.diagnostics);
    expect(isDeepStrictEqual(combined.cst, ref.cst)).toBe(true);
  }
  return { fast: cst !== undefined, chevrotain: ref.cst !== undefined };
}
