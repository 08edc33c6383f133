import type { TimeRange } from '@cloverql/dsl';
import type { Condition } from '../filter/filter-types.js';
import type { PageRequest } from '../paging/paging.js';

/** What the `href` of a collection response echoes. */
export interface HrefInput {
  /** Absolute URL of the collection, without a query. */
  readonly collectionUrl: string;
  /** Filters other than time bounds, as sent. */
  readonly conditions: readonly Condition[];
  /** Effective (clamped) time ranges. */
  readonly ranges: ReadonlyMap<string, TimeRange>;
  /** Whether Clover's hidden `stateIS NOT NULL` applied. */
  readonly hiddenState: boolean;
  readonly orderBy: readonly string[];
  readonly expand: readonly string[];
  readonly page: PageRequest;
}

/** The text Clover writes for the implicit state filter on `GET /orders`. */
export const HIDDEN_STATE_FILTER = 'stateIS NOT NULL';

/**
 * The `href` of a collection response: the filters the server actually applied, then `orderBy`,
 * `expand`, `limit` (always) and `offset` (when sent), each value encoded as Clover does
 * (`filter=total%3E1000`). Time bounds are written as the effective bounds after the 90-day clamp,
 * one lower and one upper filter per bounded field (`createdTime>=L`, `createdTime<U`), so a
 * client can see what the server dropped.
 *
 * @example collectionHref(input) // 'http://127.0.0.1:8080/v3/merchants/M/orders?filter=...&limit=100'
 */
export function collectionHref(input: HrefInput): string {
  const params: [string, string][] = [];
  for (const c of input.conditions) params.push(['filter', c.source]);
  for (const [field, range] of input.ranges) {
    if (range.lower) {
      params.push(['filter', `${field}${range.lower.inclusive ? '>=' : '>'}${range.lower.value}`]);
    }
    if (range.upper) {
      params.push(['filter', `${field}${range.upper.inclusive ? '<=' : '<'}${range.upper.value}`]);
    }
  }
  if (input.hiddenState) params.push(['filter', HIDDEN_STATE_FILTER]);
  for (const o of input.orderBy) params.push(['orderBy', o]);
  for (const e of input.expand) params.push(['expand', e]);
  params.push(['limit', String(input.page.limit)]);
  if (input.page.offsetGiven) params.push(['offset', String(input.page.offset)]);
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${input.collectionUrl}?${query}`;
}
