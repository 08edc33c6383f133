/**
 * What every step of the planner shares: the options, the per-plan context, the request stream a
 * condition is split into, and the two questions asked of literals everywhere (whether some
 * literal of a predicate bounds a field's time range, and whether one literal does).
 */
import type { Span } from '../errors/query-error.js';
import type { NormalQuery } from '../normalize/normalize.js';
import type { Literal } from '../predicate/normal-forms.js';
import type { Predicate } from '../predicate/predicate.js';
import type { PlanWarning } from './plan-types.js';
import type { TimeRange } from './time-range.js';

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

/** One plan's inputs and the warnings its steps collect. */
export interface PlanContext {
  readonly q: NormalQuery;
  readonly opts: PlanOptions;
  readonly timeField: string;
  readonly warnings: PlanWarning[];
  /** Whether the condition bounds the time field anywhere. */
  readonly bounded: boolean;
  /** Whether the plan reads the resource without any time filter (see `resolveRanges`). */
  readonly unwindowed: boolean;
}

/** One request stream before windowing. */
export interface Stream {
  readonly range: TimeRange;
  /** Literals pushed down as `filter=`, with their rendering. */
  readonly filters: readonly PushedFilter[];
  /** Literals the client must check (used only when the plan has a single stream). */
  readonly residual: readonly Literal[];
  /** Whether some literal of the stream names the resource's hidden-when-null field. */
  readonly namesHidden: boolean;
  /** No time filter at all: the resource does not clamp requests without one. */
  readonly unwindowed?: boolean;
}

/** A literal the server evaluates, and its `filter=` text. */
export interface PushedFilter {
  readonly text: string;
  readonly literal: Literal;
}

/**
 * Whether a literal anywhere in `p` bounds the time range of `field`. A function of its own, not
 * a walk taking a test closure (allocated per call), and an index loop: on Node 20 `for…of` over
 * a frozen array (a plan's operands are) allocates per element.
 */
export function boundsSomewhere(p: Predicate, field: string): boolean {
  switch (p.kind) {
    case 'and':
    case 'or':
      for (let i = 0; i < p.operands.length; i++)
        if (boundsSomewhere(p.operands[i]!, field)) return true;
      return false;
    case 'not':
      return boundsSomewhere(p.operand, field);
    case 'constant':
      return false;
    default:
      return p.field === field && isRangeLiteral(p);
  }
}

/** Literals that bound a time range: comparisons other than `!=`, and `in` lists. */
export function isRangeLiteral(l: Literal): boolean {
  if (l.kind === 'comparison') return l.op !== '!=' && typeof l.value === 'number';
  return (
    l.kind === 'in' &&
    !l.negated &&
    l.values.length > 0 &&
    l.values.every((v) => typeof v === 'number')
  );
}
