import { assertNever, type CompareOp, type Scalar } from './predicate.js';

/**
 * `v op want` for two non-null values of the same type: numbers by value, strings by UTF-16 code
 * units, booleans false < true. Null handling (three-valued logic) is the caller's.
 *
 * @example compareScalars(5, { op: '>', want: 3 }) // true
 */
export function compareScalars(v: Scalar, c: { op: CompareOp; want: Scalar }): boolean {
  const { op, want } = c;
  switch (op) {
    case '=':
      return v === want;
    case '!=':
      return v !== want;
    case '>':
      return v > want;
    case '>=':
      return v >= want;
    case '<':
      return v < want;
    case '<=':
      return v <= want;
    default:
      return assertNever(op);
  }
}
