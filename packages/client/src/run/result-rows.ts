/**
 * The last step of a run: records become the plan's result rows. A select list projects each
 * record as it comes; an aggregate folds every record into its group and yields the group rows
 * once the records end (group order and limit are the aggregator's; the plan's record-level
 * `orderBy`/`limit` are null for grouped plans). Plans with neither pass records through.
 */
import { createAggregator, type Plan, projectRecord, type Row } from '@cloverql/dsl';
import type { ClientRecord } from '../dedupe/record-gate.js';

/**
 * The result rows of a plan, from the records the run yields (already filtered, de-duplicated,
 * ordered and limited).
 *
 * @example for await (const row of resultRows(plan, records)) console.log(row['count()']);
 */
export async function* resultRows(
  plan: Plan,
  records: AsyncIterable<ClientRecord>,
): AsyncGenerator<ClientRecord | Row> {
  if (plan.aggregate) {
    const aggregator = createAggregator(plan);
    for await (const r of records) aggregator.add(r);
    yield* aggregator.result();
    return;
  }
  const select = plan.select;
  if (select) {
    for await (const r of records) yield projectRecord(select, r);
    return;
  }
  yield* records;
}
