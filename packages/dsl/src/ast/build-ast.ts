/**
 * CST -> AST: turns Chevrotain's concrete syntax tree into the read-only surface AST. It only
 * reshapes and decodes literals (string escapes, money, date parts); meaning is checked later.
 * It runs only on a CST that parsed without errors.
 */
import type { CstNode, IToken } from 'chevrotain';
import type {
  CallCstNode,
  ConditionCstNode,
  DisjunctCstNode,
  ExpressionCstNode,
  FieldRefCstNode,
  HavingConditionCstNode,
  HavingDisjunctCstNode,
  HavingTermCstNode,
  PredicateCstNode,
  QueryCstNode,
  SelectItemCstNode,
  TermCstNode,
  ValueCstNode,
} from '../parser/cst-types.generated.js';
import {
  booleanValue,
  compareOp,
  dateTimeValue,
  dateValue,
  fieldFromSegments,
  moneyValue,
  nullValue,
  numberValue,
  relativeValue,
  stringValue,
  tokenSpan,
} from './literals.js';
import type {
  CallNode,
  ExpressionNode,
  ExprNode,
  FieldRef,
  HavingNode,
  QueryNode,
  SelectItemNode,
  ValueNode,
} from './nodes.js';
import { spanOf } from './nodes.js';

export { unquote } from './literals.js';

// The CST is read through the types Chevrotain generates from the grammar
// (parser/cst-types.generated.ts): a label is a key of a node's `children`, so a renamed label or
// rule fails to compile here instead of reading `undefined` at run time.
type Element<A> = A extends readonly (infer E)[] ? E : never;
/** The labels of `C` whose elements are tokens. */
type TokenLabel<C> = {
  [K in keyof C]-?: Element<NonNullable<C[K]>> extends IToken ? K : never;
}[keyof C];
/** The labels of `C` whose elements are CST nodes, and the node type of each. */
type NodeLabel<C> = {
  [K in keyof C]-?: Element<NonNullable<C[K]>> extends CstNode ? K : never;
}[keyof C];

function tok<C>(children: C, label: TokenLabel<C>): IToken | undefined {
  return (children[label] as IToken[] | undefined)?.[0];
}
function node<C, K extends NodeLabel<C>>(children: C, label: K): Element<C[K]> | undefined {
  return (children[label] as Element<C[K]>[] | undefined)?.[0];
}
function nodes<C, K extends NodeLabel<C>>(children: C, label: K): Element<NonNullable<C[K]>>[] {
  return (children[label] as Element<NonNullable<C[K]>>[] | undefined) ?? [];
}
function tokens<C>(children: C, label: TokenLabel<C>): IToken[] {
  return (children[label] as IToken[] | undefined) ?? [];
}
function must<T>(x: T | undefined, what: string): T {
  if (x === undefined) throw new TypeError(`malformed CST: missing ${what}`);
  return x;
}

/** Builds the AST of a whole query from the CST of the `query` rule. */
export function buildAst(cst: CstNode, source: string): QueryNode {
  const c = (cst as QueryCstNode).children;
  const resourceTok = must(tok(c, 'resource'), 'resource');
  const condition = node(c, 'condition');
  const orderField = node(c, 'orderField');
  const limitTok = tok(c, 'limitValue');
  const asc = tok(c, 'Asc');
  const desc = tok(c, 'Desc');
  const orderTok = tok(c, 'Order');
  const orderByField = orderField ? expression(orderField) : null;
  const groupKeys = nodes(c, 'groupKey');
  const havingCst = node(c, 'havingCondition');
  const selectItems = nodes(c, 'selectItem');
  return {
    kind: 'query',
    isExport: tok(c, 'Export') !== undefined,
    resource: { name: resourceTok.image, span: tokenSpan(resourceTok) },
    where: condition ? expr(condition) : null,
    groupBy: groupKeys.length > 0 ? groupKeys.map(expression) : null,
    having: havingCst ? having(havingCst) : null,
    select: selectItems.length > 0 ? selectItems.map(selectItem) : null,
    orderBy:
      orderByField && orderTok
        ? {
            field: orderByField,
            direction: desc ? 'desc' : 'asc',
            span: spanOf(
              tokenSpan(orderTok),
              orderByField.span,
              tokenSpan(asc ?? desc ?? orderTok),
            ),
          }
        : null,
    limit: limitTok
      ? { value: Number(limitTok.image), text: limitTok.image, span: tokenSpan(limitTok) }
      : null,
    span: { offset: 0, length: source.length },
  };
}

function expr(cst: ConditionCstNode | DisjunctCstNode | TermCstNode): ExprNode {
  switch (cst.name) {
    case 'condition': {
      const operands = nodes(cst.children, 'disjunct').map(expr);
      return operands.length === 1
        ? operands[0]!
        : { kind: 'or', operands, span: spanOf(...operands.map((o) => o.span)) };
    }
    case 'disjunct': {
      const operands = nodes(cst.children, 'term').map(expr);
      return operands.length === 1
        ? operands[0]!
        : { kind: 'and', operands, span: spanOf(...operands.map((o) => o.span)) };
    }
    case 'term': {
      const c = cst.children;
      const notTok = tok(c, 'Not');
      if (notTok) {
        const operand = expr(must(node(c, 'term'), 'negated term'));
        return { kind: 'not', operand, span: spanOf(tokenSpan(notTok), operand.span) };
      }
      const inner = node(c, 'condition');
      if (inner) {
        const e = expr(inner);
        const l = must(tok(c, 'LParen'), '(');
        const r = must(tok(c, 'RParen'), ')');
        return { ...e, span: spanOf(tokenSpan(l), tokenSpan(r)) };
      }
      return predicate(must(node(c, 'predicate'), 'predicate'));
    }
    default:
      return assertNever(cst);
  }
}

function predicate(cst: PredicateCstNode): ExprNode {
  const c = cst.children;
  const field = fieldRef(must(node(c, 'fieldRef'), 'field'));
  const opTok = tok(c, 'CompareOp');
  if (opTok) {
    const v = value(must(node(c, 'value'), 'value'));
    return {
      kind: 'comparison',
      field,
      op: compareOp(opTok.image),
      value: v,
      span: spanOf(field.span, v.span),
    };
  }
  if (tok(c, 'Between')) {
    const low = value(must(node(c, 'low'), 'low'));
    const high = value(must(node(c, 'high'), 'high'));
    return { kind: 'between', field, low, high, span: spanOf(field.span, high.span) };
  }
  if (tok(c, 'In')) {
    const values = nodes(c, 'listValue').map(value);
    const r = must(tok(c, 'RParen'), ')');
    return {
      kind: 'in',
      field,
      values,
      negated: tok(c, 'notIn') !== undefined,
      span: spanOf(field.span, tokenSpan(r)),
    };
  }
  const nullTok = must(tok(c, 'Null'), 'null');
  return {
    kind: 'isNull',
    field,
    negated: tok(c, 'isNot') !== undefined,
    span: spanOf(field.span, tokenSpan(nullTok)),
  };
}

function expression(cst: ExpressionCstNode): ExpressionNode {
  const c = cst.children;
  const callCst = node(c, 'call');
  return callCst ? call(callCst) : fieldRef(must(node(c, 'fieldRef'), 'field'));
}

function call(cst: CallCstNode): CallNode {
  const c = cst.children;
  const fn = must(tok(c, 'function'), 'function name');
  const arg = node(c, 'argument');
  const option = tok(c, 'option');
  const r = must(tok(c, 'RParen'), ')');
  return {
    kind: 'call',
    name: fn.image,
    nameSpan: tokenSpan(fn),
    distinct: tok(c, 'Distinct') !== undefined,
    argument: arg ? fieldRef(arg) : null,
    option: option ? { name: option.image, span: tokenSpan(option) } : null,
    span: spanOf(tokenSpan(fn), tokenSpan(r)),
  };
}

function selectItem(cst: SelectItemCstNode): SelectItemNode {
  const c = cst.children;
  const e = expression(must(node(c, 'expression'), 'select item'));
  const alias = tok(c, 'alias');
  return {
    kind: 'selectItem',
    expression: e,
    alias: alias ? { name: alias.image, span: tokenSpan(alias) } : null,
    span: alias ? spanOf(e.span, tokenSpan(alias)) : e.span,
  };
}

function having(
  cst: HavingConditionCstNode | HavingDisjunctCstNode | HavingTermCstNode,
): HavingNode {
  switch (cst.name) {
    case 'havingCondition': {
      const operands = nodes(cst.children, 'havingDisjunct').map(having);
      return operands.length === 1
        ? operands[0]!
        : { kind: 'havingOr', operands, span: spanOf(...operands.map((o) => o.span)) };
    }
    case 'havingDisjunct': {
      const operands = nodes(cst.children, 'havingTerm').map(having);
      return operands.length === 1
        ? operands[0]!
        : { kind: 'havingAnd', operands, span: spanOf(...operands.map((o) => o.span)) };
    }
    case 'havingTerm': {
      const c = cst.children;
      const notTok = tok(c, 'Not');
      if (notTok) {
        const operand = having(must(node(c, 'havingTerm'), 'negated term'));
        return { kind: 'havingNot', operand, span: spanOf(tokenSpan(notTok), operand.span) };
      }
      const inner = node(c, 'havingCondition');
      if (inner) {
        const e = having(inner);
        const l = must(tok(c, 'LParen'), '(');
        const r = must(tok(c, 'RParen'), ')');
        return { ...e, span: spanOf(tokenSpan(l), tokenSpan(r)) };
      }
      const operand = expression(must(node(c, 'expression'), 'having operand'));
      const opTok = tok(c, 'CompareOp');
      if (opTok) {
        const v = value(must(node(c, 'value'), 'value'));
        return {
          kind: 'havingComparison',
          operand,
          op: compareOp(opTok.image),
          value: v,
          span: spanOf(operand.span, v.span),
        };
      }
      const nullTok = must(tok(c, 'Null'), 'null');
      return {
        kind: 'havingIsNull',
        operand,
        negated: tok(c, 'isNot') !== undefined,
        span: spanOf(operand.span, tokenSpan(nullTok)),
      };
    }
    default:
      return assertNever(cst);
  }
}

function fieldRef(cst: FieldRefCstNode): FieldRef {
  const segs = tokens(cst.children, 'segment');
  must(segs[0], 'field name');
  return fieldFromSegments(segs);
}

function value(cst: ValueCstNode): ValueNode {
  const c = cst.children;
  const sign = tok(c, 'sign');
  const num = tok(c, 'NumberLiteral');
  if (num) return numberValue(sign, num);
  const money = tok(c, 'Money');
  if (money) return moneyValue(sign, money);
  const str = tok(c, 'StringLiteral');
  if (str) return stringValue(str);
  const t = tok(c, 'True') ?? tok(c, 'False');
  if (t) return booleanValue(t);
  const n = tok(c, 'Null');
  if (n) return nullValue(n);
  const d = tok(c, 'DateLiteral');
  if (d) return dateValue(d);
  const dt = tok(c, 'DateTimeLiteral');
  if (dt) return dateTimeValue(dt);
  const r = must(node(c, 'relativeTime'), 'value').children;
  return relativeValue(
    must(tok(r, 'base'), 'relative base'),
    tokens(r, 'stepSign'),
    tokens(r, 'stepAmount'),
  );
}

function assertNever(cst: never): never {
  throw new TypeError(`malformed CST: unexpected rule ${(cst as CstNode).name}`);
}
