/**
 * CST -> AST: turns Chevrotain's concrete syntax tree into the read-only surface AST. It only
 * reshapes and decodes literals (string escapes, money, date parts); meaning is checked later.
 * It runs only on a CST that parsed without errors.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { Span } from '../errors/query-error.js';
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
  RelativeTimeCstNode,
  SelectItemCstNode,
  TermCstNode,
  ValueCstNode,
} from '../parser/cst-types.generated.js';
import type { CompareOp } from '../predicate/predicate.js';
import type {
  CallNode,
  DurationUnit,
  ExpressionNode,
  ExprNode,
  FieldRef,
  HavingNode,
  QueryNode,
  RelativeStep,
  SelectItemNode,
  UtcOffset,
  ValueNode,
} from './nodes.js';
import { spanOf } from './nodes.js';

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

const tokenSpan = (t: IToken): Span => ({ offset: t.startOffset, length: t.image.length });

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
  const first = must(segs[0], 'field name');
  const last = segs[segs.length - 1]!;
  return {
    kind: 'field',
    name: segs.length === 1 ? first.image : segs.map((t) => t.image).join('.'),
    span: spanOf(tokenSpan(first), tokenSpan(last)),
  };
}

function compareOp(image: string): CompareOp {
  switch (image) {
    case '==':
      return '=';
    case '<>':
      return '!=';
    default:
      return image as CompareOp;
  }
}

function value(cst: ValueCstNode): ValueNode {
  const c = cst.children;
  const sign = tok(c, 'sign');
  const num = tok(c, 'NumberLiteral');
  if (num) {
    const span = sign ? spanOf(tokenSpan(sign), tokenSpan(num)) : tokenSpan(num);
    const text = `${sign ? '-' : ''}${num.image}`;
    return { kind: 'number', value: Number(text), text, span };
  }
  const money = tok(c, 'Money');
  if (money) {
    const span = sign ? spanOf(tokenSpan(sign), tokenSpan(money)) : tokenSpan(money);
    const dot = money.image.indexOf('.');
    const dollars = dot < 0 ? money.image.slice(1) : money.image.slice(1, dot);
    const frac = dot < 0 ? '' : money.image.slice(dot + 1);
    const cents = Number(dollars) * 100 + Number(frac.padEnd(2, '0'));
    return { kind: 'money', cents: sign ? -cents : cents, span };
  }
  const str = tok(c, 'StringLiteral');
  if (str) return { kind: 'string', value: unquote(str.image), span: tokenSpan(str) };
  const t = tok(c, 'True') ?? tok(c, 'False');
  if (t) return { kind: 'boolean', value: t.image.toLowerCase() === 'true', span: tokenSpan(t) };
  const n = tok(c, 'Null');
  if (n) return { kind: 'null', span: tokenSpan(n) };
  const d = tok(c, 'DateLiteral');
  if (d) {
    // The token is exactly `YYYY-MM-DD`.
    const s = d.image;
    return {
      kind: 'date',
      year: Number(s.slice(0, 4)),
      month: Number(s.slice(5, 7)),
      day: Number(s.slice(8, 10)),
      span: tokenSpan(d),
    };
  }
  const dt = tok(c, 'DateTimeLiteral');
  if (dt) return dateTime(dt);
  return relative(must(node(c, 'relativeTime'), 'value'));
}

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

function dateTime(t: IToken): ValueNode {
  const m = must(DATETIME.exec(t.image) ?? undefined, 'datetime parts');
  const num = (i: number) => Number(m[i] ?? 0);
  let offset: UtcOffset | null = null;
  if (m[8]) offset = { sign: 1, hours: 0, minutes: 0 };
  else if (m[9]) offset = { sign: m[9] === '-' ? -1 : 1, hours: num(10), minutes: num(11) };
  return {
    kind: 'datetime',
    year: num(1),
    month: num(2),
    day: num(3),
    hour: num(4),
    minute: num(5),
    second: num(6),
    millisecond: Number((m[7] ?? '0').padEnd(3, '0')),
    offset,
    span: tokenSpan(t),
  };
}

function relative(cst: RelativeTimeCstNode): ValueNode {
  const c = cst.children;
  const base = must(tok(c, 'base'), 'relative base');
  const signs = tokens(c, 'stepSign');
  const amounts = tokens(c, 'stepAmount');
  const steps: RelativeStep[] = amounts.map((a, i) => {
    const unitMatch = /^(\d+)(ms|[smhdw])$/.exec(a.image);
    const [, n = '0', unit = 'ms'] = unitMatch ?? [];
    return {
      sign: signs[i]?.image === '-' ? -1 : 1,
      amount: Number(n),
      unit: unit as DurationUnit,
    };
  });
  const last = amounts[amounts.length - 1];
  return {
    kind: 'relative',
    base: base.image.toLowerCase() as 'now' | 'today' | 'yesterday',
    steps,
    span: last ? spanOf(tokenSpan(base), tokenSpan(last)) : tokenSpan(base),
  };
}

function assertNever(cst: never): never {
  throw new TypeError(`malformed CST: unexpected rule ${(cst as CstNode).name}`);
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** Decodes a quoted string literal: `''` inside single quotes and backslash escapes. */
export function unquote(image: string): string {
  const quote = image[0]!;
  const body = image.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[++i]!;
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
        out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
        i += 4;
      } else {
        out += ESCAPES[next] ?? next;
      }
    } else if (ch === quote && quote === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}
