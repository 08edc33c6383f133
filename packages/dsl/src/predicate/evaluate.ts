/**
 * Evaluates a predicate on a record with SQL's three-valued logic: a comparison with a null or
 * missing field is unknown (`null`), `not unknown` is unknown, and a record matches only when the
 * whole predicate is `true`. This is what Clover's filters do (`payType!=FULL` does not return
 * orders without a payType) and what makes `Q and p`, `Q and not p`, `Q and p's field is null`
 * partition `Q`.
 */
import type { ResourceName } from '../catalogue/catalogue.js';
import { fieldSpec, readPath } from '../catalogue/lookup.js';
import { compareScalars } from './compare.js';
import { assertNever, type Predicate, type Scalar } from './predicate.js';

/** `true`, `false` or unknown (`null`). */
export type Truth = boolean | null;

/** A compiled predicate: call it on each record. */
export type Matcher = (record: unknown) => Truth;

/**
 * Compiles a predicate into a function over records of `resource`; compile once, call per record.
 *
 * @example
 * const m = compileMatcher(plan.residual, plan.resource);
 * records.filter((r) => m(r) === true);
 */
export function compileMatcher(p: Predicate, resource: ResourceName): Matcher {
  switch (p.kind) {
    case 'constant': {
      const v = p.value;
      return () => v;
    }
    case 'and': {
      const ms = p.operands.map((o) => compileMatcher(o, resource));
      return (r) => {
        let unknown = false;
        for (const m of ms) {
          const v = m(r);
          if (v === false) return false;
          if (v === null) unknown = true;
        }
        return unknown ? null : true;
      };
    }
    case 'or': {
      const ms = p.operands.map((o) => compileMatcher(o, resource));
      return (r) => {
        let unknown = false;
        for (const m of ms) {
          const v = m(r);
          if (v === true) return true;
          if (v === null) unknown = true;
        }
        return unknown ? null : false;
      };
    }
    case 'not': {
      const m = compileMatcher(p.operand, resource);
      return (r) => {
        const v = m(r);
        return v === null ? null : !v;
      };
    }
    case 'isNull': {
      const get = getter(resource, p.field);
      const negated = p.negated;
      return (r) => (get(r) === null) !== negated;
    }
    case 'comparison': {
      const get = getter(resource, p.field);
      const fold = foldCase(resource, p.field);
      const want = fold(p.value);
      const op = p.op;
      return (r) => {
        const v = get(r);
        if (v === null || typeof v !== typeof want) return null;
        return compareScalars(fold(v), { op, want });
      };
    }
    case 'in': {
      const get = getter(resource, p.field);
      const fold = foldCase(resource, p.field);
      const set = new Set(p.values.map(fold));
      const negated = p.negated;
      // The checker gives every value of a list the field's type; a record value of another type
      // is unknown, exactly as it is for a comparison.
      const type = p.values.length > 0 ? typeof p.values[0] : undefined;
      return (r) => {
        const v = get(r);
        if (v === null || (type !== undefined && typeof v !== type)) return null;
        return set.has(fold(v)) !== negated;
      };
    }
    default:
      return assertNever(p);
  }
}

/** Evaluates `p` on one record (compiles it each call; prefer `compileMatcher` in loops). */
export function evaluate(p: Predicate, record: unknown, resource: ResourceName): Truth {
  return compileMatcher(p, resource)(record);
}

function getter(resource: ResourceName, field: string): (r: unknown) => Scalar | null {
  const path = fieldSpec(resource, field)?.path ?? field;
  return (r) => {
    const v = readPath(r, path);
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  };
}

/** Enum values compare case-insensitively, as Clover's filters do (`state=paid` matches PAID). */
function foldCase(resource: ResourceName, field: string): (v: Scalar) => Scalar {
  return fieldSpec(resource, field)?.type === 'enum'
    ? (v) => (typeof v === 'string' ? v.toUpperCase() : v)
    : (v) => v;
}
