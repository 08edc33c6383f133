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

export interface OrderByNode {
  readonly field: FieldRef;
  readonly direction: 'asc' | 'desc';
  readonly span: Span;
}

/** A whole query. */
export interface QueryNode {
  readonly kind: 'query';
  readonly isExport: boolean;
  readonly resource: { readonly name: string; readonly span: Span };
  readonly where: ExprNode | null;
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
