/**
 * The normalised predicate: what a query's `where` means once dates are instants, money is cents
 * and enum values are canonical. Plain, span-free, serialisable JSON — the form a plan carries as
 * its `residual` and the form `evaluate` runs. Nodes are read-only and built by the factories.
 *
 * The factories do not freeze what they build: most predicates a compile makes never reach its
 * plan (the time bounds become windows), and each Object.freeze is a call into the runtime, about
 * 70 ns on Node 20. The planner freezes what a plan holds (freezePredicate), so plans stay
 * immutable to every caller.
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

/**
 * Conjunction; flattens nested `and`s and drops `true`; one operand is returned as itself. With
 * `adopt`, `operands` is a new array the caller hands over: it may become the node's own list
 * instead of a copy.
 */
export function and(operands: readonly Predicate[], adopt = false): Predicate {
  return junction('and', operands, adopt);
}

/** Disjunction; flattens nested `or`s and drops `false`; one operand is returned as itself. */
export function or(operands: readonly Predicate[], adopt = false): Predicate {
  return junction('or', operands, adopt);
}

/** Whether an operand is a nested `kind` to flatten or a constant to drop (a loop: no closure). */
export function mergesAny(kind: 'and' | 'or', operands: readonly Predicate[]): boolean {
  for (let i = 0; i < operands.length; i++) {
    const k = operands[i]!.kind;
    if (k === kind || k === 'constant') return true;
  }
  return false;
}

/**
 * `and` or `or`: the `unit` constant (true for `and`) is dropped and the other one absorbs. Index
 * loops, not `for…of` or spread: operands may be frozen arrays (a plan's are), and on Node 20
 * iterating a frozen array allocates an iterator result per element.
 */
function junction(kind: 'and' | 'or', operands: readonly Predicate[], adopt: boolean): Predicate {
  if (operands.length > 1 && !mergesAny(kind, operands)) {
    // Nothing to flatten or drop (the usual case): the list as it is, or one copy of it.
    return { kind, operands: adopt ? operands : operands.slice() };
  }
  const unit = kind === 'and';
  const flat: Predicate[] = [];
  let absorbed = false;
  for (let i = 0; i < operands.length; i++) {
    const p = operands[i]!;
    if (p.kind === kind) {
      const inner = p.operands;
      for (let j = 0; j < inner.length; j++) {
        const q = inner[j]!;
        if (q.kind === 'constant' && q.value !== unit) absorbed = true;
        flat.push(q);
      }
    } else if (p.kind === 'constant') {
      if (p.value !== unit) absorbed = true;
    } else {
      flat.push(p);
    }
  }
  if (absorbed) return constant(!unit);
  if (flat.length === 0) return constant(unit);
  return flat.length === 1 ? flat[0]! : { kind, operands: flat };
}

export function not(operand: Predicate): Predicate {
  return { kind: 'not', operand };
}

export function comparison(field: string, op: CompareOp, value: Scalar): ComparisonPredicate {
  return { kind: 'comparison', field, op, value };
}

export function inList(field: string, values: readonly Scalar[], negated = false): InPredicate {
  return { kind: 'in', field, values: values.slice(), negated };
}

export function isNull(field: string, negated = false): IsNullPredicate {
  return { kind: 'isNull', field, negated };
}

export function constant(value: boolean): ConstantPredicate {
  return { kind: 'constant', value };
}

/**
 * `p`, frozen all the way down (a subtree already frozen is left as it is): for predicates that
 * go into a plan. A walk by node kind, not by Object.values, which allocates a list per node.
 */
export function freezePredicate<P extends Predicate>(p: P): P {
  if (Object.isFrozen(p)) return p;
  switch (p.kind) {
    case 'and':
    case 'or':
      for (let i = 0; i < p.operands.length; i++) freezePredicate(p.operands[i]!);
      Object.freeze(p.operands);
      break;
    case 'not':
      freezePredicate(p.operand);
      break;
    case 'in':
      Object.freeze(p.values);
      break;
  }
  return Object.freeze(p);
}

/** For exhaustive switches: a new node kind fails to compile until every pass handles it. */
export function assertNever(x: never): never {
  throw new TypeError(`unhandled node ${JSON.stringify(x)}`);
}
