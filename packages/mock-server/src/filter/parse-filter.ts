import { IN_LIST_MAX } from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';
import type { ComparisonOp, ListItem, RawFilter } from './filter-types.js';

const FIELD = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*/;
/** Longest first, so `>=` is not read as `>` followed by `=...`. */
const OPERATORS: readonly ComparisonOp[] = ['>=', '<=', '!=', '=', '>', '<'];

/**
 * The longest `filter=` value accepted, in characters after URL decoding. Clover's URLs are
 * limited anyway; the cap keeps one request's parse cost small and fixed.
 */
export const FILTER_LENGTH_MAX = 4096;

/** `\s` of a regex, with a fast path for ASCII. */
function isSpace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(ch);
}

/** Index just past the whitespace that starts at `i`. */
function skipSpaceForward(text: string, i: number): number {
  let j = i;
  while (isSpace(text[j])) j++;
  return j;
}

/** Index of the start of the whitespace that ends just before `end`. */
function skipSpaceBack(text: string, end: number): number {
  let j = end;
  while (j > 0 && isSpace(text[j - 1])) j--;
  return j;
}

/** Whether `text` at `start` reads `word` (upper-case ASCII), in any case of ASCII letters. */
function readsWord(text: string, start: number, word: string): boolean {
  const part = text.slice(start, start + word.length);
  return start >= 0 && /^[A-Za-z]*$/.test(part) && part.toUpperCase() === word;
}

/** Whether `text` has `word` (any ASCII case) ending just before `end`. */
function endsWithWord(text: string, end: number, word: string): boolean {
  return readsWord(text, end - word.length, word);
}

/**
 * `field IS [NOT] NULL` read from the end, so every character is looked at a bounded number of
 * times (a lazy regex over the whole value is quadratic on long runs of whitespace): `NULL`, then
 * whitespace, then `IS` (optionally `IS`, whitespace, `NOT`, whitespace), and before it the field,
 * trimmed.
 */
function readIsNull(source: string): RawFilter | null {
  let end = skipSpaceBack(source, source.length);
  if (!endsWithWord(source, end, 'NULL')) return null;
  end -= 4;
  const beforeNull = skipSpaceBack(source, end);
  if (beforeNull === end) return null;
  end = beforeNull;
  let negated = false;
  if (endsWithWord(source, end, 'NOT')) {
    const beforeNot = skipSpaceBack(source, end - 3);
    if (beforeNot === end - 3 || !endsWithWord(source, beforeNot, 'IS')) return null;
    negated = true;
    end = beforeNot;
  } else if (!endsWithWord(source, end, 'IS')) {
    return null;
  }
  end -= 2;
  const field = source.slice(0, end).trim();
  if (FIELD.exec(field)?.[0] !== field) return null;
  return { kind: 'isNull', field, negated, source };
}

/**
 * The inside of `field in ( ... )`, given the text after the field: whitespace, `in` (any case),
 * optional whitespace, `(`, and a `)` that is the last character but whitespace; else null.
 */
function inListBody(rest: string): string | null {
  const afterSpace = skipSpaceForward(rest, 0);
  if (afterSpace === 0 || !readsWord(rest, afterSpace, 'IN')) {
    return null;
  }
  const open = skipSpaceForward(rest, afterSpace + 2);
  const close = skipSpaceBack(rest, rest.length) - 1;
  if (rest[open] !== '(' || close <= open || rest[close] !== ')') return null;
  return rest.slice(open + 1, close);
}

/** Quotes text for an error message, shortened so a huge filter cannot make a huge body. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function badSyntax(source: string, why: string): MockError {
  return new MockError('BAD_FILTER_OPERATOR', `Invalid filter ${quote(source)}: ${why}`);
}

/** Splits the inside of `in ( ... )` into items: `'single quoted'` (`''` escapes) or bare. */
function parseList(body: string, source: string): ListItem[] {
  const items: ListItem[] = [];
  let i = 0;
  const skipSpace = () => {
    i = skipSpaceForward(body, i);
  };
  for (;;) {
    skipSpace();
    let item: ListItem;
    if (body[i] === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= body.length) throw badSyntax(source, 'unterminated quoted value');
        if (body[i] === "'") {
          if (body[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += body[i];
        i++;
      }
      item = { text, quoted: true };
    } else {
      const start = i;
      while (i < body.length && body[i] !== ',') i++;
      const text = body.slice(start, i).trim();
      if (text === '') throw badSyntax(source, 'empty value in list');
      item = { text, quoted: false };
    }
    items.push(item);
    if (items.length > IN_LIST_MAX) {
      throw new MockError(
        'BAD_FILTER_VALUE',
        `Invalid filter ${quote(source)}: an in-list takes at most ${IN_LIST_MAX} values`,
      );
    }
    skipSpace();
    if (i >= body.length) return items;
    if (body[i] !== ',') throw badSyntax(source, 'expected , between list values');
    i++;
  }
}

/**
 * Splits one `filter=` value into field, operator and value(s), per the wire contract
 * (docs/decisions/2026-11-23-wire-contract.md): `field op value` with the value verbatim,
 * `field in ('A','B')`, `field IS [NOT] NULL` (also `fieldIS NOT NULL`, as Clover writes it).
 * Throws `BAD_FILTER_OPERATOR` (or `BAD_FILTER_VALUE` for an over-long in-list or a value longer
 * than {@link FILTER_LENGTH_MAX}). Linear in the length of the value.
 *
 * @example parseFilter('total>1000') // { kind: 'comparison', field: 'total', op: '>', value: '1000', ... }
 */
export function parseFilter(source: string): RawFilter {
  if (source.length > FILTER_LENGTH_MAX) {
    throw new MockError(
      'BAD_FILTER_VALUE',
      `Invalid filter ${quote(source)}: longer than ${FILTER_LENGTH_MAX} characters`,
    );
  }
  const isNull = readIsNull(source);
  if (isNull) return isNull;
  const name = FIELD.exec(source)?.[0];
  if (name === undefined) throw badSyntax(source, 'expected a field name');
  const rest = source.slice(name.length);
  const list = inListBody(rest);
  if (list !== null) return { kind: 'in', field: name, items: parseList(list, source), source };
  const afterSpace = rest.slice(skipSpaceForward(rest, 0));
  const op = OPERATORS.find((o) => afterSpace.startsWith(o));
  if (op === undefined) {
    throw badSyntax(
      source,
      `expected one of ${OPERATORS.join(' ')} , in (...) or IS [NOT] NULL after ${name}`,
    );
  }
  return { kind: 'comparison', field: name, op, value: afterSpace.slice(op.length), source };
}
