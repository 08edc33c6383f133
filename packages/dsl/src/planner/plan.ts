/**
 * The planner: a normal-form query becomes a `Plan` of window-split requests (docs/language.md,
 * "Planning rules"). Pure: `now`, `tz` and every limit come in through the options.
 *
 * Outline: push `not`s to the leaves; choose the time field; split the condition into request
 * streams (one per `or` branch when every branch can be narrowed on the server, else one stream
 * whose residual is the whole condition); give each stream its time range (the intersection of its
 * bounds, open ends closed with `earliest` and `now`); cut ranges into windows no wider than Clover
 * allows; push every literal Clover can evaluate exactly into `filter=`; the rest is the residual.
 */
import type { ResourceSpec } from '../catalogue/catalogue.js';
import type { Diagnostic, Span } from '../errors/query-error.js';
import { CLAMP_MS, DAY_MS, EXPORT_MAX_MS } from '../limits/clover-limits.js';
import type { NormalQuery } from '../normalize/normalize.js';
import { type Literal, toDnf, toNnf, topLevelLiterals } from '../predicate/normal-forms.js';
import { and, comparison, isNull, type Predicate } from '../predicate/predicate.js';
import { isUnsatisfiable } from './contradiction.js';
import {
  type ExportRequest,
  PLAN_VERSION,
  type Plan,
  type PlanWarning,
  type RestRequest,
  type ServerFilter,
  type TimeWindow,
} from './plan-types.js';
import { renderFilter } from './pushdown.js';
import {
  firstInside,
  hull,
  intersect,
  isEmpty,
  type TimeRange,
  toWindow,
  UNBOUNDED,
} from './time-range.js';
import { splitExportWindows, splitWindows } from './windows.js';

/** At most this many request streams come from splitting an `or`. */
export const MAX_STREAMS = 8;

/**
 * At most this many windows (requests) in one plan: ~2,400 years of 90-day windows, so only a
 * tiny `windowDays` or a `now` centuries away reaches it. Beyond it the plan is refused rather
 * than built, so its size never grows without bound from a short query.
 */
export const MAX_WINDOWS = 10_000;

export interface PlanOptions {
  readonly source: string;
  /** Width limit of a REST window in ms (default and maximum 90 days). */
  readonly windowMs: number;
  /** Where a missing lower bound starts, or null to make it an error. */
  readonly earliest: number | null;
  readonly pageSize: number;
  /** Span of the `where` clause (or the whole query), for errors about the range. */
  readonly rangeSpan: Span;
}

export interface PlanResult {
  readonly plan: Plan | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** One request stream before windowing. */
interface Stream {
  range: TimeRange;
  /** Literals pushed down as `filter=`, with their rendering. */
  filters: PushedFilter[];
  /** Literals the client must check (used only when the plan has a single stream). */
  residual: Literal[];
  /** Whether some literal of the stream names the resource's hidden-when-null field. */
  namesHidden: boolean;
  /** No time filter at all: the resource does not clamp requests without one. */
  unwindowed?: boolean;
}

/** A literal the server evaluates, and its `filter=` text. */
interface PushedFilter {
  readonly text: string;
  readonly literal: Literal;
}

/** Builds the plan of a normal-form query. */
export function buildPlan(q: NormalQuery, opts: PlanOptions): PlanResult {
  const nnf = toNnf(q.predicate);
  const timeField = q.isExport ? 'createdTime' : chooseTimeField(q.resource, nnf);
  const warnings: PlanWarning[] = [];
  const bounded = literalsOf(nnf).some((l) => l.field === timeField && isRangeLiteral(l));
  // A resource Clover does not clamp without a time filter is read in one request with none.
  const unwindowed = !bounded && !q.isExport && !q.resource.clampWithoutTimeFilter;
  const ctx: Ctx = { q, opts, timeField, warnings, bounded, unwindowed };

  const { streams, residual } = splitStreams(nnf, ctx);
  const resolved = resolveRanges(streams, ctx);
  if ('diagnostic' in resolved) return { plan: undefined, diagnostics: [resolved.diagnostic] };

  const withHidden = q.isExport
    ? resolved.streams
    : addHiddenCompanions(resolved.streams, q.resource);
  const count = withHidden.reduce((n, s) => n + windowCount(s, ctx), 0);
  if (count > MAX_WINDOWS) {
    return {
      plan: undefined,
      diagnostics: [
        {
          code: 'INVALID_OPTION',
          message: `the plan would need ${count.toLocaleString('en-US')} requests, more than the ${MAX_WINDOWS.toLocaleString('en-US')} a plan may have`,
          span: opts.rangeSpan,
          hint: 'narrow the time range, or use a larger windowDays option',
        },
      ],
    };
  }
  const windows: TimeWindow[] = [];
  const requests: (RestRequest | ExportRequest)[] = [];
  // A smaller page helps only when the first `limit` records the server returns are the answer:
  // no client-side filter, and no order other than the server's own on the time field.
  const serverCanStop = !q.orderBy || q.orderBy.field === timeField;
  const pageLimit =
    residual === null && q.limit !== null && serverCanStop
      ? Math.min(q.limit, opts.pageSize)
      : opts.pageSize;
  withHidden.forEach((s, stream) => {
    for (const w of windowsOf(s, ctx)) {
      const window = windows.length;
      windows.push(w);
      requests.push(
        request({ stream: s, window: w }, { ctx, index: window, streamIndex: stream, pageLimit }),
      );
    }
  });

  const plan: Plan = {
    version: PLAN_VERSION,
    source: opts.source,
    resource: q.resource.name,
    kind: q.isExport ? 'export' : 'rest',
    timeField,
    range: windows.length ? hullOf(windows) : null,
    windows,
    requests,
    residual: requests.length ? residual : null,
    limit: q.limit,
    orderBy: q.orderBy,
    pageSize: opts.pageSize,
    now: q.now,
    tz: q.tz,
    warnings: dedupeWarnings(warnings),
    // Absent (not null) without select or aggregates, so such plans are unchanged.
    ...(q.select ? { select: q.select } : {}),
    ...(q.aggregate ? { aggregate: q.aggregate } : {}),
  };
  return { plan: deepFreeze(plan), diagnostics: [] };
}

interface Ctx {
  readonly q: NormalQuery;
  readonly opts: PlanOptions;
  readonly timeField: string;
  readonly warnings: PlanWarning[];
  /** Whether the condition bounds the time field anywhere. */
  readonly bounded: boolean;
  /** Whether the plan reads the resource without any time filter (see `resolveRanges`). */
  readonly unwindowed: boolean;
}

/** The `filter=` a literal is pushed down as, or null when the client must check it. */
function pushdown(l: Literal, ctx: Ctx): PushedFilter | null {
  const { q, timeField } = ctx;
  if (q.isExport) return null;
  // Any filter on a time field makes Clover clamp a request to 90 days (payments and refunds),
  // so a request that must stay unwindowed to see every record cannot carry one.
  if (ctx.unwindowed && q.resource.fields.some((f) => f.name === l.field && f.type === 'time')) {
    return null;
  }
  const text = renderFilter(l, { resource: q.resource, timeField });
  return text === null ? null : { text, literal: l };
}

/**
 * The first of the resource's time fields the condition bounds; else its default. A nullable
 * time field (orders' `deletedTime`) is chosen only when every match must be bounded on it (a
 * top-level conjunct): windows on it leave out the records that have none.
 */
function chooseTimeField(resource: ResourceSpec, nnf: Predicate): string {
  const lits = literalsOf(nnf);
  const required = topLevelLiterals(nnf);
  const bounds = (t: string, from: readonly Literal[]) =>
    from.some((l) => l.field === t && isRangeLiteral(l));
  return (
    resource.timeFields.find((t) =>
      bounds(t, resource.fields.find((f) => f.name === t)?.nullable ? required : lits),
    ) ?? resource.timeFields[0]!
  );
}

function literalsOf(p: Predicate): Literal[] {
  switch (p.kind) {
    case 'and':
    case 'or':
      return p.operands.flatMap(literalsOf);
    case 'not':
      return literalsOf(p.operand);
    case 'constant':
      return [];
    default:
      return [p];
  }
}

/** Literals that bound a time range: comparisons other than `!=`, and `in` lists. */
function isRangeLiteral(l: Literal): boolean {
  if (l.kind === 'comparison') return l.op !== '!=' && typeof l.value === 'number';
  return (
    l.kind === 'in' &&
    !l.negated &&
    l.values.length > 0 &&
    l.values.every((v) => typeof v === 'number')
  );
}

function rangeOfLiteral(l: Literal): TimeRange {
  if (l.kind === 'in') {
    const vs = l.values as number[];
    return {
      lower: { value: Math.min(...vs), inclusive: true },
      upper: { value: Math.max(...vs), inclusive: true },
    };
  }
  if (l.kind !== 'comparison' || typeof l.value !== 'number') return UNBOUNDED;
  const v = l.value;
  switch (l.op) {
    case '=':
      return { lower: { value: v, inclusive: true }, upper: { value: v, inclusive: true } };
    case '>':
    case '>=':
      return { lower: { value: v, inclusive: l.op === '>=' }, upper: null };
    case '<':
    case '<=':
      return { lower: null, upper: { value: v, inclusive: l.op === '<=' } };
    default:
      return UNBOUNDED;
  }
}

/** An over-approximation of the time range of any predicate: hull over `or`, meet over `and`. */
function rangeOf(p: Predicate, timeField: string): TimeRange {
  switch (p.kind) {
    case 'and':
      return p.operands.reduce<TimeRange>((r, o) => intersect(r, rangeOf(o, timeField)), UNBOUNDED);
    case 'or':
      return p.operands.map((o) => rangeOf(o, timeField)).reduce(hull);
    case 'constant':
    case 'not':
      return UNBOUNDED;
    default:
      return p.field === timeField && isRangeLiteral(p) ? rangeOfLiteral(p) : UNBOUNDED;
  }
}

/**
 * Splits the condition into streams. Each `or` branch becomes its own stream when there are at
 * most MAX_STREAMS of them and each can be narrowed on the server (a time bound or a pushable
 * filter); the union of exact streams is exact. Otherwise one stream covers the hull of the
 * branches' ranges and the whole condition becomes the residual.
 */
function splitStreams(nnf: Predicate, ctx: Ctx): { streams: Stream[]; residual: Predicate | null } {
  const { q, timeField } = ctx;
  const dnf = toDnf(nnf, MAX_STREAMS);
  if (dnf !== null && dnf.length === 0) {
    ctx.warnings.push({
      code: 'CONTRADICTION',
      message: 'the condition can never be true, so nothing is requested',
    });
    return { streams: [], residual: null };
  }
  const conjStreams = dnf?.map((conj) => conjunctionStream(conj, ctx));
  // The hull fallback: one stream over the whole range; only literals true of every match (the
  // top-level conjuncts) may be pushed down.
  const whole = rangeOf(nnf, timeField);
  const top = topLevelLiterals(nnf).filter((l) => !(l.field === timeField && isRangeLiteral(l)));
  const hullFilters = top.flatMap((l) => pushdown(l, ctx) ?? []);
  // A branch is worth its own stream only if the server can narrow it below what the hull stream
  // reads (a filter of its own, or a narrower range); otherwise the hull stream fetches the same
  // records once.
  const selective = (s: Stream) =>
    s.filters.some((f) => !hullFilters.some((h) => h.text === f.text)) ||
    !sameRange(s.range, whole);
  if (dnf && conjStreams && (dnf.length === 1 || (!q.isExport && conjStreams.every(selective)))) {
    const live = conjStreams.filter((_, i) => {
      if (!isUnsatisfiable(dnf[i]!, q.resource)) return true;
      ctx.warnings.push({
        code: 'CONTRADICTION',
        message: `${dnf.length > 1 ? 'a branch of the condition' : 'the condition'} can never be true (${dnf[i]!.map((l) => describeLiteral(l, q.resource)).join(' and ')})`,
      });
      return false;
    });
    const residual =
      live.length === 1
        ? live[0]!.residual.length
          ? and(live[0]!.residual)
          : null
        : live.some((s) => s.residual.length)
          ? nnf
          : null;
    return { streams: dedupeStreams(live), residual };
  }
  const filters = hullFilters;
  const hidden = q.resource.hiddenUnlessFiltered;
  // Top-level conjuncts the windows or the server already guarantee need no client check.
  const guaranteed = (o: Predicate) =>
    o.kind === 'comparison' && o.field === timeField && isRangeLiteral(o);
  const pushed = new Set(top.filter((l) => pushdown(l, ctx) !== null));
  const rest =
    nnf.kind === 'and'
      ? and(nnf.operands.filter((o) => !guaranteed(o) && !pushed.has(o as Literal)))
      : nnf;
  return {
    streams: [
      {
        range: rangeOf(nnf, timeField),
        filters,
        residual: [],
        namesHidden: hidden !== null && filters.some((f) => f.literal.field === hidden),
      },
    ],
    residual: rest.kind === 'constant' && rest.value ? null : rest,
  };
}

function conjunctionStream(conj: Literal[], ctx: Ctx): Stream {
  const { q, timeField } = ctx;
  let range = UNBOUNDED;
  const filters: PushedFilter[] = [];
  const residual: Literal[] = [];
  for (const l of conj) {
    if (l.field === timeField && isRangeLiteral(l)) {
      range = intersect(range, rangeOfLiteral(l));
      // An `in` list on the time field narrows the range and must still be checked.
      if (l.kind !== 'in') continue;
    }
    const f = pushdown(l, ctx);
    if (f === null) residual.push(l);
    else filters.push(f);
  }
  const hidden = q.resource.hiddenUnlessFiltered;
  return {
    range,
    filters,
    residual,
    namesHidden: hidden !== null && conj.some((l) => l.field === hidden),
  };
}

/** Closes open ends and drops empty ranges; a missing lower bound without `earliest` is an error. */
function resolveRanges(
  streams: Stream[],
  ctx: Ctx,
): { streams: Stream[] } | { diagnostic: Diagnostic } {
  const { q, opts, timeField } = ctx;
  const now = q.now;
  const nowBound = { value: now, inclusive: true };
  if (!ctx.bounded) {
    if (streams.length === 0) return { streams };
    if (ctx.unwindowed) {
      return {
        streams: streams.map((s) => ({
          ...s,
          range: { lower: { value: 0, inclusive: true }, upper: nowBound },
          unwindowed: true,
        })),
      };
    }
    const from = opts.earliest ?? now - CLAMP_MS;
    ctx.warnings.push({
      code: 'NO_TIME_BOUND',
      message:
        opts.earliest !== null
          ? `no bound on ${timeField}: the plan covers the earliest option (${iso(from)}) to now`
          : q.isExport
            ? `no bound on ${timeField}: the export covers the last 90 days, ${iso(from)} to now; add a ${timeField} range or the earliest option to go further back`
            : `no bound on ${timeField}: Clover answers only the last 90 days, so the plan covers ${iso(from)} to now; add a bound on ${timeField} or the earliest option to go further back`,
    });
    const range = { lower: { value: from, inclusive: true }, upper: nowBound };
    if (isEmpty(range)) {
      ctx.warnings.push({
        code: 'EMPTY_RANGE',
        message: `the range of ${timeField} starts after now (${iso(from)}), so nothing is requested`,
      });
      return { streams: [] };
    }
    return { streams: streams.map((s) => ({ ...s, range })) };
  }
  const out: Stream[] = [];
  for (const s of streams) {
    let { lower, upper } = s.range;
    if (!lower) {
      if (opts.earliest === null) {
        return {
          diagnostic: {
            code: 'MISSING_LOWER_BOUND',
            message: `the query needs a lower bound on ${timeField}${streams.length > 1 ? ' in every or-branch' : ''}: Clover returns at most 90 days per request, so cloverql must know where to start`,
            span: opts.rangeSpan,
            hint: `add ${timeField} >= 2024-01-01 (or today - 30d), or pass the earliest option`,
          },
        };
      }
      lower = { value: opts.earliest, inclusive: true };
    }
    if (!upper || upper.value > now) upper = nowBound;
    const range = { lower, upper };
    if (isEmpty(range)) {
      const original = s.range.upper ?? upper;
      ctx.warnings.push({
        code: 'EMPTY_RANGE',
        message:
          lower.value > now
            ? `the range of ${timeField} starts after now (${iso(lower.value)}), so nothing is requested`
            : `the range of ${timeField} is empty (${lower.inclusive ? '[' : '('}${iso(lower.value)}, ${iso(original.value)}${original.inclusive ? ']' : ')'}), so nothing is requested`,
      });
      continue;
    }
    out.push({ ...s, range });
  }
  return { streams: out };
}

/**
 * Clover's `GET /orders` hides orders whose state is null unless a filter names `state`; a
 * stream that does not name it gets a twin with `state IS NULL` so those orders are not lost.
 */
function addHiddenCompanions(streams: Stream[], resource: ResourceSpec): Stream[] {
  const hidden = resource.hiddenUnlessFiltered;
  if (hidden === null) return streams;
  return streams.flatMap((s) =>
    s.namesHidden
      ? [s]
      : [
          s,
          {
            ...s,
            filters: [...s.filters, { text: `${hidden} IS NULL`, literal: isNull(hidden) }],
            namesHidden: true,
          },
        ],
  );
}

/** How many windows `windowsOf` cuts a stream into, without cutting it. */
function windowCount(s: Stream, ctx: Ctx): number {
  if (s.unwindowed || !s.range.lower || !s.range.upper) return 1;
  const { lower, upper } = s.range;
  if (ctx.q.isExport) {
    const ms = firstInside(upper, 'upper') - firstInside(lower, 'lower') + 1;
    return Math.ceil(ms / Math.min(ctx.opts.windowMs, EXPORT_MAX_MS));
  }
  return Math.max(1, Math.ceil((upper.value - lower.value) / ctx.opts.windowMs));
}

function windowsOf(s: Stream, ctx: Ctx): TimeWindow[] {
  const whole = toWindow(s.range);
  if (s.unwindowed) return [whole];
  if (ctx.q.isExport) return splitExportWindows(whole, Math.min(ctx.opts.windowMs, EXPORT_MAX_MS));
  return splitWindows(whole, ctx.opts.windowMs);
}

function request(
  at: { stream: Stream; window: TimeWindow },
  ctx2: { ctx: Ctx; index: number; streamIndex: number; pageLimit: number },
): RestRequest | ExportRequest {
  const { ctx, index, streamIndex, pageLimit } = ctx2;
  const { q, timeField } = ctx;
  const { stream, window: w } = at;
  if (q.isExport) {
    const type = q.resource.exportType;
    if (type === null) throw new TypeError(`plan: ${q.resource.name} cannot be exported`);
    const body = { type, startTime: w.start, endTime: w.end };
    return {
      kind: 'export',
      method: 'POST',
      path: '/v3/merchants/{mId}/exports',
      query: [],
      body,
      window: index,
      stream: streamIndex,
      ...body,
    };
  }
  const filters: ServerFilter[] = [];
  if (!stream.unwindowed) {
    filters.push(comparison(timeField, w.startInclusive ? '>=' : '>', w.start));
    filters.push(comparison(timeField, w.endInclusive ? '<=' : '<', w.end));
  }
  const query: [string, string][] = filters.map((f) => ['filter', renderBound(f)]);
  for (const f of stream.filters) {
    filters.push(f.literal);
    query.push(['filter', f.text]);
  }
  const orderBy =
    q.orderBy && q.orderBy.field === timeField
      ? { field: timeField, direction: q.orderBy.direction }
      : null;
  if (orderBy) query.push(['orderBy', `${timeField} ${orderBy.direction.toUpperCase()}`]);
  query.push(['limit', String(pageLimit)]);
  return {
    kind: 'rest',
    method: 'GET',
    path: `/v3/merchants/{mId}/${q.resource.segment}`,
    query,
    window: index,
    stream: streamIndex,
    filters,
    orderBy,
    pageLimit,
  };
}

/** A window bound as `filter=` text: `createdTime>=1714521600000`. */
function renderBound(f: ServerFilter): string {
  return f.kind === 'comparison' ? `${f.field}${f.op}${String(f.value)}` : '';
}

function dedupeStreams(streams: Stream[]): Stream[] {
  const seen = new Set<string>();
  return streams.filter((s) => {
    const key = JSON.stringify([s.range, s.filters.map((f) => f.text).sort(), s.residual]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function hullOf(windows: readonly TimeWindow[]): TimeWindow {
  let first = windows[0]!;
  let last = windows[0]!;
  for (const w of windows) {
    if (
      w.start < first.start ||
      (w.start === first.start && w.startInclusive && !first.startInclusive)
    )
      first = w;
    if (w.end > last.end || (w.end === last.end && w.endInclusive && !last.endInclusive)) last = w;
  }
  return {
    start: first.start,
    end: last.end,
    startInclusive: first.startInclusive,
    endInclusive: last.endInclusive,
  };
}

function dedupeWarnings(ws: PlanWarning[]): PlanWarning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const k = `${w.code}:${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sameRange(a: TimeRange, b: TimeRange): boolean {
  const eq = (x: TimeRange['lower'], y: TimeRange['lower']) =>
    x === y || (x !== null && y !== null && x.value === y.value && x.inclusive === y.inclusive);
  return eq(a.lower, b.lower) && eq(a.upper, b.upper);
}

function describeLiteral(l: Literal, resource: ResourceSpec): string {
  const isTime = resource.fields.find((f) => f.name === l.field)?.type === 'time';
  const show = (v: unknown) => (isTime && typeof v === 'number' ? iso(v) : JSON.stringify(v));
  switch (l.kind) {
    case 'comparison':
      return `${l.field} ${l.op} ${show(l.value)}`;
    case 'in':
      return `${l.field} ${l.negated ? 'not in' : 'in'} (${l.values.map(show).join(', ')})`;
    case 'isNull':
      return `${l.field} is ${l.negated ? 'not ' : ''}null`;
  }
}

function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Converts the `windowDays` option into a whole number of ms. */
export function windowMsOf(windowDays: number): number {
  return Math.floor(windowDays * DAY_MS);
}
