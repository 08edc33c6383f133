/**
 * Rendering: each window of each stream becomes one request, structured (filters, order, page
 * size, export body) and rendered (`method`, `path`, `query`) for curl and explain.
 *
 * Requests are frozen as they are built, and the parts every request of a plan (or of a stream)
 * has in common are built and frozen once and shared: freezing a finished plan by walking it cost
 * three quarters of compiling a long query on Node 20.
 */
import type { ResourceSpec } from '../catalogue/catalogue.js';
import { comparison } from '../predicate/predicate.js';
import type { PlanContext, Stream } from './plan-context.js';
import type {
  ExportRequest,
  PlanRequestV2,
  RestRequest,
  ServerFilter,
  TimeWindow,
} from './plan-types.js';
import { windowsOf } from './resolve-ranges.js';

type Pair = readonly [string, string];

/** What every REST request of one stream has in common. */
interface StreamShape {
  readonly path: string;
  readonly timeField: string;
  readonly stream: number;
  /** No time filter: the window's bounds are not sent. */
  readonly unwindowed: boolean;
  readonly filters: readonly ServerFilter[];
  /** The `filter` pairs of `filters`, then `orderBy` (if any) and `limit`. */
  readonly tail: readonly Pair[];
  readonly orderBy: RestRequest['orderBy'];
  readonly pageLimit: number;
}

/**
 * The frozen parts of a REST request that depend on its window alone: the two time comparisons
 * and their `filter` pairs. Streams of one plan usually share their windows (`or` branches over
 * one range, hidden-record twins), so these are built once per distinct window, not per request.
 */
interface WindowParts {
  readonly window: TimeWindow;
  /** Null for a request sent without time filters (an export, an unwindowed stream). */
  readonly time: {
    readonly lower: ServerFilter;
    readonly upper: ServerFilter;
    readonly lowerPair: Pair;
    readonly upperPair: Pair;
  } | null;
}

/** The windows of the plan (in request order) and one request per window. */
export interface Rendered {
  readonly windows: TimeWindow[];
  readonly requests: PlanRequestV2[];
}

/** Renders every stream's windows as requests, `pageLimit` records per page for REST. */
export function renderRequests(
  streams: readonly Stream[],
  ctx: PlanContext,
  pageLimit: number,
): Rendered {
  const { q, timeField } = ctx;
  const windows: TimeWindow[] = [];
  const requests: PlanRequestV2[] = [];
  const exportType = q.isExport ? exportTypeOf(q.resource) : null;
  const orderBy =
    q.orderBy && q.orderBy.field === timeField
      ? Object.freeze({ field: timeField, direction: q.orderBy.direction })
      : null;
  const common: Pair[] = [];
  if (orderBy) common.push(pair('orderBy', `${timeField} ${orderBy.direction.toUpperCase()}`));
  common.push(pair('limit', String(pageLimit)));
  // The previous stream's windows, in order: a stream over the same range reuses them.
  let previous: WindowParts[] = [];
  streams.forEach((s, stream) => {
    const shape: StreamShape = {
      path: `/v3/merchants/{mId}/${q.resource.segment}`,
      timeField,
      stream,
      unwindowed: s.unwindowed === true,
      filters: Object.freeze(s.filters.map((f) => f.literal)),
      tail: Object.freeze([...s.filters.map((f) => pair('filter', f.text)), ...common]),
      orderBy,
      pageLimit,
    };
    const current: WindowParts[] = [];
    for (const w of windowsOf(s, ctx)) {
      const window = windows.length;
      const i = current.length;
      const prev = previous[i];
      const timed = exportType === null && !shape.unwindowed;
      const parts =
        prev && sameWindow(prev.window, w) && (prev.time !== null || !timed)
          ? prev
          : windowParts(Object.freeze(w), timed ? timeField : null);
      current.push(parts);
      windows.push(parts.window);
      requests.push(
        exportType === null
          ? restRequest(shape, parts, window)
          : exportRequest({ type: exportType, stream }, parts.window, window),
      );
    }
    previous = current;
  });
  return { windows, requests };
}

function exportTypeOf(resource: ResourceSpec): ExportRequest['type'] {
  const type = resource.exportType;
  if (type === null) throw new TypeError(`plan: ${resource.name} cannot be exported`);
  return type;
}

function pair(name: string, value: string): Pair {
  return Object.freeze([name, value] as const);
}

function sameWindow(a: TimeWindow, b: TimeWindow): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.startInclusive === b.startInclusive &&
    a.endInclusive === b.endInclusive
  );
}

/** A (frozen) window and, given the field to filter on, its time filters. */
function windowParts(w: TimeWindow, timeField: string | null): WindowParts {
  if (timeField === null) return { window: w, time: null };
  const lower = comparison(timeField, w.startInclusive ? '>=' : '>', w.start);
  const upper = comparison(timeField, w.endInclusive ? '<=' : '<', w.end);
  return {
    window: w,
    time: {
      lower,
      upper,
      lowerPair: pair('filter', `${timeField}${lower.op}${w.start}`),
      upperPair: pair('filter', `${timeField}${upper.op}${w.end}`),
    },
  };
}

function restRequest(shape: StreamShape, parts: WindowParts, window: number): RestRequest {
  let filters = shape.filters;
  let query = shape.tail;
  const { time } = parts;
  if (time !== null && !shape.unwindowed) {
    filters = Object.freeze([time.lower, time.upper, ...shape.filters]);
    query = Object.freeze([time.lowerPair, time.upperPair, ...shape.tail]);
  }
  return Object.freeze({
    kind: 'rest',
    method: 'GET',
    path: shape.path,
    query,
    window,
    stream: shape.stream,
    filters,
    orderBy: shape.orderBy,
    pageLimit: shape.pageLimit,
  });
}

/** What every export request of one stream has in common. */
type ExportShape = Pick<ExportRequest, 'type' | 'stream'>;

function exportRequest(shape: ExportShape, w: TimeWindow, window: number): ExportRequest {
  const { type, stream } = shape;
  return Object.freeze({
    kind: 'export',
    method: 'POST',
    path: '/v3/merchants/{mId}/exports',
    query: Object.freeze([]),
    body: Object.freeze({ type, startTime: w.start, endTime: w.end }),
    window,
    stream,
    type,
    startTime: w.start,
    endTime: w.end,
  });
}
