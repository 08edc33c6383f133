/**
 * How many pages one REST request may take before the client calls the server broken. Offset
 * paging ends at the first short page; a server that ignores `offset` or invents records never
 * sends one, so without a cap a run would page for ever.
 *
 * The cap follows from what the window can hold: a window of `d` seconds holds at most
 * `d × maxRecordsPerSecond` records, so it needs at most `ceil(d × maxRecordsPerSecond /
 * pageSize)` full pages and one more, short or empty, to end. The default rate (100 records a
 * second, 8.6 million a day, for one merchant and one resource) is far above any real Clover
 * merchant. A request without a bounded window (refunds, customers, items) has only the
 * absolute ceiling `maxPages` (default 10 000 pages, 10 million records at 1000 per page), which
 * also caps long windows.
 */
import type { TimeRange } from '@cloverql/dsl';
import { highest, lowest } from '../tripwire/time-bounds.js';

/** The bounds a run's options put on paging. */
export interface PagingBounds {
  readonly maxRecordsPerSecond: number;
  readonly maxPages: number;
}

/**
 * The most pages a request over `window` (inclusive ms bounds; none for an unwindowed request)
 * may take at `pageSize` records a page.
 *
 * @example maxPagesOf(inclusiveRange(0, 3_599_999), 1000, { maxRecordsPerSecond: 100, maxPages: 10_000 }) // 361
 */
export function maxPagesOf(
  window: TimeRange | undefined,
  pageSize: number,
  bounds: PagingBounds,
): number {
  const lo = window ? lowest(window) : Number.NEGATIVE_INFINITY;
  const hi = window ? highest(window) : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return bounds.maxPages;
  const seconds = Math.max(0, hi - lo + 1) / 1000;
  const records = Math.ceil(seconds * bounds.maxRecordsPerSecond);
  return Math.min(bounds.maxPages, Math.ceil(records / pageSize) + 1);
}
