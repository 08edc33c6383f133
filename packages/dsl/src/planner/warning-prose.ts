/**
 * The words of the planner's warnings and range errors, in one place so the planning steps read
 * as logic and the prose can be reviewed (and kept consistent) together.
 */
import { fieldNamed, type ResourceSpec } from '../catalogue/catalogue.js';
import type { Diagnostic, Span } from '../errors/query-error.js';
import type { Literal } from '../predicate/normal-forms.js';
import type { PlanWarning } from './plan-types.js';
import type { Bound } from './time-range.js';

/** An instant as ISO text; a number `Date` cannot hold is shown as it is. */
export function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/**
 * The condition can never be true: all of it (`branch` null, found before splitting), its only
 * branch, or one `or` branch among several (`ofSeveral`), whose literals are shown.
 */
export function contradictionWarning(
  branch: readonly Literal[] | null,
  resource: ResourceSpec,
  ofSeveral: boolean,
): PlanWarning {
  if (branch === null) {
    return {
      code: 'CONTRADICTION',
      message: 'the condition can never be true, so nothing is requested',
    };
  }
  const what = ofSeveral ? 'a branch of the condition' : 'the condition';
  return {
    code: 'CONTRADICTION',
    message: `${what} can never be true (${branch.map((l) => describeLiteral(l, resource)).join(' and ')})`,
  };
}

/** Where a plan with no bound on its time field starts, and why. */
export interface NoBoundStart {
  readonly timeField: string;
  readonly from: number;
  /** Whether `from` is the `earliest` option (else Clover's 90-day horizon). */
  readonly fromEarliest: boolean;
  readonly isExport: boolean;
}

export function noTimeBoundWarning(s: NoBoundStart): PlanWarning {
  const { timeField, from } = s;
  return {
    code: 'NO_TIME_BOUND',
    message: s.fromEarliest
      ? `no bound on ${timeField}: the plan covers the earliest option (${iso(from)}) to now`
      : s.isExport
        ? `no bound on ${timeField}: the export covers the last 90 days, ${iso(from)} to now; add a ${timeField} range or the earliest option to go further back`
        : `no bound on ${timeField}: Clover answers only the last 90 days, so the plan covers ${iso(from)} to now; add a bound on ${timeField} or the earliest option to go further back`,
  };
}

/** The range starts after now. */
export function startsAfterNowWarning(timeField: string, start: number): PlanWarning {
  return {
    code: 'EMPTY_RANGE',
    message: `the range of ${timeField} starts after now (${iso(start)}), so nothing is requested`,
  };
}

/** The range's bounds leave nothing between them. */
export function emptyRangeWarning(timeField: string, lower: Bound, upper: Bound): PlanWarning {
  return {
    code: 'EMPTY_RANGE',
    message: `the range of ${timeField} is empty (${lower.inclusive ? '[' : '('}${iso(lower.value)}, ${iso(upper.value)}${upper.inclusive ? ']' : ')'}), so nothing is requested`,
  };
}

/** A stream has no lower bound and there is no `earliest` option to start from. */
export function missingLowerBound(timeField: string, split: boolean, span: Span): Diagnostic {
  return {
    code: 'MISSING_LOWER_BOUND',
    message: `the query needs a lower bound on ${timeField}${split ? ' in every or-branch' : ''}: Clover returns at most 90 days per request, so cloverql must know where to start`,
    span,
    hint: `add ${timeField} >= 2024-01-01 (or today - 30d), or pass the earliest option`,
  };
}

/** The plan would need more requests than a plan may have. */
export function tooManyRequests(count: number, max: number, span: Span): Diagnostic {
  return {
    code: 'INVALID_OPTION',
    message: `the plan would need ${count.toLocaleString('en-US')} requests, more than the ${max.toLocaleString('en-US')} a plan may have`,
    span,
    hint: 'narrow the time range, or use a larger windowDays option',
  };
}

/** The warnings without repeats, in first-seen order. */
export function dedupeWarnings(ws: readonly PlanWarning[]): PlanWarning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const k = `${w.code}:${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function describeLiteral(l: Literal, resource: ResourceSpec): string {
  const isTime = fieldNamed(resource, l.field)?.type === 'time';
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
