/**
 * The normalised predicate: what a query's `where` means once dates are instants, money is cents
 * and enum values are canonical. Plain, span-free, serialisable JSON — the form a plan carries as
 * its `residual` and the form `evaluate` runs. Nodes are read-only and built by the factories.
 */

/** Comparison operators, in the spelling Clover's `filter=` uses. */
export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** A normalised value: time in UTC ms and money in cents are plain numbers. */
export type Scalar = string | number | boolean;

export interface AndPredicate {
  readonly kind: 'and';
  readonly operands: readonly Predicate[];
}
export interface OrPredicate {
  readonly kind: 'or';
  readonly operands: readonly Predicate[];
}
export interface NotPredicate {
  readonly kind: 'not';
  readonly operand: Predicate;
}
export interface ComparisonPredicate {
  readonly kind: 'comparison';
  readonly field: string;
  readonly op: CompareOp;
  readonly value: Scalar;
}
export interface InPredicate {
  readonly kind: 'in';
  readonly field: string;
  readonly values: readonly Scalar[];
  readonly negated: boolean;
}
export interface IsNullPredicate {
  readonly kind: 'isNull';
  readonly field: string;
  readonly negated: boolean;
}
export interface ConstantPredicate {
  readonly kind: 'constant';
  readonly value: boolean;
}

/** A normalised predicate over one record. */
export type Predicate =
  | AndPredicate
  | OrPredicate
  | NotPredicate
  | ComparisonPredicate
  | InPredicate
  | IsNullPredicate
  | ConstantPredicate;

/** Conjunction; flattens nested `and`s and drops `true`; one operand is returned as itself. */
export function and(operands: readonly Predicate[]): Predicate {
  const flat: Predicate[] = [];
  for (const p of operands) {
    if (p.kind === 'and') flat.push(...p.operands);
    else if (!(p.kind === 'constant' && p.value)) flat.push(p);
  }
  if (flat.some((p) => p.kind === 'constant' && !p.value)) return constant(false);
  if (flat.length === 0) return constant(true);
  return flat.length === 1
    ? flat[0]!
    : Object.freeze({ kind: 'and', operands: Object.freeze(flat) });
}

/** Disjunction; flattens nested `or`s and drops `false`; one operand is returned as itself. */
export function or(operands: readonly Predicate[]): Predicate {
  const flat: Predicate[] = [];
  for (const p of operands) {
    if (p.kind === 'or') flat.push(...p.operands);
    else if (!(p.kind === 'constant' && !p.value)) flat.push(p);
  }
  if (flat.some((p) => p.kind === 'constant' && p.value)) return constant(true);
  if (flat.length === 0) return constant(false);
  return flat.length === 1
    ? flat[0]!
    : Object.freeze({ kind: 'or', operands: Object.freeze(flat) });
}

export function not(operand: Predicate): Predicate {
  return Object.freeze({ kind: 'not', operand });
}

export function comparison(field: string, op: CompareOp, value: Scalar): ComparisonPredicate {
  return Object.freeze({ kind: 'comparison', field, op, value });
}

export function inList(field: string, values: readonly Scalar[], negated = false): InPredicate {
  return Object.freeze({ kind: 'in', field, values: Object.freeze([...values]), negated });
}

export function isNull(field: string, negated = false): IsNullPredicate {
  return Object.freeze({ kind: 'isNull', field, negated });
}

export function constant(value: boolean): ConstantPredicate {
  return Object.freeze({ kind: 'constant', value });
}

/** For exhaustive switches: a new node kind fails to compile until every pass handles it. */
export function assertNever(x: never): never {
  throw new TypeError(`unhandled node ${JSON.stringify(x)}`);
}
