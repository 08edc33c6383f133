/**
 * The cloverql grammar (docs/language.md) as a Chevrotain CST parser. Grammar only: no semantic
 * actions; the CST is turned into the AST by `ast/build-ast.ts`.
 *
 * query     := [export] resource [where condition] [group by expr (',' expr)*]
 *              [having hcond] [select item (',' item)*] [order by expr [asc|desc]] [limit INT]
 * expr      := call | field          call := name '(' [[distinct] field [',' name]] ')'
 * item      := expr [as name]
 * hcond     := hdisjunct (or hdisjunct)*       hdisjunct := hterm (and hterm)*
 * hterm     := not hterm | '(' hcond ')' | expr (op value | is [not] null)
 * condition := disjunct (or disjunct)*          disjunct := term (and term)*
 * term      := not term | '(' condition ')' | predicate
 * predicate := field ( op value | between value and value | [not] in '(' value (',' value)* ')'
 *                    | is [not] null )
 * value     := ['-'] number | ['-'] money | string | true | false | null | date | datetime
 *            | (now | today | yesterday) (('+' | '-') duration)*
 */
import type { ILookaheadStrategy, IToken } from 'chevrotain';
import { CstParser, EOF } from '../lexer/chevrotain-runtime.js';
import * as T from '../lexer/tokens.js';
import { LOOKAHEAD_TABLE } from './lookahead.generated.js';
import { TabledLookahead } from './lookahead.js';

/** How far the parser looks ahead at most. */
export const MAX_LOOKAHEAD = 3;

export class QueryParser extends CstParser {
  /**
   * `validate` runs Chevrotain's grammar checks (ambiguities, left recursion); they cost most of
   * the first compile, so the shared instances skip them and grammar.test.ts runs them once.
   * The lookahead comes from the committed table (lookahead.ts); `lookahead` replaces it.
   */
  constructor(opts: { recovery: boolean; validate?: boolean; lookahead?: ILookaheadStrategy }) {
    super(T.ALL_TOKENS as never[], {
      recoveryEnabled: opts.recovery,
      maxLookahead: MAX_LOOKAHEAD,
      skipValidations: opts.validate !== true,
      lookaheadStrategy:
        opts.lookahead ??
        new TabledLookahead({
          maxLookahead: MAX_LOOKAHEAD,
          table: LOOKAHEAD_TABLE,
          tokens: T.ALL_TOKENS,
        }),
    });
    this.performSelfAnalysis();
  }

  public query = this.RULE('query', () => {
    this.OPTION(() => this.CONSUME(T.Export));
    this.CONSUME(T.Identifier, { LABEL: 'resource' });
    this.OPTION2(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.condition);
    });
    // Clauses come in the order they take effect: filter, group, filter groups, project, order.
    this.OPTION6(() => {
      this.CONSUME(T.Group);
      this.CONSUME2(T.By, { LABEL: 'groupBy' });
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => this.SUBRULE(this.expression, { LABEL: 'groupKey' }),
      });
    });
    this.OPTION7(() => {
      this.CONSUME(T.Having);
      this.SUBRULE(this.havingCondition);
    });
    this.OPTION8(() => {
      this.CONSUME(T.Select);
      this.AT_LEAST_ONE_SEP2({
        SEP: T.Comma,
        DEF: () => this.SUBRULE(this.selectItem),
      });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Order);
      this.CONSUME(T.By);
      this.SUBRULE2(this.expression, { LABEL: 'orderField' });
      this.OPTION4(() =>
        this.OR([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }]),
      );
    });
    this.OPTION5(() => {
      this.CONSUME(T.Limit);
      this.CONSUME(T.NumberLiteral, { LABEL: 'limitValue' });
    });
  });

  public selectItem = this.RULE('selectItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Identifier, { LABEL: 'alias' });
    });
  });

  /** A field, or a function call: an aggregate (`sum(amount)`) or a time bucket (`day(x)`). */
  public expression = this.RULE('expression', () => {
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.LParen,
        ALT: () => this.SUBRULE(this.call),
      },
      { ALT: () => this.SUBRULE(this.fieldRef) },
    ]);
  });

  public call = this.RULE('call', () => {
    this.CONSUME(T.Identifier, { LABEL: 'function' });
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(T.Distinct));
      this.SUBRULE(this.fieldRef, { LABEL: 'argument' });
      this.OPTION3(() => {
        this.CONSUME(T.Comma);
        this.CONSUME2(T.Identifier, { LABEL: 'option' });
      });
    });
    this.CONSUME(T.RParen);
  });

  public havingCondition = this.RULE('havingCondition', () => {
    this.SUBRULE(this.havingDisjunct);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.havingDisjunct);
    });
  });

  public havingDisjunct = this.RULE('havingDisjunct', () => {
    this.SUBRULE(this.havingTerm);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.havingTerm);
    });
  });

  public havingTerm = this.RULE('havingTerm', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.havingTerm);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.havingCondition);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.CompareOp);
                this.SUBRULE(this.value);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Is);
                this.OPTION(() => this.CONSUME2(T.Not, { LABEL: 'isNot' }));
                this.CONSUME(T.Null);
              },
            },
          ]);
        },
      },
    ]);
  });

  public condition = this.RULE('condition', () => {
    this.SUBRULE(this.disjunct);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.disjunct);
    });
  });

  public disjunct = this.RULE('disjunct', () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.term);
    });
  });

  public term = this.RULE('term', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.term);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.condition);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  public predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.fieldRef);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.CompareOp);
          this.SUBRULE(this.value);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Between);
          this.SUBRULE2(this.value, { LABEL: 'low' });
          this.CONSUME(T.And);
          this.SUBRULE3(this.value, { LABEL: 'high' });
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not, { LABEL: 'notIn' }));
          this.CONSUME(T.In);
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => this.SUBRULE4(this.value, { LABEL: 'listValue' }),
          });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OPTION2(() => this.CONSUME2(T.Not, { LABEL: 'isNot' }));
          this.CONSUME(T.Null);
        },
      },
    ]);
  });

  public fieldRef = this.RULE('fieldRef', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'segment' }) },
      {
        // `order.id`: a keyword may start a field name when a dot follows it.
        GATE: () => this.LA(2).tokenType === T.Dot,
        ALT: () => this.CONSUME(T.FieldKeyword, { LABEL: 'segment' }),
      },
    ]);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.PathWord, { LABEL: 'segment' });
    });
  });

  public value = this.RULE('value', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus, { LABEL: 'sign' }));
          this.OR2([
            { ALT: () => this.CONSUME(T.NumberLiteral) },
            { ALT: () => this.CONSUME(T.Money) },
          ]);
        },
      },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.CONSUME(T.DateLiteral) },
      { ALT: () => this.CONSUME(T.DateTimeLiteral) },
      { ALT: () => this.SUBRULE(this.relativeTime) },
    ]);
  });

  public relativeTime = this.RULE('relativeTime', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Now, { LABEL: 'base' }) },
      { ALT: () => this.CONSUME(T.Today, { LABEL: 'base' }) },
      { ALT: () => this.CONSUME(T.Yesterday, { LABEL: 'base' }) },
    ]);
    this.MANY(() => {
      this.OR2([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'stepSign' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'stepSign' }) },
      ]);
      this.CONSUME(T.Duration, { LABEL: 'stepAmount' });
    });
  });
}

let strict: QueryParser | undefined;
let recovering: QueryParser | undefined;

/** The shared parser instances; self-analysis is costly, so each is built once. */
export function parserInstance(opts: { recovery: boolean }): QueryParser {
  if (opts.recovery) {
    recovering ??= new QueryParser({ recovery: true });
    return recovering;
  }
  strict ??= new QueryParser({ recovery: false });
  return strict;
}

/** True for the synthetic end-of-input token Chevrotain reports at the end. */
export function isEof(token: IToken): boolean {
  return token.tokenType === EOF;
}
