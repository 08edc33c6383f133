/**
 * Finds conjunctions that no record can satisfy — `total > 5 and total < 3`, `state = 'open' and
 * state = 'locked'`, `note is null and note = 'x'` — so the plan can skip them and say why.
 * Conservative: it only answers true when unsatisfiability is certain.
 */
import { fieldNamed, type ResourceSpec } from '../catalogue/catalogue.js';
import type { Literal } from '../predicate/normal-forms.js';
import type { Scalar } from '../predicate/predicate.js';

interface FieldFacts {
  isNull?: boolean;
  isNotNull?: boolean;
  compared?: boolean;
  lo: number;
  loIncl: boolean;
  hi: number;
  hiIncl: boolean;
  /** Values the field must equal, and must not equal; null until a literal names one. */
  eq: Scalar[] | null;
  ne: Scalar[] | null;
}

/** Whether no record can satisfy every literal of the conjunction. */
export function isUnsatisfiable(conj: readonly Literal[], resource: ResourceSpec): boolean {
  const facts = new Map<string, FieldFacts>();
  const get = (field: string) => {
    let f = facts.get(field);
    if (!f) {
      f = {
        lo: Number.NEGATIVE_INFINITY,
        loIncl: false,
        hi: Number.POSITIVE_INFINITY,
        hiIncl: false,
        eq: null,
        ne: null,
      };
      facts.set(field, f);
    }
    return f;
  };
  for (const lit of conj) {
    const f = get(lit.field);
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
        if (typeof v === 'number') tighten(f, { lo: v, loIncl: true, hi: v, hiIncl: true });
        break;
      case '!=':
        if (f.ne === null) f.ne = [v];
        else f.ne.push(v);
        break;
      case '>':
      case '>=':
        if (typeof v === 'number') tighten(f, { lo: v, loIncl: lit.op === '>=' });
        break;
      case '<':
      case '<=':
        if (typeof v === 'number') tighten(f, { hi: v, hiIncl: lit.op === '<=' });
        break;
    }
  }
  for (const [field, f] of facts) {
    if (f.isNull && (f.isNotNull || f.compared)) return true;
    const { eq, ne } = f;
    if (eq !== null && eq.length > 1 && new Set(eq).size > 1) return true;
    if (eq !== null && ne !== null && eq.some((v) => ne.includes(v))) return true;
    const type = fieldNamed(resource, field)?.type;
    const integral = type === 'time' || type === 'money';
    if (emptyInterval(f, integral)) return true;
  }
  return false;
}

function tighten(
  f: FieldFacts,
  b: { lo?: number; loIncl?: boolean; hi?: number; hiIncl?: boolean },
): void {
  if (b.lo !== undefined && (b.lo > f.lo || (b.lo === f.lo && !b.loIncl))) {
    f.lo = b.lo;
    f.loIncl = b.loIncl ?? false;
  }
  if (b.hi !== undefined && (b.hi < f.hi || (b.hi === f.hi && !b.hiIncl))) {
    f.hi = b.hi;
    f.hiIncl = b.hiIncl ?? false;
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
