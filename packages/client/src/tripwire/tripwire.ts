/**
 * The truncation tripwire (docs/reliability.md): checks that turn a silently short answer into a loud
 * failure. Each check is a pure function that returns what is wrong, or null; the runners turn
 * a finding into `ClientError('TRUNCATED')` with the window and request.
 */
import { EXPORT_FILE_OBJECTS, type ServerFilter, type TimeRange } from '@cloverql/dsl';
import { formatBounds, highest, lowest, parseEchoedFilter, timeBounds } from './time-bounds.js';

/**
 * How far below the client's "now" a server may lower an upper bound that lies in the future
 * without it counting as a clamp: Clover replaces a future upper bound with its own current time
 * (the Clover docs page "Apply filters to API requests"), and the two clocks may disagree a little. Nothing can exist after the server's
 * now, so that change drops nothing.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

const UNBOUNDED: TimeRange = { lower: null, upper: null };

/** Whether `ms` lies in the range (NaN never does). */
function inside(ms: number, r: TimeRange): boolean {
  return ms >= lowest(r) && ms <= highest(r);
}

/**
 * (a) Compares the time bounds the server echoes in `href` with the ones the request sent. Only
 * fields the `href` mentions are compared: a server that does not echo a filter says nothing
 * about it. Any other difference means the server applied a narrower range (its 90-day clamp)
 * and dropped records.
 *
 * @example checkHref({ sent: request.filters, href: 'https://x/v3/merchants/M/payments?filter=createdTime%3E%3D5&filter=createdTime%3C10', timeFields: new Set(['createdTime']), now: 100 })
 * // 'the server applied createdTime in [...] but the request asked for [...]'
 */
export function checkHref(input: {
  /** The request's structured filters (`RestRequest.filters`). */
  readonly sent: readonly ServerFilter[];
  readonly href: unknown;
  readonly timeFields: ReadonlySet<string>;
  /** The client's clock at the request, for the future-upper-bound rule. */
  readonly now: number;
}): string | null {
  if (typeof input.href !== 'string' || input.href === '') return null;
  let echoed: ServerFilter[];
  try {
    echoed = new URL(input.href, 'http://href.invalid').searchParams
      .getAll('filter')
      .flatMap((f) => parseEchoedFilter(f) ?? []);
  } catch {
    return null;
  }
  const sent = timeBounds(input.sent, input.timeFields);
  const applied = timeBounds(echoed, input.timeFields);
  for (const [field, got] of applied) {
    const want = sent.get(field) ?? UNBOUNDED;
    const sameStart = lowest(got) === lowest(want);
    if (sameStart && highest(got) === highest(want)) continue;
    const futureClamped =
      sameStart && highest(got) < highest(want) && highest(got) >= input.now - CLOCK_SKEW_MS;
    if (futureClamped) continue;
    return `the server applied ${field} in ${formatBounds(got)} but the request asked for ${formatBounds(want)}: it clamped the range, so records are missing`;
  }
  return null;
}

/**
 * (b) A record whose time lies outside the bounds its request sent (only the bounds it sent:
 * an unwindowed request checks nothing). Non-numeric values are {@link checkRecordTimePresent}'s.
 */
export function checkRecordTime(
  value: unknown,
  at: { readonly field: string; readonly bounds: TimeRange | undefined },
): string | null {
  const { field, bounds } = at;
  if (!bounds || typeof value !== 'number') return null;
  if (inside(value, bounds)) return null;
  return `a record has ${field} ${new Date(value).toISOString()} outside the requested ${formatBounds(bounds)}: the server did not answer the range that was asked`;
}

/**
 * (b') A record of a windowed request whose time field (the one the window filters on) is
 * missing, null or not a finite number: nothing shows it belongs to the window, so passing it
 * would let a record from outside the window through unchecked. The runner reports it as
 * `PROTOCOL` rather than `TRUNCATED`: it is a malformed answer, not evidence of dropped records;
 * like a truncation it is not retried (the server would send the same record again).
 *
 * @example checkRecordTimePresent(null, { field: 'createdTime', bounds: inclusiveRange(0, 9) })
 * // 'a record has no createdTime (null) ...'
 */
export function checkRecordTimePresent(
  value: unknown,
  at: { readonly field: string; readonly bounds: TimeRange | undefined },
): string | null {
  if (!at.bounds || (typeof value === 'number' && Number.isFinite(value))) return null;
  const got = value === undefined ? 'missing' : JSON.stringify(value).slice(0, 40);
  return `a record has no numeric ${at.field} (${got}) although the request filtered on it: it cannot be shown to lie inside the requested ${formatBounds(at.bounds)}`;
}

/** (c) A page with more elements than the page size asked for. */
export function checkPageSize(count: number, pageSize: number): string | null {
  return count > pageSize
    ? `a page holds ${count} records but the page size is ${pageSize}: paging would skip or repeat records`
    : null;
}

/**
 * (d) An export file's object count: every file but the last holds exactly
 * `EXPORT_FILE_OBJECTS`, the last at most that many.
 */
export function checkExportFileCount(at: {
  readonly index: number;
  readonly files: number;
  readonly count: number;
}): string | null {
  const { index, files, count } = at;
  const last = index === files - 1;
  if (last ? count <= EXPORT_FILE_OBJECTS : count === EXPORT_FILE_OBJECTS) return null;
  return `export file ${index + 1} of ${files} holds ${count} objects, but ${last ? 'the last file holds at most' : 'every file before the last holds'} ${EXPORT_FILE_OBJECTS}: the export is incomplete`;
}

/**
 * (d) An export object outside the export's inclusive `[startTime, endTime]` on `createdTime`.
 * Like (b), a non-numeric value is not evidence either way.
 */
export function checkExportObjectTime(value: unknown, range: TimeRange): string | null {
  if (typeof value !== 'number' || inside(value, range)) return null;
  return `an export object has createdTime ${new Date(value).toISOString()} outside the export's ${formatBounds(range)}: the export did not answer the range that was asked`;
}
