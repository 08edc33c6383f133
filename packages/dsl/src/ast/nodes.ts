/**
 * The surface AST: what the user wrote, with source spans, before any checking. Nodes are
 * read-only data with a `kind`, built by the CST visitor in `build-ast.ts`.
 */
import type { Span } from '../errors/query-error.js';
import type { CompareOp } from '../predicate/predicate.js';

export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

export interface NumberValue {
  readonly kind: 'number';
  readonly value: number;
  /** The digits as written, to tell `10` from `10.0` and to report the text. */
  readonly text: string;
  readonly span: Span;
}
export interface MoneyValue {
  readonly kind: 'money';
  readonly cents: number;
  readonly span: Span;
}
export interface StringValue {
  readonly kind: 'string';
  readonly value: string;
  readonly span: Span;
}
export interface BooleanValue {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: Span;
}
export interface NullValue {
  readonly kind: 'null';
  readonly span: Span;
}
/** A calendar date: a whole day in the query's time zone. */
export interface DateValue {
  readonly kind: 'date';
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly span: Span;
}
/** A UTC offset as written: `+05:30` is sign 1, 5 hours, 30 minutes. */
export interface UtcOffset {
  readonly sign: 1 | -1;
  readonly hours: number;
  readonly minutes: number;
}
/** A wall-clock date and time; `offset` null means "in the query's time zone". */
export interface DateTimeValue {
  readonly kind: 'datetime';
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly offset: UtcOffset | null;
  readonly span: Span;
}
export interface RelativeStep {
  readonly sign: 1 | -1;
  readonly amount: number;
  readonly unit: DurationUnit;
}
/** `now`, `today` or `yesterday`, shifted by durations: `today - 2w`, `now - 36h`. */
export interface RelativeValue {
  readonly kind: 'relative';
  readonly base: 'now' | 'today' | 'yesterday';
  readonly steps: readonly RelativeStep[];
  readonly span: Span;
}

export type ValueNode =
  | NumberValue
  | MoneyValue
  | StringValue
  | BooleanValue
  | NullValue
  | DateValue
  | DateTimeValue
  | RelativeValue;

/** A (possibly dotted) field name as written. */
export interface FieldRef {
  readonly kind: 'field';
  readonly name: string;
  readonly span: Span;
}

export interface ComparisonNode {
  readonly kind: 'comparison';
  readonly field: FieldRef;
  readonly op: CompareOp;
  readonly value: ValueNode;
  readonly span: Span;
}
export interface BetweenNode {
  readonly kind: 'between';
  readonly field: FieldRef;
  readonly low: ValueNode;
  readonly high: ValueNode;
  readonly span: Span;
}
export interface InNode {
  readonly kind: 'in';
  readonly field: FieldRef;
  readonly values: readonly ValueNode[];
  readonly negated: boolean;
  readonly span: Span;
}
export interface IsNullNode {
  readonly kind: 'isNull';
  readonly field: FieldRef;
  readonly negated: boolean;
  readonly span: Span;
}
export interface AndNode {
  readonly kind: 'and';
  readonly operands: readonly ExprNode[];
  readonly span: Span;
}
export interface OrNode {
  readonly kind: 'or';
  readonly operands: readonly ExprNode[];
  readonly span: Span;
}
export interface NotNode {
  readonly kind: 'not';
  readonly operand: ExprNode;
  readonly span: Span;
}

export type ExprNode =
  | ComparisonNode
  | BetweenNode
  | InNode
  | IsNullNode
  | AndNode
  | OrNode
  | NotNode;

/**
 * A function call: an aggregate (`count()`, `count(distinct tender.id)`, `sum(amount)`) or a time
 * bucket (`day(createdTime)`, `week(createdTime, sunday)`). The name is checked later, so an
 * unknown function is a semantic error with a did-you-mean hint, not a syntax error.
 */
export interface CallNode {
  readonly kind: 'call';
  /** The function name as written. */
  readonly name: string;
  readonly nameSpan: Span;
  readonly distinct: boolean;
  readonly argument: FieldRef | null;
  /** The second argument (`sunday` in `week(createdTime, sunday)`), or null. */
  readonly option: { readonly name: string; readonly span: Span } | null;
  readonly span: Span;
}

/** What a select item, a group key, an order key or a having operand names. */
export type ExpressionNode = FieldRef | CallNode;

/** One item of a select list: `amount`, `sum(amount) as total`. */
export interface SelectItemNode {
  readonly kind: 'selectItem';
  readonly expression: ExpressionNode;
  readonly alias: { readonly name: string; readonly span: Span } | null;
  readonly span: Span;
}

/** `sum(amount) > $100`, `tender.label is null`: a condition on a group. */
export interface HavingComparisonNode {
  readonly kind: 'havingComparison';
  readonly operand: ExpressionNode;
  readonly op: CompareOp;
  readonly value: ValueNode;
  readonly span: Span;
}
export interface HavingIsNullNode {
  readonly kind: 'havingIsNull';
  readonly operand: ExpressionNode;
  readonly negated: boolean;
  readonly span: Span;
}
export interface HavingAndNode {
  readonly kind: 'havingAnd';
  readonly operands: readonly HavingNode[];
  readonly span: Span;
}
export interface HavingOrNode {
  readonly kind: 'havingOr';
  readonly operands: readonly HavingNode[];
  readonly span: Span;
}
export interface HavingNotNode {
  readonly kind: 'havingNot';
  readonly operand: HavingNode;
  readonly span: Span;
}

/** The condition of a `having` clause. */
export type HavingNode =
  | HavingComparisonNode
  | HavingIsNullNode
  | HavingAndNode
  | HavingOrNode
  | HavingNotNode;

export interface OrderByNode {
  /** A field; in a query with aggregates also an aggregate, a time bucket or a select alias. */
  readonly field: ExpressionNode;
  readonly direction: 'asc' | 'desc';
  readonly span: Span;
}

/** A whole query. */
export interface QueryNode {
  readonly kind: 'query';
  readonly isExport: boolean;
  readonly resource: { readonly name: string; readonly span: Span };
  readonly where: ExprNode | null;
  /** `group by` keys, or null without the clause. */
  readonly groupBy: readonly ExpressionNode[] | null;
  readonly having: HavingNode | null;
  /** The select list, or null without the clause (whole records). */
  readonly select: readonly SelectItemNode[] | null;
  readonly orderBy: OrderByNode | null;
  readonly limit: { readonly value: number; readonly text: string; readonly span: Span } | null;
  readonly span: Span;
}

/** Joins spans into the smallest span covering all of them. */
export function spanOf(...spans: Span[]): Span {
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const s of spans) {
    start = Math.min(start, s.offset);
    end = Math.max(end, s.offset + s.length);
  }
  return Number.isFinite(start) ? { offset: start, length: end - start } : { offset: 0, length: 0 };
}
