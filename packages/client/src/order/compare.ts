/**
 * The order of `order by`: values compare by type (numbers numerically, strings by code unit,
 * booleans false first); records without a value (null, missing or not a scalar) come last in
 * both directions; ties are broken by `id` in the same direction, so the order is total and
 * does not depend on the order the server sent.
 */
import { fieldPath, type Plan, readPath } from '@cloverql/dsl';
import type { ClientRecord } from '../dedupe/record-gate.js';

type Scalar = number | string | boolean;

const TYPE_RANK: Readonly<Record<string, number>> = { number: 0, string: 1, boolean: 2 };

function scalar(v: unknown): Scalar | null {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
}

function compareScalars(a: Scalar, b: Scalar): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return TYPE_RANK[ta]! - TYPE_RANK[tb]!;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A comparator for `plan.orderBy` over records of `plan.resource`.
 *
 * @example records.sort(recordComparator({ resource: 'payments', field: 'amount', direction: 'desc' }))
 */
export function recordComparator(order: {
  readonly resource: Plan['resource'];
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}): (a: ClientRecord, b: ClientRecord) => number {
  const path = fieldPath(order.resource, order.field);
  const sign = order.direction === 'desc' ? -1 : 1;
  return (a, b) => {
    const va = scalar(readPath(a, path));
    const vb = scalar(readPath(b, path));
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const c = compareScalars(va, vb);
      if (c !== 0) return sign * c;
    }
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}
