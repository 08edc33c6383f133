/**
 * Rendering: each window of each stream becomes one request, structured (filters, order, page
 * size, export body) and rendered (`method`, `path`, `query`) for curl and explain.
 *
 * Requests are frozen as they are built, and the parts every request of a plan (or of a stream)
 * has in common are built and frozen once and shared: freezing a finished plan by walking it cost
 * three quarters of compiling a long query on Node 20.
 *
 * Frozen arrays are read here with index loops, never `for…of` or spread: on Node 20 the
 * optimising compiler does not inline the iterator of a frozen array, so each element read
 * allocates an iterator result (about 60 bytes per element, most of a long query's garbage).
 */
import type { ResourceSpec } from '../catalogue/catalogue.js';
import { comparison, freezePredicate } from '../predicate/predicate.js';
import type { PlanContext, Stream } from './plan-context.js';
import type {
  ExportRequest,
  PlanRequestV2,
  RestRequest,
  ServerFilter,
  TimeWindow,
} from './plan-types.js';
import { windowsOf } from './resolve-ranges.js';
import { sameRange } from './time-range.js';

type Pair = readonly [string, string];

/** What every REST request of a plan has in common. */
interface PlanShape {
  readonly path: string;
  readonly timeField: string;
  readonly orderBy: RestRequest['orderBy'];
  readonly pageLimit: number;
  /** `orderBy` (if any) and `limit`, the last pairs of every query. */
  readonly tail: readonly Pair[];
}

/** What every REST request of one stream has in common. */
interface StreamShape {
  readonly path: string;
  readonly timeField: string;
  readonly stream: number;
  /** No time filter: the window's bounds are not sent. */
  readonly unwindowed: boolean;
  /** Not frozen until a request uses it as it is (see restRequest). */
  readonly filters: readonly ServerFilter[];
  /** The `filter` pairs of `filters`, then `orderBy` (if any) and `limit`; frozen as `filters`. */
  readonly tail: readonly Pair[];
  readonly orderBy: RestRequest['orderBy'];
  readonly pageLimit: number;
}

/**
 * The frozen parts of a REST request that depend on its window alone: the two time comparisons
 * and their `filter` pairs. Streams of one plan usually share their windows (`or` branches over
 * one range, hidden-record twins), so these are built once per distinct window, not per request.
 * One flat object: the comparisons and pairs are null for a request sent without time filters
 * (an export, an unwindowed stream).
 */
type WindowParts =
  | {
      readonly window: TimeWindow;
      readonly lower: ServerFilter;
      readonly upper: ServerFilter;
      readonly lowerPair: Pair;
      readonly upperPair: Pair;
    }
  | {
      readonly window: TimeWindow;
      readonly lower: null;
      readonly upper: null;
      readonly lowerPair: null;
      readonly upperPair: null;
    };

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
  const exportType = q.isExport ? exportTypeOf(q.resource) : null;
  const orderBy =
    q.orderBy && q.orderBy.field === timeField ? serverOrder(timeField, q.orderBy.direction) : null;
  const planShape: PlanShape = {
    path: restPath(q.resource),
    timeField,
    orderBy: orderBy?.order ?? null,
    pageLimit,
    tail: planTail(orderBy, pageLimit),
  };
  // Each stream's windows first, so the plan's lists are allocated at their final length (an
  // empty array grows to 16 slots on its first push).
  const perStream = new Array<WindowParts[]>(streams.length);
  let total = 0;
  // The previous stream and its windows, in order: a stream over the same range (an `or` branch,
  // a hidden-record twin) reuses them instead of cutting its range again.
  let previousStream: Stream | null = null;
  let previous: WindowParts[] = [];
  for (let stream = 0; stream < streams.length; stream++) {
    const s = streams[stream]!;
    const unwindowed = s.unwindowed === true;
    const timed = exportType === null && !unwindowed;
    const current =
      previousStream !== null &&
      (previousStream.unwindowed === true) === unwindowed &&
      sameRange(previousStream.range, s.range)
        ? previous
        : windowPartsOf(windowsOf(s, ctx), previous, timed ? timeField : null);
    perStream[stream] = current;
    total += current.length;
    previousStream = s;
    previous = current;
  }
  const windows = new Array<TimeWindow>(total);
  const requests = new Array<PlanRequestV2>(total);
  let n = 0;
  for (let stream = 0; stream < streams.length; stream++) {
    const current = perStream[stream]!;
    if (exportType === null) {
      const shape = streamShape(streams[stream]!, stream, planShape);
      for (let i = 0; i < current.length; i++, n++) {
        requests[n] = restRequest(shape, current[i]!, n);
        windows[n] = current[i]!.window;
      }
    } else {
      const shape: ExportShape = { type: exportType, stream };
      for (let i = 0; i < current.length; i++, n++) {
        requests[n] = exportRequest(shape, current[i]!.window, n);
        windows[n] = current[i]!.window;
      }
    }
  }
  return { windows, requests };
}

/*
 * Parts that depend only on the catalogue and the page size, built and frozen once per process
 * and shared by every plan (frozen, so sharing them is safe): each Object.freeze is a call into
 * the runtime on Node 20, about 70 ns, a visible part of a short query's compile.
 */
const REST_PATHS = new Map<ResourceSpec, string>();
/** By time field, then direction. */
const SERVER_ORDERS = new Map<string, Map<string, ServerOrder>>();
const LIMIT_PAIRS = new Map<number, Pair>();

/** The map under `key` in a map of maps, added empty when there is none yet. */
function innerMap<K, K2, V>(outer: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

/** `/v3/merchants/{mId}/<segment>` of a resource. */
function restPath(resource: ResourceSpec): string {
  let path = REST_PATHS.get(resource);
  if (path === undefined) {
    path = `/v3/merchants/{mId}/${resource.segment}`;
    REST_PATHS.set(resource, path);
  }
  return path;
}

/** A server-side order and its `orderBy` pair. */
interface ServerOrder {
  readonly order: NonNullable<RestRequest['orderBy']>;
  readonly pair: Pair;
}

/** The server-side order on a time field, and its `orderBy` pair. */
function serverOrder(field: string, direction: 'asc' | 'desc'): ServerOrder {
  const byDirection = innerMap(SERVER_ORDERS, field);
  let o = byDirection.get(direction);
  if (o === undefined) {
    o = {
      order: Object.freeze({ field, direction }),
      pair: pair('orderBy', `${field} ${direction.toUpperCase()}`),
    };
    byDirection.set(direction, o);
  }
  return o;
}

/** The last pairs of every query of a plan, by server order (or none), then page size. */
const TAILS = new Map<ServerOrder | null, Map<number, readonly Pair[]>>();

/** `orderBy` (if any) and `limit`, the last pairs of every REST query of a plan. */
function planTail(order: ServerOrder | null, pageLimit: number): readonly Pair[] {
  const byLimit = innerMap(TAILS, order);
  let tail = byLimit.get(pageLimit);
  if (tail === undefined) {
    const limit = limitPair(pageLimit);
    tail = Object.freeze(order ? [order.pair, limit] : [limit]);
    byLimit.set(pageLimit, tail);
  }
  return tail;
}

/** `createdTime>=` and the like, by time field then operator. */
const FILTER_PREFIXES = new Map<string, Map<string, string>>();

/**
 * The text of a time filter before its instant, built once per field and operator: joining the
 * three parts anew for each window made two strings more per filter.
 */
function filterPrefix(timeField: string, op: string): string {
  const byOp = innerMap(FILTER_PREFIXES, timeField);
  let prefix = byOp.get(op);
  if (prefix === undefined) {
    prefix = timeField + op;
    byOp.set(op, prefix);
  }
  return prefix;
}

/** A stream's filters when it has none: one frozen empty list, shared. */
const NO_FILTERS: readonly ServerFilter[] = Object.freeze([]);

/** The `limit` pair of a page size (1 to 1000, so at most 1000 of them). */
function limitPair(pageLimit: number): Pair {
  let p = LIMIT_PAIRS.get(pageLimit);
  if (p === undefined) {
    p = pair('limit', String(pageLimit));
    LIMIT_PAIRS.set(pageLimit, p);
  }
  return p;
}

/** What one stream's REST requests share, built once for all its windows. */
function streamShape(s: Stream, stream: number, plan: PlanShape): StreamShape {
  const pushed = s.filters;
  let filters: readonly ServerFilter[] = NO_FILTERS;
  let tail: readonly Pair[] = plan.tail;
  if (pushed.length > 0) {
    // Both lists at their final length: the filters, and their pairs followed by the plan's
    // tail. Not frozen yet: a request with time filters copies them after its own two, so these
    // lists reach the plan only as a request without time filters (frozen there, once).
    const literals = new Array<ServerFilter>(pushed.length);
    const pairs = new Array<Pair>(pushed.length + plan.tail.length);
    for (let i = 0; i < pushed.length; i++) {
      // Predicates are built unfrozen (predicate.ts): these go into the plan.
      literals[i] = freezePredicate(pushed[i]!.literal);
      pairs[i] = pair('filter', pushed[i]!.text);
    }
    for (let i = 0; i < plan.tail.length; i++) pairs[pushed.length + i] = plan.tail[i]!;
    filters = literals;
    tail = pairs;
  }
  return {
    path: plan.path,
    timeField: plan.timeField,
    stream,
    unwindowed: s.unwindowed === true,
    filters,
    tail,
    orderBy: plan.orderBy,
    pageLimit: plan.pageLimit,
  };
}

/**
 * The parts of each window, frozen; a window equal to the previous stream's at the same position
 * reuses that one's parts (when they carry the time filters this stream needs).
 */
function windowPartsOf(
  ws: readonly TimeWindow[],
  previous: readonly WindowParts[],
  timeField: string | null,
): WindowParts[] {
  const out = new Array<WindowParts>(ws.length);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const prev = previous[i];
    out[i] =
      prev && sameWindow(prev.window, w) && (prev.lower !== null || timeField === null)
        ? prev
        : windowParts(Object.freeze(w), timeField);
  }
  return out;
}

/**
 * `[first, second, ...rest]`, frozen, built in an array of the final length: spreading would grow
 * the array step by step and, for frozen inputs, allocate per element (see the top of this file).
 */
function afterTwo<T>(first: T, second: T, rest: readonly T[]): readonly T[] {
  const out = new Array<T>(rest.length + 2);
  out[0] = first;
  out[1] = second;
  for (let i = 0; i < rest.length; i++) out[i + 2] = rest[i]!;
  return Object.freeze(out);
}

/** `list`, frozen (once: a list shared by several requests is frozen by the first). */
function frozen<T>(list: readonly T[]): readonly T[] {
  return Object.isFrozen(list) ? list : Object.freeze(list);
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
  if (timeField === null) {
    return { window: w, lower: null, upper: null, lowerPair: null, upperPair: null };
  }
  const lower = Object.freeze(comparison(timeField, w.startInclusive ? '>=' : '>', w.start));
  const upper = Object.freeze(comparison(timeField, w.endInclusive ? '<=' : '<', w.end));
  return {
    window: w,
    lower,
    upper,
    lowerPair: pair('filter', filterPrefix(timeField, lower.op) + String(w.start)),
    upperPair: pair('filter', filterPrefix(timeField, upper.op) + String(w.end)),
  };
}

function restRequest(shape: StreamShape, parts: WindowParts, window: number): RestRequest {
  let filters: readonly ServerFilter[];
  let query: readonly Pair[];
  if (parts.lower !== null && !shape.unwindowed) {
    filters = afterTwo(parts.lower, parts.upper, shape.filters);
    query = afterTwo(parts.lowerPair, parts.upperPair, shape.tail);
  } else {
    filters = frozen(shape.filters);
    query = frozen(shape.tail);
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
