/**
 * Negation and disjunctive normal forms. Every rewrite here is valid in three-valued logic:
 * `not (a = 1)` and `a != 1` are both unknown when `a` is null, De Morgan holds for Kleene's
 * `and`/`or`, and `not not p` is `p`.
 */
import {
  type AndPredicate,
  and,
  assertNever,
  type CompareOp,
  type ComparisonPredicate,
  comparison,
  constant,
  type InPredicate,
  type IsNullPredicate,
  inList,
  isNull,
  mergesAny,
  type OrPredicate,
  or,
  type Predicate,
} from './predicate.js';

/** A leaf of a normal form. */
export type Literal = ComparisonPredicate | InPredicate | IsNullPredicate;

const NEGATED: Readonly<Record<CompareOp, CompareOp>> = {
  '=': '!=',
  '!=': '=',
  '>': '<=',
  '>=': '<',
  '<': '>=',
  '<=': '>',
};

/**
 * Pushes every `not` down to the leaves, where it becomes the opposite operator. A subtree with
 * no `not` is already in this form and is returned as it is, not copied.
 */
export function toNnf(p: Predicate, negate = false): Predicate {
  switch (p.kind) {
    case 'and':
    case 'or': {
      // Index loops: operands may be frozen arrays (a plan's are), and on Node 20 iterating a
      // frozen array with `for…of` allocates an iterator result per element.
      const ops = p.operands;
      let changed: Predicate[] | null = null;
      for (let i = 0; i < ops.length; i++) {
        const o = toNnf(ops[i]!, negate);
        if (changed === null && o !== ops[i]) changed = ops.slice(0, i);
        if (changed !== null) changed.push(o);
      }
      if (changed === null && !negate && isFlat(p)) return p;
      const out = changed ?? ops;
      return (p.kind === 'and') !== negate ? and(out) : or(out);
    }
    case 'not':
      return toNnf(p.operand, !negate);
    case 'comparison':
      return negate ? comparison(p.field, NEGATED[p.op], p.value) : p;
    case 'in':
      return negate ? inList(p.field, p.values, !p.negated) : p;
    case 'isNull':
      return negate ? isNull(p.field, !p.negated) : p;
    case 'constant':
      return negate ? constant(!p.value) : p;
    default:
      return assertNever(p);
  }
}

/** Whether `and`/`or` would rebuild this node as it is: two operands or more, none to merge. */
function isFlat(p: AndPredicate | OrPredicate): boolean {
  return p.operands.length >= 2 && !mergesAny(p.kind, p.operands);
}

/**
 * The disjunctive normal form of an NNF predicate as a list of conjunctions of literals, or null
 * when it would have more than `maxTerms` conjunctions. `[]` is false; `[[]]` is true.
 */
export function toDnf(p: Predicate, maxTerms: number): Literal[][] | null {
  switch (p.kind) {
    case 'constant':
      return p.value ? [[]] : [];
    case 'comparison':
    case 'in':
    case 'isNull':
      return [[p]];
    case 'or': {
      const out: Literal[][] = [];
      for (let i = 0; i < p.operands.length; i++) {
        const d = toDnf(p.operands[i]!, maxTerms);
        if (d === null || out.length + d.length > maxTerms) return null;
        for (const conj of d) out.push(conj);
      }
      return out;
    }
    case 'and': {
      // A conjunction of literals (the usual `where`): one conjunction, built at its length.
      if (allLiterals(p.operands)) {
        const conj = new Array<Literal>(p.operands.length);
        for (let i = 0; i < conj.length; i++) conj[i] = p.operands[i] as Literal;
        return [conj];
      }
      let acc: Literal[][] = [[]];
      // Index loops over operands (maybe frozen: see `toNnf`).
      for (let i = 0; i < p.operands.length; i++) {
        const o = p.operands[i]!;
        if (o.kind === 'comparison' || o.kind === 'in' || o.kind === 'isNull') {
          // A literal joins every conjunction, without building its own `[[o]]` first.
          for (const left of acc) left.push(o);
          continue;
        }
        const d = toDnf(o, maxTerms);
        if (d === null || acc.length * d.length > maxTerms) return null;
        if (d.length === 1) {
          // Extend in place: copying every conjunction for each operand would make a long
          // `and` chain quadratic. Each array in `acc` is a fresh one this call owns.
          const [only] = d as [Literal[]];
          for (const left of acc) for (const l of only) left.push(l);
        } else {
          // Loops, not `flatMap`, which costs about a microsecond a call on Node 20.
          const next: Literal[][] = [];
          for (const left of acc) for (const right of d) next.push(left.concat(right));
          acc = next;
        }
      }
      return acc;
    }
    case 'not':
      throw new TypeError('toDnf needs a predicate in negation normal form');
    default:
      return assertNever(p);
  }
}

function allLiterals(ps: readonly Predicate[]): boolean {
  for (let i = 0; i < ps.length; i++) {
    const k = ps[i]!.kind;
    if (k !== 'comparison' && k !== 'in' && k !== 'isNull') return false;
  }
  return true;
}

/** The literals of a predicate that hold for every match: the top-level conjuncts. */
export function topLevelLiterals(p: Predicate): Literal[] {
  const out: Literal[] = [];
  pushTopLevel(p, out);
  return out;
}

// A loop into one array, not `flatMap`: on Node 20 `flatMap` over a small array costs about a
// microsecond, and the planner asks this several times per compile.
function pushTopLevel(p: Predicate, out: Literal[]): void {
  if (p.kind === 'and')
    for (let i = 0; i < p.operands.length; i++) pushTopLevel(p.operands[i]!, out);
  else if (p.kind === 'comparison' || p.kind === 'in' || p.kind === 'isNull') out.push(p);
}
