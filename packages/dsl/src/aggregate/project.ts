/**
 * Projection of records to rows, and the row contract of a plan: what properties each result row
 * has, so the client, the CLI and the REPL print the same columns.
 */
import { readPath } from '../catalogue/lookup.js';
import type { Plan, SelectSpec } from '../planner/plan-types.js';
import type { Row, RowValue } from './aggregator.js';

/**
 * The row of a record for a select list without aggregates: exactly the selected columns, keyed
 * by alias or by the field as written (`tender.label`); a missing value is null.
 *
 * @example projectRecord(plan.select!, { id: 'P1', amount: 1250, tender: { label: 'Cash' } })
 * // { id: 'P1', amount: 1250, 'tender.label': 'Cash' }
 */
export function projectRecord(spec: SelectSpec, record: unknown): Row {
  const row: Record<string, RowValue> = {};
  for (const c of spec.columns) {
    const v = readPath(record, c.path);
    row[c.name] =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  }
  return row;
}

/**
 * The property names of a plan's result rows, in order; null when rows are whole records.
 *
 * @example rowColumns(compile('payments group by day(createdTime) select count()')) // ['day(createdTime)', 'count()']
 */
export function rowColumns(plan: Plan): readonly string[] | null {
  if (plan.aggregate) return plan.aggregate.output.map((o) => o.name);
  if (plan.select) return plan.select.columns.map((c) => c.name);
  return null;
}
