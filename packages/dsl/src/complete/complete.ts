/**
 * Tab completion for the REPL: what may come next at the cursor, from the grammar (Chevrotain's
 * content assist) and the field catalogue. Kept behind our own function so the engine can change.
 */

import type { IToken, TokenType } from 'chevrotain';
import {
  CATALOGUE,
  type FieldSpec,
  type FieldType,
  fieldNamed,
  RESOURCE_NAMES,
} from '../catalogue/catalogue.js';
import { isResourceName } from '../catalogue/lookup.js';
import { AGGREGATE_FUNCTIONS, BUCKET_UNITS, WEEKDAYS } from '../check/check-shape.js';
import { lex } from '../lexer/lex.js';
import * as T from '../lexer/tokens.js';
import { parserInstance } from '../parser/grammar.js';
import { nestingError } from '../parser/parse.js';

const OPS = ['=', '!=', '>', '>=', '<', '<='];
const PUNCTUATION: ReadonlyMap<TokenType, string> = new Map([
  [T.LParen, '('],
  [T.RParen, ')'],
  [T.Comma, ','],
]);
/** Completion is skipped for text longer than this (it re-reads the text before the cursor). */
const MAX_COMPLETE_LENGTH = 10_000;

/**
 * Where the word being completed starts: completions replace `text.slice(start, cursor)`.
 *
 * @example completionStart('payments where amo', 18) // 15
 */
export function completionStart(text: string, cursor: number = text.length): number {
  const before = text.slice(0, cursor);
  const open = openStringAt(before);
  if (open !== undefined) return open;
  const m = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(before);
  return m ? m.index : before.length;
}

/**
 * Where the string literal still open at the end of `text` starts, if one is: reads strings
 * (with `''` and backslash escapes) and `--` comments as the lexer does, so quotes inside them
 * do not count.
 */
function openStringAt(text: string): number | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const eol = text.indexOf('\n', i);
      if (eol < 0) return undefined;
      i = eol + 1;
    } else if (c === "'" || c === '"') {
      const end = closingQuote(text, i);
      if (end === undefined) return i;
      i = end + 1;
    } else {
      i++;
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opened at `start`, or undefined. */
function closingQuote(text: string, start: number): number | undefined {
  const quote = text[start];
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === quote) {
      // `''` is a quote inside a single-quoted string.
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j;
    }
  }
  return undefined;
}

/**
 * Candidates for the word at `cursor` (default: the end): keywords, resource names, field names of
 * the query's resource, operators and quoted enum values, filtered by what is already typed.
 *
 * @example complete('payments where amo') // ['amount']
 * @example complete("payments where result = 'SU") // ["'SUCCESS'"]
 */
export function complete(partialQuery: string, cursor?: number): string[] {
  // Checked before anything reads the text: JavaScript callers may pass anything.
  if (typeof partialQuery !== 'string' || partialQuery.length > MAX_COMPLETE_LENGTH) return [];
  const end = partialQuery.length;
  const at = Math.max(0, Math.min(Number.isNaN(cursor) ? end : (cursor ?? end), end));
  const start = completionStart(partialQuery, at);
  const prefix = partialQuery.slice(start, at);
  const { tokens, diagnostics } = lex(partialQuery.slice(0, start));
  if (diagnostics.length > 0 || nestingError(tokens)) return [];
  let paths: ReturnType<ReturnType<typeof parserInstance>['computeContentAssist']>;
  try {
    paths = parserInstance({ recovery: false }).computeContentAssist('query', tokens as IToken[]);
  } catch {
    return [];
  }
  const out = new Set<string>();
  for (const p of paths) {
    for (const c of candidatesFor(p.nextTokenType, { ruleStack: p.ruleStack, tokens })) out.add(c);
  }
  const lower = prefix.toLowerCase();
  return [...out].filter((c) => c.toLowerCase().startsWith(lower)).sort(byKind);
}

function byKind(a: string, b: string): number {
  return a.localeCompare(b, 'en');
}

/** Value keywords that suit each field type. */
const VALUE_KEYWORDS: Readonly<Record<FieldType, readonly string[]>> = {
  time: ['now', 'today', 'yesterday', 'null'],
  boolean: ['true', 'false', 'null'],
  money: ['null'],
  number: ['null'],
  string: ['null'],
  id: ['null'],
  enum: ['null'],
};

function candidatesFor(
  t: TokenType,
  ctx: { ruleStack: readonly string[]; tokens: readonly IToken[] },
): string[] {
  const kw = T.KEYWORDS.get(t);
  if (kw) {
    if (!ctx.ruleStack.includes('value')) return [kw];
    const type = valueField(ctx.tokens)?.type;
    return !type || VALUE_KEYWORDS[type].includes(kw) ? [kw] : [];
  }
  const punct = PUNCTUATION.get(t);
  if (punct) {
    // `(` after a name only opens a call when the name is a function.
    if (t === T.LParen && ctx.ruleStack[ctx.ruleStack.length - 1] === 'call') {
      const name = ctx.tokens[ctx.tokens.length - 1]?.image.toLowerCase() ?? '';
      return FUNCTION_NAMES.includes(name) && mayAggregate(ctx.tokens) ? [punct] : [];
    }
    return [punct];
  }
  if (t === T.CompareOp) return OPS;
  const rule = ctx.ruleStack[ctx.ruleStack.length - 1];
  if (t === T.Identifier || t === T.FieldKeyword || t === T.PathWord) {
    if (rule === 'call' && !mayAggregate(ctx.tokens)) return [];
    if (rule === 'query') {
      const exporting = ctx.tokens[0]?.tokenType === T.Export;
      return RESOURCE_NAMES.filter((r) => !exporting || CATALOGUE[r].exportType !== null);
    }
    // An alias after `as` is the user's own name.
    if (rule === 'selectItem') return [];
    if (rule === 'call') {
      const last = ctx.tokens[ctx.tokens.length - 1]?.tokenType;
      return last === T.Comma ? [...WEEKDAYS] : [...FUNCTION_NAMES];
    }
    const resource = resourceOf(ctx.tokens);
    return resource ? CATALOGUE[resource].fields.map((f) => f.name) : [];
  }
  if (t === T.StringLiteral) {
    const spec = valueField(ctx.tokens);
    return spec?.type === 'enum' ? (spec.values ?? []).map((v) => `'${v}'`) : [];
  }
  return [];
}

const FUNCTION_NAMES: readonly string[] = [...AGGREGATE_FUNCTIONS, ...BUCKET_UNITS];

/** Functions make sense only once the query has a select list or a group by. */
function mayAggregate(tokens: readonly IToken[]): boolean {
  return tokens.some((t) => t.tokenType === T.Select || t.tokenType === T.Group);
}

/** The catalogue entry of the field whose value is being typed. */
function valueField(tokens: readonly IToken[]): FieldSpec | undefined {
  const resource = resourceOf(tokens);
  const field = fieldBeforeValue(tokens);
  return resource && field ? fieldNamed(CATALOGUE[resource], field) : undefined;
}

function resourceOf(tokens: readonly IToken[]) {
  const first = tokens[0]?.tokenType === T.Export ? tokens[1] : tokens[0];
  return first && isResourceName(first.image) ? first.image : undefined;
}

/** The field a value being typed belongs to: the dotted name before the last operator or `in`. */
function fieldBeforeValue(tokens: readonly IToken[]): string | undefined {
  let i = tokens.length - 1;
  while (i >= 0 && !isOperatorLike(tokens[i]!.tokenType)) i--;
  if (i < 0) return undefined;
  let j = i - 1;
  if (tokens[j]?.tokenType === T.Not) j--;
  const parts: string[] = [];
  while (j >= 0) {
    parts.unshift(tokens[j]!.image);
    if (tokens[j - 1]?.tokenType !== T.Dot) break;
    parts.unshift('.');
    j -= 2;
  }
  return parts.join('') || undefined;
}

function isOperatorLike(t: TokenType): boolean {
  return t === T.In || t === T.Between || (t.CATEGORIES ?? []).includes(T.CompareOp);
}
