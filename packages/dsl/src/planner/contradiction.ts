/**
 * Finds conjunctions that no record can satisfy — `total > 5 and total < 3`, `state = 'open' and
 * state = 'locked'`, `note is null and note = 'x'` — so the plan can skip them and say why.
 * Conservative: it only answers true when unsatisfiability is certain.
 */
import { fieldNamed, type ResourceSpec } from '../catalogue/catalogue.js';
import type { Literal } from '../predicate/normal-forms.js';
import type { Scalar } from '../predicate/predicate.js';

interface FieldFacts {
  readonly field: string;
  isNull: boolean;
  isNotNull: boolean;
  compared: boolean;
  lo: number;
  loIncl: boolean;
  hi: number;
  hiIncl: boolean;
  /** Values the field must equal, and must not equal; null until a literal names one. */
  eq: Scalar[] | null;
  ne: Scalar[] | null;
}

/**
 * Whether no record can satisfy every literal of the conjunction. The facts are kept in a list
 * scanned by field name, not a Map: a conjunction names a few fields, and at most as many as its
 * resource has, so the scan is short and allocates nothing.
 */
export function isUnsatisfiable(conj: readonly Literal[], resource: ResourceSpec): boolean {
  // At most one per literal, so sized up front (an empty array grows to 16 slots on its first
  // push); the first `count` are filled.
  const facts = new Array<FieldFacts>(conj.length);
  let count = 0;
  const short = conj.length <= SHORT;
  for (let i = 0; i < conj.length; i++) {
    const lit = conj[i]!;
    // Alone, a literal is unsatisfiable only as an empty `in` or as `=` a fraction on a whole
    // field: in a short conjunction (the usual case) facts are kept only for fields named twice
    // and those, so most queries allocate none.
    if (short && !fractionEquals(lit) && !namedElsewhere(conj, i)) {
      if (lit.kind === 'in' && !lit.negated && lit.values.length === 0) return true;
      continue;
    }
    let f = factsFor(facts, count, lit.field);
    if (f === undefined) {
      f = newFacts(lit.field);
      facts[count++] = f;
    }
    if (lit.kind === 'isNull') {
      if (lit.negated) f.isNotNull = true;
      else f.isNull = true;
      continue;
    }
    f.compared = true;
    if (lit.kind === 'in') {
      if (!lit.negated && lit.values.length === 0) return true;
      continue;
    }
    const v = lit.value;
    switch (lit.op) {
      case '=':
        if (f.eq === null) f.eq = [v];
        else f.eq.push(v);
        if (typeof v === 'number') {
          tightenLower(f, v, true);
          tightenUpper(f, v, true);
        }
        break;
      case '!=':
        if (f.ne === null) f.ne = [v];
        else f.ne.push(v);
        break;
      case '>':
      case '>=':
        if (typeof v === 'number') tightenLower(f, v, lit.op === '>=');
        break;
      case '<':
      case '<=':
        if (typeof v === 'number') tightenUpper(f, v, lit.op === '<=');
        break;
    }
  }
  for (let i = 0; i < count; i++) {
    const f = facts[i]!;
    if (f.isNull && (f.isNotNull || f.compared)) return true;
    const { eq, ne } = f;
    if (eq !== null) {
      if (eq.some((v) => v !== eq[0])) return true;
      if (ne !== null && eq.some((v) => ne.includes(v))) return true;
    }
    const type = fieldNamed(resource, f.field)?.type;
    const integral = type === 'time' || type === 'money';
    if (emptyInterval(f, integral)) return true;
  }
  return false;
}

/** Up to this many literals, finding a field's other literals by a scan is cheap (n² compares). */
const SHORT = 32;

/** `field = 2.5`: unsatisfiable alone when the field holds whole numbers (time, money). */
function fractionEquals(lit: Literal): boolean {
  return (
    lit.kind === 'comparison' &&
    lit.op === '=' &&
    typeof lit.value === 'number' &&
    !Number.isInteger(lit.value)
  );
}

/** Whether a literal other than `conj[i]` names `conj[i]`'s field. */
function namedElsewhere(conj: readonly Literal[], i: number): boolean {
  const field = conj[i]!.field;
  for (let j = 0; j < conj.length; j++) if (j !== i && conj[j]!.field === field) return true;
  return false;
}

/** The facts about `field` among the first `count`, if any. */
function factsFor(
  facts: readonly FieldFacts[],
  count: number,
  field: string,
): FieldFacts | undefined {
  for (let i = 0; i < count; i++) if (facts[i]!.field === field) return facts[i];
  return undefined;
}

/** No facts yet about `field`. */
function newFacts(field: string): FieldFacts {
  return {
    field,
    isNull: false,
    isNotNull: false,
    compared: false,
    lo: Number.NEGATIVE_INFINITY,
    loIncl: false,
    hi: Number.POSITIVE_INFINITY,
    hiIncl: false,
    eq: null,
    ne: null,
  };
}

function tightenLower(f: FieldFacts, lo: number, incl: boolean): void {
  if (lo > f.lo || (lo === f.lo && !incl)) {
    f.lo = lo;
    f.loIncl = incl;
  }
}

function tightenUpper(f: FieldFacts, hi: number, incl: boolean): void {
  if (hi < f.hi || (hi === f.hi && !incl)) {
    f.hi = hi;
    f.hiIncl = incl;
  }
}

function emptyInterval(f: FieldFacts, integral: boolean): boolean {
  if (!Number.isFinite(f.lo) || !Number.isFinite(f.hi)) return false;
  if (integral) {
    const lo = f.loIncl ? Math.ceil(f.lo) : Math.floor(f.lo) + 1;
    const hi = f.hiIncl ? Math.floor(f.hi) : Math.ceil(f.hi) - 1;
    return lo > hi;
  }
  return f.lo > f.hi || (f.lo === f.hi && !(f.loIncl && f.hiIncl));
}
