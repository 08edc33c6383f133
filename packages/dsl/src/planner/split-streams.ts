/**
 * Splitting a condition into request streams: one per `or` branch when every branch can be
 * narrowed on the server, else one stream over the hull of the branches whose residual is the
 * whole condition. Also which literals are pushed down as `filter=`.
 */
import { deletionTimeFields, fieldNamed, type ResourceSpec } from '../catalogue/catalogue.js';
import { type Literal, toDnf, topLevelLiterals } from '../predicate/normal-forms.js';
import { and, type Predicate } from '../predicate/predicate.js';
import { isUnsatisfiable } from './contradiction.js';
import {
  boundsSomewhere,
  isRangeLiteral,
  type PlanContext,
  type PushedFilter,
  type Stream,
} from './plan-context.js';
import { renderFilter } from './pushdown.js';
import {
  type Bound,
  hull,
  intersect,
  maxLower,
  minUpper,
  sameRange,
  type TimeRange,
  UNBOUNDED,
} from './time-range.js';
import { contradictionWarning } from './warning-prose.js';

/** At most this many request streams come from splitting an `or`. */
export const MAX_STREAMS = 8;

/**
 * The time field a plan windows on. A deletion field (orders' `deletedTime`) bounded at the top
 * level comes first: Clover returns deleted records only to requests filtering on it, and the
 * checker lets it appear nowhere else. Otherwise the first of the resource's other time fields
 * the condition bounds; else its default.
 */
export function chooseTimeField(resource: ResourceSpec, nnf: Predicate): string {
  // Loops rather than `find` with closures: this runs on every compile.
  const fields = resource.timeFields;
  const deletion = deletionTimeFields(resource);
  for (let i = 0; i < deletion.length; i++) {
    if (someTopLevel(nnf, deletion[i]!)) return deletion[i]!;
  }
  for (let i = 0; i < fields.length; i++) {
    const t = fields[i]!;
    if (!deletion.includes(t) && boundsSomewhere(nnf, t)) return t;
  }
  return fields[0]!;
}

function boundsField(l: Literal, field: string): boolean {
  return l.field === field && isRangeLiteral(l);
}

/** Whether a top-level conjunct bounds `field`. */
function someTopLevel(p: Predicate, field: string): boolean {
  if (p.kind === 'and') {
    for (let i = 0; i < p.operands.length; i++)
      if (someTopLevel(p.operands[i]!, field)) return true;
    return false;
  }
  return (
    (p.kind === 'comparison' || p.kind === 'in' || p.kind === 'isNull') && boundsField(p, field)
  );
}

/** The `filter=` a literal is pushed down as, or null when the client must check it. */
function pushdown(l: Literal, ctx: PlanContext): PushedFilter | null {
  const { q, timeField } = ctx;
  if (q.isExport) return null;
  // Any filter on a time field makes Clover clamp a request to 90 days (payments and refunds),
  // so a request that must stay unwindowed to see every record cannot carry one.
  if (ctx.unwindowed && fieldNamed(q.resource, l.field)?.type === 'time') {
    return null;
  }
  const text = renderFilter(l, { resource: q.resource, timeField });
  return text === null ? null : { text, literal: l };
}

/** The range a literal on the time field bounds. */
export function rangeOfLiteral(l: Literal): TimeRange {
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
export function splitStreams(
  nnf: Predicate,
  ctx: PlanContext,
): { streams: Stream[]; residual: Predicate | null } {
  const { q, timeField } = ctx;
  const dnf = toDnf(nnf, MAX_STREAMS);
  if (dnf !== null && dnf.length === 0) {
    ctx.warnings.push(contradictionWarning(null, q.resource, false));
    return { streams: [], residual: null };
  }
  if (dnf !== null && dnf.length === 1) return oneConjunction(dnf[0]!, ctx);
  const conjStreams = dnf?.map((conj) => conjunctionStream(conj, ctx));
  // The hull fallback: one stream over the whole range; only literals true of every match (the
  // top-level conjuncts) may be pushed down. Built only when needed: a condition without `or`
  // (one conjunction, the common case) never uses it.
  let hullParts: HullParts | undefined;
  const hullStream = () => {
    hullParts ??= hullPartsOf(nnf, ctx);
    return hullParts;
  };
  // A branch is worth its own stream only if the server can narrow it below what the hull stream
  // reads (a filter of its own, or a narrower range); otherwise the hull stream fetches the same
  // records once.
  const selective = (s: Stream) => {
    const { whole, hullFilters } = hullStream();
    return (
      s.filters.some((f) => !hullFilters.some((h) => h.text === f.text)) ||
      !sameRange(s.range, whole)
    );
  };
  if (dnf && conjStreams && (dnf.length === 1 || (!q.isExport && conjStreams.every(selective)))) {
    const live = conjStreams.filter((_, i) => {
      if (!isUnsatisfiable(dnf[i]!, q.resource)) return true;
      ctx.warnings.push(contradictionWarning(dnf[i]!, q.resource, dnf.length > 1));
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
  const { whole, hullFilters: filters } = hullStream();
  const hidden = q.resource.hiddenUnlessFiltered;
  // Top-level conjuncts the windows or the server already guarantee need no client check.
  const guaranteed = (o: Predicate) =>
    o.kind === 'comparison' && o.field === timeField && isRangeLiteral(o);
  const pushed = new Set<Literal>(filters.map((f) => f.literal));
  const rest =
    nnf.kind === 'and'
      ? and(nnf.operands.filter((o) => !guaranteed(o) && !pushed.has(o as Literal)))
      : nnf;
  return {
    streams: [
      {
        range: whole,
        filters,
        residual: [],
        namesHidden: hidden !== null && filters.some((f) => f.literal.field === hidden),
      },
    ],
    residual: rest.kind === 'constant' && rest.value ? null : rest,
  };
}

/**
 * A condition without `or` (the common case): one stream, or none when it is a contradiction.
 * The same answer as the general path gives for one conjunction, without its closures.
 */
function oneConjunction(
  conj: Literal[],
  ctx: PlanContext,
): { streams: Stream[]; residual: Predicate | null } {
  if (isUnsatisfiable(conj, ctx.q.resource)) {
    ctx.warnings.push(contradictionWarning(conj, ctx.q.resource, false));
    return { streams: [], residual: null };
  }
  const s = conjunctionStream(conj, ctx);
  return { streams: [s], residual: s.residual.length ? and(s.residual) : null };
}

/** The hull stream's range and the top-level literals it pushes down. */
interface HullParts {
  readonly whole: TimeRange;
  readonly hullFilters: readonly PushedFilter[];
}

function hullPartsOf(nnf: Predicate, ctx: PlanContext): HullParts {
  const { timeField } = ctx;
  const whole = rangeOf(nnf, timeField);
  const top = topLevelLiterals(nnf).filter((l) => !(l.field === timeField && isRangeLiteral(l)));
  const hullFilters: PushedFilter[] = [];
  for (const l of top) {
    const f = pushdown(l, ctx);
    if (f !== null) hullFilters.push(f);
  }
  return { whole, hullFilters };
}

function conjunctionStream(conj: Literal[], ctx: PlanContext): Stream {
  const { q, timeField } = ctx;
  // The time range, narrowed bound by bound (no range object per literal).
  let lower: Bound | null = null;
  let upper: Bound | null = null;
  // Each literal's push-down first (absent: only narrows the range; null: stays client-side),
  // then both lists at their exact length: an empty array grows to 16 slots on its first push,
  // and shortening an array is a call into the runtime.
  const pushed = new Array<PushedFilter | null>(conj.length);
  let nf = 0;
  let nr = 0;
  for (let i = 0; i < conj.length; i++) {
    const l = conj[i]!;
    if (l.field === timeField && isRangeLiteral(l)) {
      const r = rangeOfLiteral(l);
      lower = maxLower(lower, r.lower);
      upper = minUpper(upper, r.upper);
      // An `in` list on the time field narrows the range and must still be checked.
      if (l.kind !== 'in') continue;
    }
    const f = pushdown(l, ctx);
    pushed[i] = f;
    if (f === null) nr++;
    else nf++;
  }
  const filters = new Array<PushedFilter>(nf);
  const residual = new Array<Literal>(nr);
  nf = 0;
  nr = 0;
  for (let i = 0; i < conj.length; i++) {
    const f = pushed[i];
    if (f === null) residual[nr++] = conj[i]!;
    else if (f !== undefined) filters[nf++] = f;
  }
  const hidden = q.resource.hiddenUnlessFiltered;
  return {
    range: lower === null && upper === null ? UNBOUNDED : { lower, upper },
    filters,
    residual,
    namesHidden: hidden !== null && conj.some((l) => l.field === hidden),
  };
}

/**
 * The streams without repeats (same range, same filters in any order, same residual), first
 * occurrence kept. Streams are compared pairwise — there are at most MAX_STREAMS — with the cheap
 * tests first: a JSON key per stream cost ~2.5 µs each on Node 20.
 */
export function dedupeStreams(streams: Stream[]): Stream[] {
  if (streams.length < 2) return streams;
  const out: Stream[] = [];
  for (const s of streams) if (!out.some((t) => sameStream(s, t))) out.push(s);
  return out;
}

function sameStream(a: Stream, b: Stream): boolean {
  if (
    !sameRange(a.range, b.range) ||
    a.filters.length !== b.filters.length ||
    a.residual.length !== b.residual.length
  ) {
    return false;
  }
  if (a.filters.length > 0) {
    const ta = a.filters.map((f) => f.text).sort();
    const tb = b.filters.map((f) => f.text).sort();
    if (ta.some((t, i) => t !== tb[i])) return false;
  }
  return a.residual.length === 0 || JSON.stringify(a.residual) === JSON.stringify(b.residual);
}
