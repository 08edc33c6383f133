/**
 * Parsing: tokens -> CST, with errors as diagnostics carrying the tokens expected at the error
 * (from Chevrotain's content assist, the same engine `complete()` uses) and a hint.
 *
 * The common path uses a parser without error recovery (fast, linear). Only when it fails on a
 * short input is a recovering parser run to report several errors at once; recovery is skipped
 * on long inputs so its cost can never grow with a huge malformed query.
 */
import type { CstNode, IRecognitionException, IToken, TokenType } from 'chevrotain';
import { suggest } from '../check/suggest.js';
import type { Diagnostic } from '../errors/query-error.js';
import * as T from '../lexer/tokens.js';
import { isEof, parserInstance } from './grammar.js';

/** Inputs with more tokens than this report only their first syntax error. */
const RECOVERY_MAX_TOKENS = 400;
/** At most this many syntax errors are reported. */
const MAX_SYNTAX_ERRORS = 5;
/** Deeper nesting of parentheses or `not`s than this is rejected before parsing. */
export const MAX_NESTING = 64;
/** Expected-token lists are computed for errors within this many tokens of the start. */
const EXPECTED_MAX_TOKENS = 4000;

export interface ParseResult {
  readonly cst: CstNode | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses tokens into the CST of a query; `cst` is undefined when there are syntax errors. */
export function parseTokens(tokens: readonly IToken[], sourceLength: number): ParseResult {
  const tooDeep = nestingError(tokens);
  if (tooDeep) return { cst: undefined, diagnostics: [tooDeep] };

  const strict = parserInstance({ recovery: false });
  strict.input = tokens as IToken[];
  const cst = strict.query();
  if (strict.errors.length === 0) return { cst, diagnostics: [] };

  let errors: IRecognitionException[] = strict.errors.slice(0, 1);
  if (tokens.length <= RECOVERY_MAX_TOKENS) {
    const recovering = parserInstance({ recovery: true });
    recovering.input = tokens as IToken[];
    recovering.query();
    if (recovering.errors.length > 0) errors = recovering.errors.slice(0, MAX_SYNTAX_ERRORS);
  }
  const seen = new Set<number>();
  const diagnostics: Diagnostic[] = [];
  for (const e of errors) {
    const d = toDiagnostic(e, { tokens, sourceLength });
    if (seen.has(d.span.offset)) continue;
    seen.add(d.span.offset);
    diagnostics.push(d);
  }
  return { cst: undefined, diagnostics };
}

/**
 * The TOO_DEEP diagnostic when tokens nest deeper than MAX_NESTING parentheses or `not`s. Checked
 * before any grammar work: Chevrotain's recursion (and its content assist, whose cost explodes
 * with depth) must never see such input.
 */
export function nestingError(tokens: readonly IToken[]): Diagnostic | undefined {
  let depth = 0;
  let nots = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LParen) depth++;
    else if (t.tokenType === T.RParen) depth = Math.max(0, depth - 1);
    nots = t.tokenType === T.Not ? nots + 1 : 0;
    if (depth + nots > MAX_NESTING) {
      return {
        code: 'TOO_DEEP',
        message: `the query nests deeper than ${MAX_NESTING} levels of parentheses or 'not'`,
        span: { offset: t.startOffset, length: t.image.length },
        hint: 'flatten the condition: a or (b or c) is the same as a or b or c',
      };
    }
  }
  return undefined;
}

/** Expected tokens after `prefix`, as display labels; empty when the prefix is itself invalid. */
export function expectedAfter(prefix: readonly IToken[]): string[] {
  const paths = parserInstance({ recovery: false }).computeContentAssist(
    'query',
    prefix as IToken[],
  );
  const labels = new Set<string>();
  for (const p of paths) for (const l of labelsOf(p.nextTokenType, p.ruleStack)) labels.add(l);
  return [...labels];
}

const OPERATOR_LABELS = ['=', '!=', '>', '>=', '<', '<='];

function labelsOf(t: TokenType, ruleStack: readonly string[]): string[] {
  if (t === T.CompareOp) return OPERATOR_LABELS;
  if (t === T.Identifier || t === T.FieldKeyword || t === T.PathWord) {
    return [ruleStack[ruleStack.length - 1] === 'query' ? 'resource name' : 'field name'];
  }
  const kw = T.KEYWORDS.get(t);
  if (kw) return [kw];
  const label = t.LABEL ?? t.name;
  return [label.replace(/^'(.*)'$/, '$1')];
}

function toDiagnostic(
  e: IRecognitionException,
  ctx: { tokens: readonly IToken[]; sourceLength: number },
): Diagnostic {
  const { tokens, sourceLength } = ctx;
  const atEnd = isEof(e.token) || Number.isNaN(e.token.startOffset);
  const index = atEnd
    ? tokens.length
    : tokens.findIndex((t) => t.startOffset === e.token.startOffset);
  const expected =
    index >= 0 && index <= EXPECTED_MAX_TOKENS ? expectedAfter(tokens.slice(0, index)) : [];
  const span = atEnd
    ? { offset: sourceLength, length: 0 }
    : { offset: e.token.startOffset, length: e.token.image.length };
  const what = expected.length > 0 ? describeExpected(expected) : 'something else';
  if (atEnd) {
    return {
      code: 'UNEXPECTED_END',
      message: `the query ends too early: expected ${what}`,
      span,
      expected,
      ...hintFor({ token: undefined, expected, previous: tokens[tokens.length - 1] }),
    };
  }
  return {
    code: 'SYNTAX_ERROR',
    message: `unexpected '${shorten(e.token.image)}': expected ${what}`,
    span,
    expected,
    ...hintFor({ token: e.token, expected, previous: tokens[index - 1] }),
  };
}

function describeExpected(expected: readonly string[]): string {
  const shown = expected.slice(0, 8);
  const more = expected.length > shown.length ? ', …' : '';
  return shown.length === 1 ? shown[0]! : `one of ${shown.join(', ')}${more}`;
}

function shorten(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}

const VALUE_LABELS = new Set(['number', 'money', 'string', 'date', 'datetime', 'now']);

function hintFor(ctx: {
  token: IToken | undefined;
  expected: readonly string[];
  previous: IToken | undefined;
}): { hint?: string } {
  const { token, expected, previous } = ctx;
  if (!token) {
    if (previous?.tokenType === T.Where)
      return { hint: 'add a condition after where, e.g. createdTime >= today - 7d' };
    return {};
  }
  const wantsValue = expected.some((l) => VALUE_LABELS.has(l));
  if (wantsValue && token.tokenType === T.Identifier) {
    return { hint: `text values need quotes: '${token.image}'` };
  }
  if (wantsValue && token.tokenType === T.Duration) {
    return { hint: `durations go after now, today or yesterday: now - ${token.image}` };
  }
  if (expected.includes('resource name')) {
    return { hint: 'start with a resource: orders, payments or refunds (optionally after export)' };
  }
  if (token.tokenType === T.Identifier || T.KEYWORDS.has(token.tokenType)) {
    const keywords = expected.filter((l) => /^[a-z]+$/.test(l) && l !== 'resource name');
    const guess = suggest(token.image, keywords);
    if (guess && guess !== token.image.toLowerCase()) return { hint: `did you mean ${guess}?` };
  }
  if (expected.includes('=') && token.tokenType === T.Identifier) {
    return { hint: 'a condition is field, operator, value: total > 1000' };
  }
  return {};
}
