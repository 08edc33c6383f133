/**
 * A hand-written recursive-descent parser for the common case: a query without syntax errors.
 * Why two parsers: Chevrotain's (grammar.ts) interprets the grammar through its recording and
 * lookahead machinery and was the largest part of a medium query's compile; this one is plain
 * functions over the token array.
 *
 * grammar.ts stays the grammar of record. This parser builds exactly the CST Chevrotain's strict
 * parser builds (same rule names, same labels in the same order, same token objects), so
 * ast/build-ast.ts reads either. Every decision below is the one Chevrotain takes, from the
 * lookahead table in lookahead.generated.ts (the first token, and the gates on the second): it
 * does not parse "better" than Chevrotain, so it accepts exactly the same inputs. On the first
 * unexpected token it gives up and returns `undefined`; the caller then runs Chevrotain, which
 * reports the errors. fast-parse.property.test.ts checks the two agree on random and mutated
 * queries, and that every example of the docs and golden fixtures parses the same.
 */
import type { CstNode, IToken, TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { nestingError } from './parse.js';

type Children = Record<string, (IToken | CstNode)[]>;

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

/** The first tokens of `value` (lookahead table, `value.Alternation0`). */
const VALUE_START: ReadonlySet<TokenType> = new Set([
  T.Minus,
  T.NumberLiteral,
  T.Money,
  T.StringLiteral,
  T.True,
  T.False,
  T.Null,
  T.DateLiteral,
  T.DateTimeLiteral,
  T.Now,
  T.Today,
  T.Yesterday,
]);

/** A CST node as Chevrotain builds it without location tracking. */
function node(name: string, children: Children): CstNode {
  return { name, children };
}

/** A fresh `children` object, as Chevrotain makes it (no prototype). */
function newChildren(): Children {
  return Object.create(null) as Children;
}

function add(children: Children, key: string, item: IToken | CstNode): void {
  const list = children[key];
  if (list === undefined) children[key] = [item];
  else list.push(item);
}

/** One parse: the tokens and a cursor. Rule methods are named after grammar.ts's rules. */
class FastParser {
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

  /** Adds the next token to `children` under `key` and moves past it. */
  #take(children: Children, key: string): void {
    add(children, key, this.#tokens[this.#pos]!);
    this.#pos++;
  }

  /** CONSUME: the next token must be of `type` (no category). */
  #expect(children: Children, type: TokenType, key: string): void {
    if (this.#la(1) !== type) throw MISS;
    this.#take(children, key);
  }

  /** Whether the next token starts an expression (Identifier or a FieldKeyword). */
  #atExpression(): boolean {
    return this.#la(1) === T.Identifier || FIELD_KEYWORD[this.#laIdx()] === 1;
  }

  query(): CstNode {
    const c = newChildren();
    if (this.#la(1) === T.Export) this.#take(c, 'Export');
    this.#expect(c, T.Identifier, 'resource');
    if (this.#la(1) === T.Where) {
      this.#take(c, 'Where');
      add(c, 'condition', this.condition());
    }
    if (this.#la(1) === T.Group) {
      this.#take(c, 'Group');
      this.#expect(c, T.By, 'groupBy');
      if (!this.#atExpression()) throw MISS;
      add(c, 'groupKey', this.expression());
      while (this.#la(1) === T.Comma) {
        this.#take(c, 'Comma');
        add(c, 'groupKey', this.expression());
      }
    }
    if (this.#la(1) === T.Having) {
      this.#take(c, 'Having');
      add(c, 'havingCondition', this.havingCondition());
    }
    if (this.#la(1) === T.Select) {
      this.#take(c, 'Select');
      if (!this.#atExpression()) throw MISS;
      add(c, 'selectItem', this.selectItem());
      while (this.#la(1) === T.Comma) {
        this.#take(c, 'Comma');
        add(c, 'selectItem', this.selectItem());
      }
    }
    if (this.#la(1) === T.Order) {
      this.#take(c, 'Order');
      this.#expect(c, T.By, 'By');
      add(c, 'orderField', this.expression());
      const dir = this.#la(1);
      if (dir === T.Asc) this.#take(c, 'Asc');
      else if (dir === T.Desc) this.#take(c, 'Desc');
    }
    if (this.#la(1) === T.Limit) {
      this.#take(c, 'Limit');
      this.#expect(c, T.NumberLiteral, 'limitValue');
    }
    // Chevrotain reports any token left over ("expecting EOF").
    if (this.#pos !== this.#tokens.length) throw MISS;
    return node('query', c);
  }

  selectItem(): CstNode {
    const c = newChildren();
    add(c, 'expression', this.expression());
    if (this.#la(1) === T.As) {
      this.#take(c, 'As');
      this.#expect(c, T.Identifier, 'alias');
    }
    return node('selectItem', c);
  }

  expression(): CstNode {
    const c = newChildren();
    const first = this.#la(1);
    if (first === T.Identifier && this.#la(2) === T.LParen) add(c, 'call', this.call());
    else if (this.#atExpression()) add(c, 'fieldRef', this.fieldRef());
    else throw MISS;
    return node('expression', c);
  }

  call(): CstNode {
    const c = newChildren();
    this.#expect(c, T.Identifier, 'function');
    this.#expect(c, T.LParen, 'LParen');
    if (this.#atExpression()) {
      if (this.#la(1) === T.Distinct) this.#take(c, 'Distinct');
      add(c, 'argument', this.fieldRef());
      if (this.#la(1) === T.Comma) {
        this.#take(c, 'Comma');
        this.#expect(c, T.Identifier, 'option');
      }
    }
    this.#expect(c, T.RParen, 'RParen');
    return node('call', c);
  }

  havingCondition(): CstNode {
    const c = newChildren();
    add(c, 'havingDisjunct', this.havingDisjunct());
    while (this.#la(1) === T.Or) {
      this.#take(c, 'Or');
      add(c, 'havingDisjunct', this.havingDisjunct());
    }
    return node('havingCondition', c);
  }

  havingDisjunct(): CstNode {
    const c = newChildren();
    add(c, 'havingTerm', this.havingTerm());
    while (this.#la(1) === T.And) {
      this.#take(c, 'And');
      add(c, 'havingTerm', this.havingTerm());
    }
    return node('havingDisjunct', c);
  }

  havingTerm(): CstNode {
    const c = newChildren();
    const first = this.#la(1);
    if (first === T.Not) {
      this.#take(c, 'Not');
      add(c, 'havingTerm', this.havingTerm());
    } else if (first === T.LParen) {
      this.#take(c, 'LParen');
      add(c, 'havingCondition', this.havingCondition());
      this.#expect(c, T.RParen, 'RParen');
    } else if (this.#atExpression()) {
      add(c, 'expression', this.expression());
      if (COMPARE_OP[this.#laIdx()] === 1) {
        this.#take(c, 'CompareOp');
        add(c, 'value', this.value());
      } else if (this.#la(1) === T.Is) {
        this.#isNull(c);
      } else {
        throw MISS;
      }
    } else {
      throw MISS;
    }
    return node('havingTerm', c);
  }

  /** `is [not] null`, in a predicate or a having term. */
  #isNull(c: Children): void {
    this.#take(c, 'Is');
    if (this.#la(1) === T.Not) this.#take(c, 'isNot');
    this.#expect(c, T.Null, 'Null');
  }

  condition(): CstNode {
    const c = newChildren();
    add(c, 'disjunct', this.disjunct());
    while (this.#la(1) === T.Or) {
      this.#take(c, 'Or');
      add(c, 'disjunct', this.disjunct());
    }
    return node('condition', c);
  }

  disjunct(): CstNode {
    const c = newChildren();
    add(c, 'term', this.term());
    while (this.#la(1) === T.And) {
      this.#take(c, 'And');
      add(c, 'term', this.term());
    }
    return node('disjunct', c);
  }

  term(): CstNode {
    const c = newChildren();
    const first = this.#la(1);
    if (first === T.Not) {
      this.#take(c, 'Not');
      add(c, 'term', this.term());
    } else if (first === T.LParen) {
      this.#take(c, 'LParen');
      add(c, 'condition', this.condition());
      this.#expect(c, T.RParen, 'RParen');
    } else if (this.#atExpression()) {
      add(c, 'predicate', this.predicate());
    } else {
      throw MISS;
    }
    return node('term', c);
  }

  predicate(): CstNode {
    const c = newChildren();
    add(c, 'fieldRef', this.fieldRef());
    const next = this.#la(1);
    if (COMPARE_OP[this.#laIdx()] === 1) {
      this.#take(c, 'CompareOp');
      add(c, 'value', this.value());
    } else if (next === T.Between) {
      this.#take(c, 'Between');
      add(c, 'low', this.value());
      this.#expect(c, T.And, 'And');
      add(c, 'high', this.value());
    } else if (next === T.Not || next === T.In) {
      this.#inList(c);
    } else if (next === T.Is) {
      this.#isNull(c);
    } else {
      throw MISS;
    }
    return node('predicate', c);
  }

  /** `[not] in (value, …)` of a predicate. */
  #inList(c: Children): void {
    if (this.#la(1) === T.Not) this.#take(c, 'notIn');
    this.#expect(c, T.In, 'In');
    this.#expect(c, T.LParen, 'LParen');
    add(c, 'listValue', this.value());
    while (this.#la(1) === T.Comma) {
      this.#take(c, 'Comma');
      add(c, 'listValue', this.value());
    }
    this.#expect(c, T.RParen, 'RParen');
  }

  fieldRef(): CstNode {
    const c = newChildren();
    const first = this.#la(1);
    // `order.id`: a keyword starts a field name only when a dot follows it.
    if (first === T.Identifier || (this.#la(2) === T.Dot && FIELD_KEYWORD[this.#laIdx()] === 1)) {
      this.#take(c, 'segment');
    } else {
      throw MISS;
    }
    while (this.#la(1) === T.Dot) {
      this.#take(c, 'Dot');
      if (PATH_WORD[this.#laIdx()] !== 1) throw MISS;
      this.#take(c, 'segment');
    }
    return node('fieldRef', c);
  }

  value(): CstNode {
    const c = newChildren();
    const first = this.#la(1);
    if (first === undefined || !VALUE_START.has(first)) throw MISS;
    if (first === T.Minus || first === T.NumberLiteral || first === T.Money) {
      if (first === T.Minus) this.#take(c, 'sign');
      const num = this.#la(1);
      if (num === T.NumberLiteral) this.#take(c, 'NumberLiteral');
      else if (num === T.Money) this.#take(c, 'Money');
      else throw MISS;
    } else if (first === T.Now || first === T.Today || first === T.Yesterday) {
      add(c, 'relativeTime', this.relativeTime());
    } else {
      // StringLiteral, True, False, Null, DateLiteral, DateTimeLiteral: labelled by type name.
      this.#take(c, first.name);
    }
    return node('value', c);
  }

  relativeTime(): CstNode {
    const c = newChildren();
    this.#take(c, 'base');
    for (let s = this.#la(1); s === T.Plus || s === T.Minus; s = this.#la(1)) {
      this.#take(c, 'stepSign');
      this.#expect(c, T.Duration, 'stepAmount');
    }
    return node('relativeTime', c);
  }
}

/**
 * The CST Chevrotain's strict parser builds for `tokens`, when it parses them without error;
 * `undefined` when the tokens are not a query this parser accepts (then run parseTokens, which
 * gives the errors). Too-deep nesting is left to parseTokens too.
 *
 * @example fastParse(fastLex('orders limit 5')!)?.name // 'query'
 */
export function fastParse(tokens: readonly IToken[]): CstNode | undefined {
  if (nestingError(tokens) !== undefined) return undefined;
  try {
    return new FastParser(tokens).query();
  } catch (e) {
    if (e === MISS) return undefined;
    throw e;
  }
}
