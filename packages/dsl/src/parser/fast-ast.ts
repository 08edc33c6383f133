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
import type { TokenType } from 'chevrotain';
import {
  booleanValue,
  dateTimeValue,
  dateValueAt,
  moneyValue,
  nullValue,
  numberValue,
  relativeValue,
  stringValueAt,
  type Tok,
  tokenSpan,
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
import { FastScanner } from '../lexer/fast-lex.js';
import * as T from '../lexer/tokens.js';
import type { CompareOp } from '../predicate/predicate.js';
import { MAX_NESTING } from './parse.js';

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

/**
 * The operator each comparison token type stands for, by type index, as the AST spells it
 * (ast/literals.ts's compareOp of its text: `==` is `=`, `<>` is `!=`), without slicing the text.
 */
const OPERATOR: CompareOp[] = [];
for (const [type, op] of [
  [T.Equals, '='],
  [T.NotEq, '!='],
  [T.Greater, '>'],
  [T.GreaterEq, '>='],
  [T.Less, '<'],
  [T.LessEq, '<='],
] as const) {
  OPERATOR[type.tokenTypeIdx as number] = op;
}

/** The span from the start of `a` to the end of `b` (`b` not before `a`). */
function join(a: Span, b: Span): Span {
  return { offset: a.offset, length: b.offset + b.length - a.offset };
}

/**
 * One parse: a scanner over the text, and the next two tokens it found (type, start, end; the
 * type is `undefined` at the end and `null` where the scanner is not sure, which no rule
 * accepts). Rule methods are named after grammar.ts's rules.
 */
class FastAstParser {
  readonly #source: string;
  readonly #scanner: FastScanner;
  #t1: TokenType | null | undefined;
  #s1: number;
  #e1: number;
  #t2: TokenType | null | undefined;
  #s2: number;
  #e2: number;
  /** Open parentheses, and `not`s in a row, so far (parse.ts's nestingError, as it goes). */
  #depth = 0;
  #nots = 0;
  /**
   * Lists being parsed (operands, `in` values, group keys, select items), each stacked on the
   * ones it is nested in; a finished list is copied out at its exact length. Growing each list
   * from `[first]` by push cost 16 spare slots per list (about 150 bytes on Node 20).
   */
  readonly #stack: unknown[] = [];
  #top = 0;

  constructor(source: string) {
    this.#source = source;
    const sc = new FastScanner(source);
    this.#scanner = sc;
    sc.scan();
    this.#nest(sc.type);
    this.#t1 = sc.type;
    this.#s1 = sc.start;
    this.#e1 = sc.end;
    sc.scan();
    this.#nest(sc.type);
    this.#t2 = sc.type;
    this.#s2 = sc.start;
    this.#e2 = sc.end;
  }

  /** Gives up, as parseTokens would report TOO_DEEP, when a token nests too deep. */
  #nest(type: TokenType | null | undefined): void {
    if (type === T.LParen) this.#depth++;
    else if (type === T.RParen) this.#depth = Math.max(0, this.#depth - 1);
    this.#nots = type === T.Not ? this.#nots + 1 : 0;
    if (this.#depth + this.#nots > MAX_NESTING) throw MISS;
  }

  /** Moves past the next token. */
  #skip(): void {
    this.#t1 = this.#t2;
    this.#s1 = this.#s2;
    this.#e1 = this.#e2;
    const sc = this.#scanner;
    sc.scan();
    this.#nest(sc.type);
    this.#t2 = sc.type;
    this.#s2 = sc.start;
    this.#e2 = sc.end;
  }

  /** The next token's text and offset; moves past it. */
  #take(): Tok {
    const t = { image: this.#source.slice(this.#s1, this.#e1), startOffset: this.#s1 };
    this.#skip();
    return t;
  }

  /**
   * Two token records reused for every literal: value() lends them to the decoders of
   * ast/literals.ts, which read a token's text and offset and keep nothing of the record (a new
   * object per literal was a visible part of a compile's garbage).
   */
  readonly #signTok = { image: '', startOffset: 0 };
  readonly #valueTok = { image: '', startOffset: 0 };

  /** The next token in `into` (text and offset); moves past it. */
  #lend(into: { image: string; startOffset: number }): Tok {
    into.image = this.#source.slice(this.#s1, this.#e1);
    into.startOffset = this.#s1;
    this.#skip();
    return into;
  }

  /** Puts an element of the list being parsed on the stack. */
  #push(x: unknown): void {
    this.#stack[this.#top++] = x;
  }

  /** The list whose elements were pushed since the stack's top was `base`; pops them. */
  #listFrom<T>(base: number): T[] {
    const list = this.#stack.slice(base, this.#top) as T[];
    this.#top = base;
    return list;
  }

  /** The next token's span. */
  #span(): Span {
    return { offset: this.#s1, length: this.#e1 - this.#s1 };
  }

  /** The type index of the next token (for category checks), -1 past the end. */
  #laIdx(): number {
    return (this.#t1?.tokenTypeIdx ?? -1) as number;
  }

  /** CONSUME: the next token must be of `type` (no category); moves past it. */
  #expect(type: TokenType): void {
    if (this.#t1 !== type) throw MISS;
    this.#skip();
  }

  /** CONSUME, keeping the token's span. */
  #expectSpan(type: TokenType): Span {
    if (this.#t1 !== type) throw MISS;
    const span = this.#span();
    this.#skip();
    return span;
  }

  /** CONSUME, keeping the token's text. */
  #expectTake(type: TokenType): Tok {
    if (this.#t1 !== type) throw MISS;
    return this.#take();
  }

  /** Whether the next token starts an expression (Identifier or a FieldKeyword). */
  #atExpression(): boolean {
    return this.#t1 === T.Identifier || FIELD_KEYWORD[this.#laIdx()] === 1;
  }

  query(length: number): QueryNode {
    const isExport = this.#t1 === T.Export;
    if (isExport) this.#skip();
    const resource = this.#expectTake(T.Identifier);
    let where: ExprNode | null = null;
    if (this.#t1 === T.Where) {
      this.#skip();
      where = this.condition();
    }
    let groupBy: ExpressionNode[] | null = null;
    if (this.#t1 === T.Group) {
      this.#skip();
      this.#expect(T.By);
      if (!this.#atExpression()) throw MISS;
      const base = this.#top;
      this.#push(this.expression());
      while (this.#t1 === T.Comma) {
        this.#skip();
        this.#push(this.expression());
      }
      groupBy = this.#listFrom(base);
    }
    let having: HavingNode | null = null;
    if (this.#t1 === T.Having) {
      this.#skip();
      having = this.havingCondition();
    }
    let select: SelectItemNode[] | null = null;
    if (this.#t1 === T.Select) {
      this.#skip();
      if (!this.#atExpression()) throw MISS;
      const base = this.#top;
      this.#push(this.selectItem());
      while (this.#t1 === T.Comma) {
        this.#skip();
        this.#push(this.selectItem());
      }
      select = this.#listFrom(base);
    }
    let orderBy: QueryNode['orderBy'] = null;
    if (this.#t1 === T.Order) {
      const order = this.#span();
      this.#skip();
      this.#expect(T.By);
      const field = this.expression();
      const dir = this.#t1;
      let end = field.span;
      if (dir === T.Asc || dir === T.Desc) {
        end = this.#span();
        this.#skip();
      }
      orderBy = { field, direction: dir === T.Desc ? 'desc' : 'asc', span: join(order, end) };
    }
    let limit: QueryNode['limit'] = null;
    if (this.#t1 === T.Limit) {
      this.#skip();
      const n = this.#expectTake(T.NumberLiteral);
      limit = { value: Number(n.image), text: n.image, span: tokenSpan(n) };
    }
    // Chevrotain reports any token left over ("expecting EOF").
    if (this.#t1 !== undefined) throw MISS;
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
    if (this.#t1 !== T.As) {
      return { kind: 'selectItem', expression, alias: null, span: expression.span };
    }
    this.#skip();
    const alias = this.#expectTake(T.Identifier);
    const aliasSpan = tokenSpan(alias);
    return {
      kind: 'selectItem',
      expression,
      alias: { name: alias.image, span: aliasSpan },
      span: join(expression.span, aliasSpan),
    };
  }

  expression(): ExpressionNode {
    if (this.#t1 === T.Identifier && this.#t2 === T.LParen) return this.call();
    if (this.#atExpression()) return this.fieldRef();
    throw MISS;
  }

  call(): CallNode {
    const fn = this.#expectTake(T.Identifier);
    this.#expect(T.LParen);
    let distinct = false;
    let argument: FieldRef | null = null;
    let option: Tok | undefined;
    if (this.#atExpression()) {
      if (this.#t1 === T.Distinct) {
        this.#skip();
        distinct = true;
      }
      argument = this.fieldRef();
      if (this.#t1 === T.Comma) {
        this.#skip();
        option = this.#expectTake(T.Identifier);
      }
    }
    const r = this.#expectSpan(T.RParen);
    return {
      kind: 'call',
      name: fn.image,
      nameSpan: tokenSpan(fn),
      distinct,
      argument,
      option: option ? { name: option.image, span: tokenSpan(option) } : null,
      span: join(tokenSpan(fn), r),
    };
  }

  havingCondition(): HavingNode {
    const first = this.havingDisjunct();
    if (this.#t1 !== T.Or) return first;
    const base = this.#top;
    this.#push(first);
    let last = first;
    while (this.#t1 === T.Or) {
      this.#skip();
      last = this.havingDisjunct();
      this.#push(last);
    }
    const operands = this.#listFrom<HavingNode>(base);
    return { kind: 'havingOr', operands, span: join(first.span, last.span) };
  }

  havingDisjunct(): HavingNode {
    const first = this.havingTerm();
    if (this.#t1 !== T.And) return first;
    const base = this.#top;
    this.#push(first);
    let last = first;
    while (this.#t1 === T.And) {
      this.#skip();
      last = this.havingTerm();
      this.#push(last);
    }
    const operands = this.#listFrom<HavingNode>(base);
    return { kind: 'havingAnd', operands, span: join(first.span, last.span) };
  }

  havingTerm(): HavingNode {
    const first = this.#t1;
    if (first === T.Not) {
      const not = this.#span();
      this.#skip();
      const operand = this.havingTerm();
      return { kind: 'havingNot', operand, span: join(not, operand.span) };
    }
    if (first === T.LParen) {
      const l = this.#span();
      this.#skip();
      const inner = this.havingCondition();
      return { ...inner, span: join(l, this.#expectSpan(T.RParen)) };
    }
    if (!this.#atExpression()) throw MISS;
    const operand = this.expression();
    const op = OPERATOR[this.#laIdx()];
    if (op !== undefined) {
      this.#skip();
      const v = this.value();
      return { kind: 'havingComparison', operand, op, value: v, span: join(operand.span, v.span) };
    }
    if (this.#t1 !== T.Is) throw MISS;
    const { negated, nullSpan } = this.#isNull();
    return {
      kind: 'havingIsNull',
      operand,
      negated,
      span: join(operand.span, nullSpan),
    };
  }

  /** `is [not] null`, in a predicate or a having term. */
  #isNull(): { negated: boolean; nullSpan: Span } {
    this.#skip();
    const negated = this.#t1 === T.Not;
    if (negated) this.#skip();
    return { negated, nullSpan: this.#expectSpan(T.Null) };
  }

  condition(): ExprNode {
    const first = this.disjunct();
    if (this.#t1 !== T.Or) return first;
    const base = this.#top;
    this.#push(first);
    let last = first;
    while (this.#t1 === T.Or) {
      this.#skip();
      last = this.disjunct();
      this.#push(last);
    }
    const operands = this.#listFrom<ExprNode>(base);
    return { kind: 'or', operands, span: join(first.span, last.span) };
  }

  disjunct(): ExprNode {
    const first = this.term();
    if (this.#t1 !== T.And) return first;
    const base = this.#top;
    this.#push(first);
    let last = first;
    while (this.#t1 === T.And) {
      this.#skip();
      last = this.term();
      this.#push(last);
    }
    const operands = this.#listFrom<ExprNode>(base);
    return { kind: 'and', operands, span: join(first.span, last.span) };
  }

  term(): ExprNode {
    const first = this.#t1;
    if (first === T.Not) {
      const not = this.#span();
      this.#skip();
      const operand = this.term();
      return { kind: 'not', operand, span: join(not, operand.span) };
    }
    if (first === T.LParen) {
      const l = this.#span();
      this.#skip();
      const inner = this.condition();
      return { ...inner, span: join(l, this.#expectSpan(T.RParen)) };
    }
    if (this.#atExpression()) return this.predicate();
    throw MISS;
  }

  predicate(): ExprNode {
    const field = this.fieldRef();
    const next = this.#t1;
    const op = OPERATOR[this.#laIdx()];
    if (op !== undefined) {
      this.#skip();
      const v = this.value();
      return { kind: 'comparison', field, op, value: v, span: join(field.span, v.span) };
    }
    if (next === T.Between) {
      this.#skip();
      const low = this.value();
      this.#expect(T.And);
      const high = this.value();
      return { kind: 'between', field, low, high, span: join(field.span, high.span) };
    }
    if (next === T.Not || next === T.In) {
      const negated = next === T.Not;
      if (negated) this.#skip();
      this.#expect(T.In);
      this.#expect(T.LParen);
      const base = this.#top;
      this.#push(this.value());
      while (this.#t1 === T.Comma) {
        this.#skip();
        this.#push(this.value());
      }
      const values = this.#listFrom<ValueNode>(base);
      const r = this.#expectSpan(T.RParen);
      return { kind: 'in', field, values, negated, span: join(field.span, r) };
    }
    if (next === T.Is) {
      const { negated, nullSpan } = this.#isNull();
      return { kind: 'isNull', field, negated, span: join(field.span, nullSpan) };
    }
    throw MISS;
  }

  fieldRef(): FieldRef {
    const first = this.#t1;
    // `order.id`: a keyword starts a field name only when a dot follows it.
    if (!(first === T.Identifier || (this.#t2 === T.Dot && FIELD_KEYWORD[this.#laIdx()] === 1))) {
      throw MISS;
    }
    if (this.#t2 !== T.Dot) {
      const span = this.#span();
      const name = this.#source.slice(this.#s1, this.#e1);
      this.#skip();
      return { kind: 'field', name, span };
    }
    // A dotted name (ast/literals.ts's fieldFromSegments, without a token per segment): its
    // segments joined by dots; one slice of the text when nothing separates them.
    const source = this.#source;
    const start = this.#s1;
    let end = this.#e1;
    let name = '';
    let contiguous = true;
    this.#skip();
    while (this.#t1 === T.Dot) {
      const dotStart = this.#s1;
      const dotEnd = this.#e1;
      this.#skip();
      if (PATH_WORD[this.#laIdx()] !== 1) throw MISS;
      if (contiguous && (dotStart !== end || this.#s1 !== dotEnd)) {
        // Space or a comment around this dot: the segments so far, then each one joined.
        contiguous = false;
        name = source.slice(start, end);
      }
      if (!contiguous) name += `.${source.slice(this.#s1, this.#e1)}`;
      end = this.#e1;
      this.#skip();
    }
    if (contiguous) name = source.slice(start, end);
    return { kind: 'field', name, span: { offset: start, length: end - start } };
  }

  value(): ValueNode {
    const first = this.#t1;
    switch (first) {
      case T.Minus: {
        const sign = this.#lend(this.#signTok);
        const num = this.#t1;
        if (num === T.NumberLiteral) return numberValue(sign, this.#lend(this.#valueTok));
        if (num === T.Money) return moneyValue(sign, this.#lend(this.#valueTok));
        throw MISS;
      }
      case T.NumberLiteral:
        return numberValue(undefined, this.#lend(this.#valueTok));
      case T.Money:
        return moneyValue(undefined, this.#lend(this.#valueTok));
      case T.StringLiteral: {
        const v = stringValueAt(this.#source, this.#s1, this.#e1);
        this.#skip();
        return v;
      }
      case T.True:
      case T.False:
        return booleanValue(this.#lend(this.#valueTok));
      case T.Null:
        return nullValue(this.#lend(this.#valueTok));
      case T.DateLiteral: {
        const v = dateValueAt(this.#source, this.#s1, this.#s1);
        this.#skip();
        return v;
      }
      case T.DateTimeLiteral:
        return dateTimeValue(this.#lend(this.#valueTok));
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
    const signs: Tok[] = [];
    const amounts: Tok[] = [];
    for (let s = this.#t1; s === T.Plus || s === T.Minus; s = this.#t1) {
      signs.push(this.#take());
      amounts.push(this.#expectTake(T.Duration));
    }
    return relativeValue(base, signs, amounts);
  }
}

/**
 * The AST buildAst builds from the CST Chevrotain's strict parser builds for `source`, when
 * Chevrotain lexes and parses it without error; `undefined` when it is not a query this parser
 * accepts (then run Chevrotain, which gives the errors). Too-deep nesting is left to Chevrotain's
 * path too.
 *
 * @example fastAst('orders limit 5')?.limit?.value // 5
 */
export function fastAst(source: string): QueryNode | undefined {
  try {
    return new FastAstParser(source).query(source.length);
  } catch (e) {
    if (e === MISS) return undefined;
    throw e;
  }
}
