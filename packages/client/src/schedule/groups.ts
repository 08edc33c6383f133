/**
 * Overlap groups: the plan's requests grouped so that requests of different groups cover
 * disjoint time ranges. A single stream gives one group per window; the orders' `state IS NULL`
 * twin stream pairs each window with its twin; overlapping `or` streams merge.
 *
 * Two facts rest on this: a record whose time field cannot change (createdTime,
 * clientCreatedTime) can only come back from requests of one group, so de-duplicating within a
 * group is enough; and reading groups in time order, sorting each, gives a sorted result.
 */
import type { Plan, TimeWindow } from '@cloverql/dsl';

/** A set of plan requests whose windows overlap, with the hull of their windows. */
export interface RequestGroup {
  /** Indices into `plan.requests`, in plan order. */
  readonly requests: readonly number[];
  readonly start: number;
  readonly end: number;
}

/**
 * The plan's requests in overlap groups, sorted by time (earliest first).
 *
 * @example groupRequests(plan).map((g) => g.requests) // [[0, 3], [1, 4], [2, 5]] for orders' twin streams
 */
export function groupRequests(plan: Plan): RequestGroup[] {
  const items = plan.requests
    .map((r, index) => ({ index, w: plan.windows[r.window]! }))
    .sort(
      (a, b) =>
        a.w.start - b.w.start ||
        Number(b.w.startInclusive) - Number(a.w.startInclusive) ||
        a.index - b.index,
    );
  const groups: { requests: number[]; start: number; end: TimeWindow }[] = [];
  for (const { index, w } of items) {
    const g = groups.at(-1);
    if (g && overlaps(g.end, w)) {
      g.requests.push(index);
      if (w.end > g.end.end || (w.end === g.end.end && w.endInclusive)) g.end = w;
    } else {
      groups.push({ requests: [index], start: w.start, end: w });
    }
  }
  return groups.map((g) => ({
    requests: g.requests.sort((a, b) => a - b),
    start: g.start,
    end: g.end.end,
  }));
}

/** Whether `w` starts before the window `last` (the group's latest-ending window) ends. */
function overlaps(last: TimeWindow, w: TimeWindow): boolean {
  return w.start < last.end || (w.start === last.end && w.startInclusive && last.endInclusive);
}
