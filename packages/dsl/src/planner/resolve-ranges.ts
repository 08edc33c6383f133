/**
 * Range resolution: each stream's time range gets closed ends (a missing lower bound from the
 * `earliest` option or Clover's 90-day horizon, a missing or future upper bound at `now`), empty
 * ranges are dropped with a warning, and a closed range is cut into windows Clover accepts.
 */
import type { Diagnostic } from '../errors/query-error.js';
import { CLAMP_MS, EXPORT_MAX_MS } from '../limits/clover-limits.js';
import type { PlanContext, Stream } from './plan-context.js';
import type { TimeWindow } from './plan-types.js';
import { firstInside, isEmpty, type TimeRange, toWindow } from './time-range.js';
import {
  emptyRangeWarning,
  missingLowerBound,
  noTimeBoundWarning,
  startsAfterNowWarning,
} from './warning-prose.js';
import { splitExportWindows, splitWindows } from './windows.js';

/** Closes open ends and drops empty ranges; a missing lower bound without `earliest` is an error. */
export function resolveRanges(
  streams: Stream[],
  ctx: PlanContext,
): { streams: Stream[] } | { diagnostic: Diagnostic } {
  const { q, opts, timeField } = ctx;
  const now = q.now;
  const nowBound = { value: now, inclusive: true };
  if (!ctx.bounded) {
    if (streams.length === 0) return { streams };
    if (ctx.unwindowed) {
      const range = { lower: { value: 0, inclusive: true }, upper: nowBound };
      return { streams: streams.map((s) => withRange(s, range, true)) };
    }
    const from = opts.earliest ?? now - CLAMP_MS;
    ctx.warnings.push(
      noTimeBoundWarning({
        timeField,
        from,
        fromEarliest: opts.earliest !== null,
        isExport: q.isExport,
      }),
    );
    const range = { lower: { value: from, inclusive: true }, upper: nowBound };
    if (isEmpty(range)) {
      ctx.warnings.push(startsAfterNowWarning(timeField, from));
      return { streams: [] };
    }
    return { streams: streams.map((s) => withRange(s, range, s.unwindowed === true)) };
  }
  // At most one stream each (an empty range drops its stream): sized up front, as an empty
  // array grows to 16 slots on its first push.
  const out = new Array<Stream>(streams.length);
  let n = 0;
  for (const s of streams) {
    let { lower, upper } = s.range;
    if (!lower) {
      if (opts.earliest === null) {
        return { diagnostic: missingLowerBound(timeField, streams.length > 1, opts.rangeSpan) };
      }
      lower = { value: opts.earliest, inclusive: true };
    }
    if (!upper || upper.value > now) upper = nowBound;
    const range = { lower, upper };
    if (isEmpty(range)) {
      ctx.warnings.push(
        lower.value > now
          ? startsAfterNowWarning(timeField, lower.value)
          : emptyRangeWarning(timeField, lower, s.range.upper ?? upper),
      );
      continue;
    }
    out[n++] = withRange(s, range, s.unwindowed === true);
  }
  if (n < out.length) out.length = n;
  return { streams: out };
}

/**
 * The stream with another range. A literal rather than `{ ...s, range, unwindowed }`: on Node 20
 * a spread that adds a property the source lacks takes V8's slow path (about a microsecond).
 */
function withRange(s: Stream, range: TimeRange, unwindowed: boolean): Stream {
  return {
    range,
    filters: s.filters,
    residual: s.residual,
    namesHidden: s.namesHidden,
    unwindowed,
  };
}

/** How many windows `windowsOf` cuts a stream into, without cutting it. */
export function windowCount(s: Stream, ctx: PlanContext): number {
  if (s.unwindowed || !s.range.lower || !s.range.upper) return 1;
  const { lower, upper } = s.range;
  if (ctx.q.isExport) {
    const ms = firstInside(upper, 'upper') - firstInside(lower, 'lower') + 1;
    return Math.ceil(ms / Math.min(ctx.opts.windowMs, EXPORT_MAX_MS));
  }
  return Math.max(1, Math.ceil((upper.value - lower.value) / ctx.opts.windowMs));
}

/** A resolved stream's range cut into windows no wider than Clover allows. */
export function windowsOf(s: Stream, ctx: PlanContext): TimeWindow[] {
  const whole = toWindow(s.range);
  if (s.unwindowed) return [whole];
  if (ctx.q.isExport) return splitExportWindows(whole, Math.min(ctx.opts.windowMs, EXPORT_MAX_MS));
  return splitWindows(whole, ctx.opts.windowMs);
}
