/**
 * Whether a plan request is limited to its window: read from the request's structure, never from
 * its rendered `filter=` strings.
 */
import type { PlanRequestV2 } from './plan-types.js';

/**
 * Whether `request` sends time bounds on `timeField`: every export does (its `startTime` and
 * `endTime`); a REST request does unless it belongs to an unwindowed stream (a resource Clover
 * does not clamp, queried without a time condition).
 *
 * @example isTimeFiltered(plan.requests[0]!, plan.timeField) // false for `refunds where amount > 1`
 */
export function isTimeFiltered(request: PlanRequestV2, timeField: string): boolean {
  return (
    request.kind === 'export' ||
    request.filters.some((f) => f.kind === 'comparison' && f.field === timeField)
  );
}
