/**
 * A hand-written recursive-descent parser for the common case, a query without syntax errors,
 * that builds the AST directly from the tokens. Why: Chevrotain's parser (grammar.ts) interprets
 * the grammar through its recording and lookahead machinery, and going through a CST first
 * (build-ast.ts) allocated a tree of `children` dictionaries only to read it once; together they
 * were the largest part of a medium query's compile.
 *
 * grammar.ts stays the grammar of record, and build-ast.ts its reading. Every decision below is
 * the one Chevrotain takes, from the lookahead table in lookahead.generated.ts (the first token,
 * and the gates on the second): this parser does not parse "better" than Chevrotain, so it
 * accepts exactly the same inputs. The AST it builds is the one buildAst builds from Chevrotain's
 * CST, field for field and in the same key order: literals are decoded by the same functions
 * (ast/literals.ts). On the first unexpected token it gives up and returns `undefined`; the
 * caller then runs Chevrotain, which reports the errors. fast-ast.property.test.ts checks the
 * two paths agree on random and mutated queries, and on every example of the docs and fixtures.
 */
import type { IToken, TokenType } from 'chevrotain';
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
  tokensSpan,
} from '../ast/literals.js';
import type {
  CallNode,
  ExpressionNode,
  ExprNode,
  FieldRef,
  HavingNode,
  QueryNode,
  SelectItemNode,
  ValueNode,
} from '../ast/nodes.js';
import type { Span } from '../errors/query-error.js';
import * as T from '../lexer/tokens.js';
import { nestingError } from './parse.js';

/** Thrown (once built, never with a new stack) to leave the parse at the first surprise. */
const MISS = new Error('not on the fast path');

/** Membership of a token category by token type index (Chevrotain's tokenMatcher). */
function membership(category: TokenType): Uint8Array {
  const out = new Uint8Array(Math.max(...T.ALL_TOKENS.map((t) => t.tokenTypeIdx as number)) + 1);
  for (const t of T.ALL_TOKENS) {
    const idx = t.tokenTypeIdx as number;
    if (t === category || category.categoryMatchesMap?.[idx] === true) out[idx] = 1;
  }
  return out;
}

const FIELD_KEYWORD = membership(T.FieldKeyword);
const PATH_WORD = membership(T.PathWord);
const COMPARE_OP = membership(T.CompareOp);

/** The span from the start of `a` to the end of `b` (`b` not before `a`). */
function join(a: Span, b: Span): Span {
  return { offset: a.offset, length: b.offset + b.length - a.offset };
}

/** One parse: the tokens and a cursor. Rule methods are named after grammar.ts's rules. */
class FastAstParser {
  readonly #tokens: readonly IToken[];
  #pos = 0;

  constructor(tokens: readonly IToken[]) {
    this.#tokens = tokens;
  }

  /** The type of the token `k` ahead (1 = next), undefined past the end. */
  #la(k: number): TokenType | undefined {
    return this.#tokens[this.#pos + k - 1]?.tokenType;
  }

  /** The type index of the next token (for category checks), -1 past the end. */
  #laIdx(): number {
    return (this.#tokens[this.#pos]?.tokenTypeIdx ?? -1) as number;
  }

  /** The next token; moves past it. */
  #take(): IToken {
    return this.#tokens[this.#pos++]!;
  }

  /** CONSUME: the next token must be of `type` (no category). */
  #expect(type: TokenType): IToken {
    if (this.#la(1) !== type) throw MISS;
    return this.#tokens[this.#pos++]!;
  }

  /** Whether the next token starts an expression (Identifier or a FieldKeyword). */
  #atExpression(): boolean {
    return this.#la(1) === T.Identifier || FIELD_KEYWORD[this.#laIdx()] === 1;
  }

  query(length: number): QueryNode {
    const isExport = this.#la(1) === T.Export;
    if (isExport) this.#pos++;
    const resource = this.#expect(T.Identifier);
    let where: ExprNode | null = null;
    if (this.#la(1) === T.Where) {
      this.#pos++;
      where = this.condition();
    }
    let groupBy: ExpressionNode[] | null = null;
    if (this.#la(1) === T.Group) {
      this.#pos++;
      this.#expect(T.By);
      if (!this.#atExpression()) throw MISS;
      groupBy = [this.expression()];
      while (this.#la(1) === T.Comma) {
        this.#pos++;
        groupBy.push(this.expression());
      }
    }
    let having: HavingNode | null = null;
    if (this.#la(1) === T.Having) {
      this.#pos++;
      having = this.havingCondition();
    }
    let select: SelectItemNode[] | null = null;
    if (this.#la(1) === T.Select) {
      this.#pos++;
      if (!this.#atExpression()) throw MISS;
      select = [this.selectItem()];
      while (this.#la(1) === T.Comma) {
        this.#pos++;
        select.push(this.selectItem());
      }
    }
    let orderBy: QueryNode['orderBy'] = null;
    if (this.#la(1) === T.Order) {
      const order = this.#take();
      this.#expect(T.By);
      const field = this.expression();
      const dir = this.#la(1);
      const last = dir === T.Asc || dir === T.Desc ? this.#take() : undefined;
      orderBy = {
        field,
        direction: dir === T.Desc ? 'desc' : 'asc',
        span: last ? tokensSpan(order, last) : join(tokenSpan(order), field.span),
      };
    }
    let limit: QueryNode['limit'] = null;
    if (this.#la(1) === T.Limit) {
      this.#pos++;
      const n = this.#expect(T.NumberLiteral);
      limit = { value: Number(n.image), text: n.image, span: tokenSpan(n) };
    }
    // Chevrotain reports any token left over ("expecting EOF").
    if (this.#pos !== this.#tokens.length) throw MISS;
    return {
      kind: 'query',
      isExport,
      resource: { name: resource.image, span: tokenSpan(resource) },
      where,
      groupBy,
      having,
      select,
      orderBy,
      limit,
      span: { offset: 0, length },
    };
  }

  selectItem(): SelectItemNode {
    const expression = this.expression();
    if (this.#la(1) !== T.As) {
      return { kind: 'selectItem', expression, alias: null, span: expression.span };
    }
    this.#pos++;
    const alias = this.#expect(T.Identifier);
    const aliasSpan = tokenSpan(alias);
    return {
      kind: 'selectItem',
      expression,
      alias: { name: alias.image, span: aliasSpan },
      span: join(expression.span, aliasSpan),
    };
  }

  expression(): ExpressionNode {
    if (this.#la(1) === T.Identifier && this.#la(2) === T.LParen) return this.call();
    if (this.#atExpression()) return this.fieldRef();
    throw MISS;
  }

  call(): CallNode {
    const fn = this.#expect(T.Identifier);
    this.#expect(T.LParen);
    let distinct = false;
    let argument: FieldRef | null = null;
    let option: IToken | undefined;
    if (this.#atExpression()) {
      if (this.#la(1) === T.Distinct) {
        this.#pos++;
        distinct = true;
      }
      argument = this.fieldRef();
      if (this.#la(1) === T.Comma) {
        this.#pos++;
        option = this.#expect(T.Identifier);
      }
    }
    const r = this.#expect(T.RParen);
    return {
      kind: 'call',
      name: fn.image,
      nameSpan: tokenSpan(fn),
      distinct,
      argument,
      option: option ? { name: option.image, span: tokenSpan(option) } : null,
      span: tokensSpan(fn, r),
    };
  }

  havingCondition(): HavingNode {
    const first = this.havingDisjunct();
    if (this.#la(1) !== T.Or) return first;
    const operands = [first];
    while (this.#la(1) === T.Or) {
      this.#pos++;
      operands.push(this.havingDisjunct());
    }
    return { kind: 'havingOr', operands, span: join(first.span, operands.at(-1)!.span) };
  }

  havingDisjunct(): HavingNode {
    const first = this.havingTerm();
    if (this.#la(1) !== T.And) return first;
    const operands = [first];
    while (this.#la(1) === T.And) {
      this.#pos++;
      operands.push(this.havingTerm());
    }
    return { kind: 'havingAnd', operands, span: join(first.span, operands.at(-1)!.span) };
  }

  havingTerm(): HavingNode {
    const first = this.#la(1);
    if (first === T.Not) {
      const not = this.#take();
      const operand = this.havingTerm();
      return { kind: 'havingNot', operand, span: join(tokenSpan(not), operand.span) };
    }
    if (first === T.LParen) {
      const l = this.#take();
      const inner = this.havingCondition();
      const r = this.#expect(T.RParen);
      return { ...inner, span: tokensSpan(l, r) };
    }
    if (!this.#atExpression()) throw MISS;
    const operand = this.expression();
    if (COMPARE_OP[this.#laIdx()] === 1) {
      const op = compareOp(this.#take().image);
      const v = this.value();
      return { kind: 'havingComparison', operand, op, value: v, span: join(operand.span, v.span) };
    }
    if (this.#la(1) !== T.Is) throw MISS;
    const { negated, nullTok } = this.#isNull();
    return {
      kind: 'havingIsNull',
      operand,
      negated,
      span: join(operand.span, tokenSpan(nullTok)),
    };
  }

  /** `is [not] null`, in a predicate or a having term. */
  #isNull(): { negated: boolean; nullTok: IToken } {
    this.#pos++;
    const negated = this.#la(1) === T.Not;
    if (negated) this.#pos++;
    return { negated, nullTok: this.#expect(T.Null) };
  }

  condition(): ExprNode {
    const first = this.disjunct();
    if (this.#la(1) !== T.Or) return first;
    const operands = [first];
    while (this.#la(1) === T.Or) {
      this.#pos++;
      operands.push(this.disjunct());
    }
    return { kind: 'or', operands, span: join(first.span, operands.at(-1)!.span) };
  }

  disjunct(): ExprNode {
    const first = this.term();
    if (this.#la(1) !== T.And) return first;
    const operands = [first];
    while (this.#la(1) === T.And) {
      this.#pos++;
      operands.push(this.term());
    }
    return { kind: 'and', operands, span: join(first.span, operands.at(-1)!.span) };
  }

  term(): ExprNode {
    const first = this.#la(1);
    if (first === T.Not) {
      const not = this.#take();
      const operand = this.term();
      return { kind: 'not', operand, span: join(tokenSpan(not), operand.span) };
    }
    if (first === T.LParen) {
      const l = this.#take();
      const inner = this.condition();
      const r = this.#expect(T.RParen);
      return { ...inner, span: tokensSpan(l, r) };
    }
    if (this.#atExpression()) return this.predicate();
    throw MISS;
  }

  predicate(): ExprNode {
    const field = this.fieldRef();
    const next = this.#la(1);
    if (COMPARE_OP[this.#laIdx()] === 1) {
      const op = compareOp(this.#take().image);
      const v = this.value();
      return { kind: 'comparison', field, op, value: v, span: join(field.span, v.span) };
    }
    if (next === T.Between) {
      this.#pos++;
      const low = this.value();
      this.#expect(T.And);
      const high = this.value();
      return { kind: 'between', field, low, high, span: join(field.span, high.span) };
    }
    if (next === T.Not || next === T.In) {
      const negated = next === T.Not;
      if (negated) this.#pos++;
      this.#expect(T.In);
      this.#expect(T.LParen);
      const values = [this.value()];
      while (this.#la(1) === T.Comma) {
        this.#pos++;
        values.push(this.value());
      }
      const r = this.#expect(T.RParen);
      return { kind: 'in', field, values, negated, span: join(field.span, tokenSpan(r)) };
    }
    if (next === T.Is) {
      const { negated, nullTok } = this.#isNull();
      return { kind: 'isNull', field, negated, span: join(field.span, tokenSpan(nullTok)) };
    }
    throw MISS;
  }

  fieldRef(): FieldRef {
    const first = this.#la(1);
    // `order.id`: a keyword starts a field name only when a dot follows it.
    if (
      !(first === T.Identifier || (this.#la(2) === T.Dot && FIELD_KEYWORD[this.#laIdx()] === 1))
    ) {
      throw MISS;
    }
    const head = this.#take();
    if (this.#la(1) !== T.Dot) return { kind: 'field', name: head.image, span: tokenSpan(head) };
    const segments = [head];
    while (this.#la(1) === T.Dot) {
      this.#pos++;
      if (PATH_WORD[this.#laIdx()] !== 1) throw MISS;
      segments.push(this.#take());
    }
    return fieldFromSegments(segments);
  }

  value(): ValueNode {
    const first = this.#la(1);
    switch (first) {
      case T.Minus: {
        const sign = this.#take();
        const num = this.#la(1);
        if (num === T.NumberLiteral) return numberValue(sign, this.#take());
        if (num === T.Money) return moneyValue(sign, this.#take());
        throw MISS;
      }
      case T.NumberLiteral:
        return numberValue(undefined, this.#take());
      case T.Money:
        return moneyValue(undefined, this.#take());
      case T.StringLiteral:
        return stringValue(this.#take());
      case T.True:
      case T.False:
        return booleanValue(this.#take());
      case T.Null:
        return nullValue(this.#take());
      case T.DateLiteral:
        return dateValue(this.#take());
      case T.DateTimeLiteral:
        return dateTimeValue(this.#take());
      case T.Now:
      case T.Today:
      case T.Yesterday:
        return this.relativeTime();
      default:
        throw MISS;
    }
  }

  relativeTime(): ValueNode {
    const base = this.#take();
    const signs: IToken[] = [];
    const amounts: IToken[] = [];
    for (let s = this.#la(1); s === T.Plus || s === T.Minus; s = this.#la(1)) {
      signs.push(this.#take());
      amounts.push(this.#expect(T.Duration));
    }
    return relativeValue(base, signs, amounts);
  }
}

/**
 * The AST buildAst builds from the CST Chevrotain's strict parser builds for `tokens`, when it
 * parses them without error; `undefined` when the tokens are not a query this parser accepts
 * (then run Chevrotain, which gives the errors). Too-deep nesting is left to Chevrotain's path too.
 * `length` is the length of the query text (the query's span).
 *
 * @example fastAst(fastLex('orders limit 5')!, 14)?.limit?.value // 5
 */
export function fastAst(tokens: readonly IToken[], length: number): QueryNode | undefined {
  if (nestingError(tokens) !== undefined) return undefined;
  try {
    return new FastAstParser(tokens).query(length);
  } catch (e) {
    if (e === MISS) return undefined;
    throw e;
  }
}
