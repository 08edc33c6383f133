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
    for (const w of windowsOf(s, ctx)) {
      const window = windows.length;
      windows.push(Object.freeze(w));
      requests.push(
        exportType === null
          ? restRequest(shape, w, window)
          : exportRequest({ type: exportType, stream }, w, window),
      );
    }
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

function restRequest(shape: StreamShape, w: TimeWindow, window: number): RestRequest {
  let filters = shape.filters;
  let query = shape.tail;
  if (!shape.unwindowed) {
    const { timeField } = shape;
    const lower = comparison(timeField, w.startInclusive ? '>=' : '>', w.start);
    const upper = comparison(timeField, w.endInclusive ? '<=' : '<', w.end);
    filters = Object.freeze([lower, upper, ...shape.filters]);
    query = Object.freeze([
      pair('filter', `${timeField}${lower.op}${w.start}`),
      pair('filter', `${timeField}${upper.op}${w.end}`),
      ...shape.tail,
    ]);
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
