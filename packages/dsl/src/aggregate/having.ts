/**
 * `having` and `order by` on groups: a plan's having predicate names group keys and aggregates by
 * their keys (`sum(amount)`, `tender.label`), evaluated with the same three-valued logic as
 * `where` (a comparison with null is unknown, and only `true` keeps a group).
 */
import { compareScalars } from '../predicate/compare.js';
import type { Truth } from '../predicate/evaluate.js';
import { assertNever, type Predicate } from '../predicate/predicate.js';
import type { RowValue } from './aggregator.js';

/** A compiled having condition over a group's values by key. */
export type GroupMatcher = (values: ReadonlyMap<string, RowValue>) => Truth;

/** Compiles a having predicate; compile once, call per group. */
export function compileHaving(p: Predicate): GroupMatcher {
  switch (p.kind) {
    case 'constant': {
      const v = p.value;
      return () => v;
    }
    case 'and':
    case 'or': {
      const ms = p.operands.map(compileHaving);
      const stop = p.kind === 'or';
      return (g) => {
        let unknown = false;
        for (const m of ms) {
          const v = m(g);
          if (v === stop) return stop;
          if (v === null) unknown = true;
        }
        return unknown ? null : !stop;
      };
    }
    case 'not': {
      const m = compileHaving(p.operand);
      return (g) => {
        const v = m(g);
        return v === null ? null : !v;
      };
    }
    case 'isNull': {
      const { field, negated } = p;
      return (g) => ((g.get(field) ?? null) === null) !== negated;
    }
    case 'comparison': {
      const { field, op, value } = p;
      return (g) => {
        const v = g.get(field) ?? null;
        if (v === null) return null;
        // An exact money sum beyond 2^53 cents is a decimal string; compare it as a number.
        const x = typeof v === 'string' && typeof value === 'number' ? Number(v) : v;
        if (typeof x !== typeof value) return null;
        return compareScalars(x, { op, want: value });
      };
    }
    case 'in': {
      const { field, negated } = p;
      const set = new Set(p.values);
      return (g) => {
        const v = g.get(field) ?? null;
        return v === null ? null : set.has(v) !== negated;
      };
    }
    default:
      return assertNever(p);
  }
}

const TYPE_RANK: Readonly<Record<string, number>> = { number: 0, string: 1, boolean: 2 };

/**
 * Orders two row values: numbers by value, strings by UTF-16 code units, false before true,
 * values of different types number < string < boolean; null sorts last in both directions.
 */
export function compareRowValues(
  a: RowValue,
  b: RowValue,
  opts: { readonly descending: boolean },
): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  let c: number;
  if (typeof a !== typeof b) c = TYPE_RANK[typeof a]! - TYPE_RANK[typeof b]!;
  else c = a < b ? -1 : a > b ? 1 : 0;
  return opts.descending ? -c : c;
}
