/**
 * Proves two requests of a plan can never return the same record, from their `filter=` values
 * alone: one says `f IS NULL` and the other excludes a null `f` (any other filter naming `f`, as
 * SQL logic makes comparisons with null false, or, for the field Clover hides when null — orders'
 * `state` — not naming `f` at all). The orders' `state IS NULL` twin of every stream is disjoint
 * from it this way, so twins need no shared id set.
 */
import type { PlanRequest, ResourceSpec } from '@cloverql/dsl';

const fieldOf = (filter: string) => /^[A-Za-z0-9_.]+/.exec(filter)?.[0] ?? '';
const isNullFilter = (filter: string) => /^[A-Za-z0-9_.]+\s*IS\s+NULL$/i.test(filter.trim());

function filters(r: PlanRequest): string[] {
  return r.query.filter(([k]) => k === 'filter').map(([, v]) => v);
}

/** Whether request `r` only returns records whose `field` is not null. */
function excludesNull(r: PlanRequest, field: string, resource: ResourceSpec): boolean {
  const named = filters(r).filter((f) => fieldOf(f) === field);
  if (named.some((f) => !isNullFilter(f))) return true;
  return field === resource.hiddenUnlessFiltered && r.method === 'GET' && named.length === 0;
}

/** Whether no record can come back from both requests. */
export function provablyDisjoint(a: PlanRequest, b: PlanRequest, resource: ResourceSpec): boolean {
  const nulls = (r: PlanRequest) => filters(r).filter(isNullFilter).map(fieldOf);
  return (
    nulls(a).some((f) => excludesNull(b, f, resource)) ||
    nulls(b).some((f) => excludesNull(a, f, resource))
  );
}

/** Whether every pair of the given requests is provably disjoint. */
export function pairwiseDisjoint(
  requests: readonly PlanRequest[],
  resource: ResourceSpec,
): boolean {
  for (let i = 0; i < requests.length; i++) {
    for (let j = i + 1; j < requests.length; j++) {
      if (!provablyDisjoint(requests[i]!, requests[j]!, resource)) return false;
    }
  }
  return true;
}
