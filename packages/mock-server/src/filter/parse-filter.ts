import { IN_LIST_MAX } from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';
import type { ComparisonOp, ListItem, RawFilter } from './filter-types.js';

const FIELD = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*/;
const IS_NULL = /^(.+?)\s*IS\s+(NOT\s+)?NULL\s*$/is;
const IN_LIST = /^\s+in\s*\((.*)\)\s*$/is;
/** Longest first, so `>=` is not read as `>` followed by `=...`. */
const OPERATORS: readonly ComparisonOp[] = ['>=', '<=', '!=', '=', '>', '<'];

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
    while (i < body.length && /\s/.test(body[i] as string)) i++;
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
 * Throws `BAD_FILTER_OPERATOR` (or `BAD_FILTER_VALUE` for an over-long in-list).
 *
 * @example parseFilter('total>1000') // { kind: 'comparison', field: 'total', op: '>', value: '1000', ... }
 */
export function parseFilter(source: string): RawFilter {
  const isNull = IS_NULL.exec(source);
  if (isNull) {
    const field = (isNull[1] as string).trim();
    if (FIELD.exec(field)?.[0] === field) {
      return { kind: 'isNull', field, negated: isNull[2] !== undefined, source };
    }
  }
  const name = FIELD.exec(source)?.[0];
  if (name === undefined) throw badSyntax(source, 'expected a field name');
  const rest = source.slice(name.length);
  const list = IN_LIST.exec(rest);
  if (list) return { kind: 'in', field: name, items: parseList(list[1] as string, source), source };
  const afterSpace = rest.replace(/^\s+/, '');
  const op = OPERATORS.find((o) => afterSpace.startsWith(o));
  if (op === undefined) {
    throw badSyntax(
      source,
      `expected one of ${OPERATORS.join(' ')} , in (...) or IS [NOT] NULL after ${name}`,
    );
  }
  return { kind: 'comparison', field: name, op, value: afterSpace.slice(op.length), source };
}
