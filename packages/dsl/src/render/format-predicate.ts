/**
 * Prints a predicate back in query syntax, with times as ISO datetimes and money as cents, so a
 * residual can be read (and pasted back into a query).
 */
import type { ResourceName } from '../catalogue/catalogue.js';
import { fieldSpec } from '../catalogue/lookup.js';
import { assertNever, type Predicate, type Scalar } from '../predicate/predicate.js';

/** `tender.label = 'Cash' and (amount > 1000 or result != 'SUCCESS')`. */
export function formatPredicate(
  p: Predicate,
  resource: ResourceName,
  opts: { readonly timeFields?: readonly string[] } = {},
): string {
  const extra = opts.timeFields ?? [];
  const isTime = (field: string) =>
    extra.includes(field) || fieldSpec(resource, field)?.type === 'time';
  return fmt(p, { isTime, parent: null });
}

function fmt(
  p: Predicate,
  ctx: { isTime: (field: string) => boolean; parent: 'and' | 'or' | 'not' | null },
): string {
  switch (p.kind) {
    case 'constant':
      return p.value ? 'true' : 'false';
    case 'and': {
      const s = p.operands.map((o) => fmt(o, { ...ctx, parent: 'and' })).join(' and ');
      return ctx.parent === 'not' ? `(${s})` : s;
    }
    case 'or': {
      const s = p.operands.map((o) => fmt(o, { ...ctx, parent: 'or' })).join(' or ');
      return ctx.parent === 'and' || ctx.parent === 'not' ? `(${s})` : s;
    }
    case 'not':
      return `not ${fmt(p.operand, { ...ctx, parent: 'not' })}`;
    case 'comparison':
      return `${p.field} ${p.op} ${value(p.value, ctx.isTime(p.field))}`;
    case 'in':
      return `${p.field} ${p.negated ? 'not in' : 'in'} (${p.values.map((v) => value(v, ctx.isTime(p.field))).join(', ')})`;
    case 'isNull':
      return `${p.field} is ${p.negated ? 'not ' : ''}null`;
    default:
      return assertNever(p);
  }
}

const ESCAPED: Readonly<Record<string, string>> = {
  "'": "''",
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
};

/**
 * A string literal that reads back as `s`: quotes doubled, backslashes escaped, and control
 * characters escaped so the text stays on one line.
 */
function quote(s: string): string {
  const body = s.replace(
    /['\\\p{Cc}]/gu,
    (c) => ESCAPED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `'${body}'`;
}

function value(v: Scalar, isTime: boolean): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' && isTime && Math.abs(v) <= 8.64e15) {
    return new Date(v).toISOString();
  }
  return String(v);
}
