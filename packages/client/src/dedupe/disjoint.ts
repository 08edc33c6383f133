/**
 * Proves two requests of a plan can never return the same record, from their server-side filters
 * alone: one says `f IS NULL` and the other excludes a null `f` (any other filter naming `f`, as
 * SQL logic makes comparisons with null false, or, for the field Clover hides when null — orders'
 * `state` — not naming `f` at all). The orders' `state IS NULL` twin of every stream is disjoint
 * from it this way, so twins need no shared id set.
 */
import type { PlanRequestV2, ResourceSpec, ServerFilter } from '@cloverql/dsl';

const isNullFilter = (f: ServerFilter) => f.kind === 'isNull' && !f.negated;

/** The server-side filters of a request (an export sends none beyond its time range). */
function filters(r: PlanRequestV2): readonly ServerFilter[] {
  return r.kind === 'rest' ? r.filters : [];
}

/** Whether request `r` only returns records whose `field` is not null. */
function excludesNull(r: PlanRequestV2, field: string, resource: ResourceSpec): boolean {
  const named = filters(r).filter((f) => f.field === field);
  if (named.some((f) => !isNullFilter(f))) return true;
  return field === resource.hiddenUnlessFiltered && r.kind === 'rest' && named.length === 0;
}

/** Whether no record can come back from both requests. */
export function provablyDisjoint(
  a: PlanRequestV2,
  b: PlanRequestV2,
  resource: ResourceSpec,
): boolean {
  const nulls = (r: PlanRequestV2) =>
    filters(r)
      .filter(isNullFilter)
      .map((f) => f.field);
  return (
    nulls(a).some((f) => excludesNull(b, f, resource)) ||
    nulls(b).some((f) => excludesNull(a, f, resource))
  );
}

/** Whether every pair of the given requests is provably disjoint. */
export function pairwiseDisjoint(
  requests: readonly PlanRequestV2[],
  resource: ResourceSpec,
): boolean {
  for (let i = 0; i < requests.length; i++) {
    for (let j = i + 1; j < requests.length; j++) {
      if (!provablyDisjoint(requests[i]!, requests[j]!, resource)) return false;
    }
  }
  return true;
}
