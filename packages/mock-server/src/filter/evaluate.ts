import type { FieldValue, ResourceTable } from '../store/resource-table.js';
import type { ComparisonOp, Condition, FilterValue } from './filter-types.js';

/** A compiled condition: whether the record at a position satisfies it. */
export type PositionMatcher = (pos: number) => boolean;

/**
 * Compares a record value with a filter value. Null (a missing value) satisfies no comparison,
 * not even `!=` (SQL semantics, as the wire contract states).
 *
 * @example compareValue(1200, '>', 1000) // true
 */
export function compareValue(actual: FieldValue, op: ComparisonOp, expected: FilterValue): boolean {
  if (actual === null) return false;
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    default: {
      const never: never = op;
      throw new TypeError(`unknown operator ${String(never)}`);
    }
  }
}

/**
 * Compiles a condition to a matcher over a table's positions, reading the field through the
 * table's accessor (no record is materialised).
 *
 * @example compileCondition(condition, orders)(0) // does order 0 match?
 */
export function compileCondition(condition: Condition, table: ResourceTable): PositionMatcher {
  const read = table.accessor(condition.field.name);
  if (read === undefined) {
    throw new TypeError(`${table.resource} has no accessor for ${condition.field.name}`);
  }
  switch (condition.kind) {
    case 'comparison': {
      const { op, value } = condition;
      return (pos) => compareValue(read(pos), op, value);
    }
    case 'in': {
      const values = new Set<FieldValue>(condition.values);
      return (pos) => {
        const v = read(pos);
        return v !== null && values.has(v);
      };
    }
    case 'isNull':
      return condition.negated ? (pos) => read(pos) !== null : (pos) => read(pos) === null;
    default: {
      const never: never = condition;
      throw new TypeError(`unknown condition ${JSON.stringify(never)}`);
    }
  }
}
