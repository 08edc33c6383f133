/**
 * The parser's lookahead from a table computed ahead of time. Building a Chevrotain parser
 * computes, for every OR, OPTION and repetition, the token sequences that choose each way
 * (`getLookaheadPaths`); that was the largest part of building the parser, on every first compile
 * of a process. The sequences depend on the grammar only, so they are committed in
 * `lookahead.generated.ts` (grammar.test.ts checks them against Chevrotain's and rewrites them
 * with UPDATE_GOLDEN=1), and this strategy turns them into the same lookahead functions
 * Chevrotain's LL(k) strategy builds. A decision missing from the table is computed as before.
 */
import type {
  IOrAlt,
  IToken,
  LookaheadProductionType,
  LookaheadSequence,
  OptionalProductionType,
  Rule,
  TokenType,
} from 'chevrotain';
import { getLookaheadPaths, LLkLookaheadStrategy } from '../lexer/chevrotain-runtime.js';

/** Lookahead sequences by decision: alternatives, then paths, then token names. */
export type LookaheadTable = Readonly<Record<string, readonly (readonly (readonly string[])[])[]>>;

/**
 * The table key of one decision.
 *
 * @example decisionKey('query', 'Option', 2) // 'query.Option2'
 */
export function decisionKey(
  rule: string,
  prodType: LookaheadProductionType,
  occurrence: number,
): string {
  return `${rule}.${prodType}${occurrence}`;
}

/** The parser as a lookahead function sees it (`this`). */
interface LookaheadParser {
  LA(howMuch: number): IToken;
}

/** Chevrotain's LL(k) strategy, with the sequences read from a table instead of computed. */
export class TabledLookahead extends LLkLookaheadStrategy {
  readonly #table: LookaheadTable;
  readonly #tokens: ReadonlyMap<string, TokenType>;
  readonly #computed: ((key: string, paths: LookaheadSequence[]) => void) | undefined;

  /** `computed` hears of each decision the table did not have (to write the table). */
  constructor(opts: {
    maxLookahead: number;
    table: LookaheadTable;
    tokens: readonly TokenType[];
    computed?: (key: string, paths: LookaheadSequence[]) => void;
  }) {
    super({ maxLookahead: opts.maxLookahead });
    this.#table = opts.table;
    this.#tokens = new Map(opts.tokens.map((t) => [t.name, t]));
    this.#computed = opts.computed;
  }

  override buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const paths = this.#paths(options, 'Alternation');
    return alternativesLookahead(paths, options.hasPredicates);
  }

  override buildLookaheadForOptional(options: {
    prodOccurrence: number;
    prodType: OptionalProductionType;
    rule: Rule;
    maxLookahead: number;
  }): () => boolean {
    return optionalLookahead(this.#paths(options, options.prodType)[0] ?? []);
  }

  #paths(
    o: { prodOccurrence: number; rule: Rule; maxLookahead: number },
    prodType: LookaheadProductionType,
  ): LookaheadSequence[] {
    const key = decisionKey(o.rule.name, prodType, o.prodOccurrence);
    const names = this.#table[key];
    const tabled = names?.map((alt) => alt.map((path) => path.map((n) => this.#tokens.get(n))));
    if (tabled?.every((alt) => alt.every((path) => path.every((t) => t !== undefined)))) {
      return tabled as LookaheadSequence[];
    }
    const paths = getLookaheadPaths({
      occurrence: o.prodOccurrence,
      rule: o.rule,
      prodType,
      maxLookahead: o.maxLookahead,
    });
    this.#computed?.(key, paths);
    return paths;
  }
}

/** Whether `token` is of `type` or of one of its categories (Chevrotain's tokenMatcher). */
function matches(token: IToken, type: TokenType): boolean {
  return (
    token.tokenTypeIdx === type.tokenTypeIdx ||
    (type.isParent === true && type.categoryMatchesMap?.[token.tokenTypeIdx] === true)
  );
}

/** Whether the next tokens start one of `paths`. */
function startsOne(parser: LookaheadParser, paths: readonly (readonly TokenType[])[]): boolean {
  return paths.some((path) => path.every((type, i) => matches(parser.LA(i + 1), type)));
}

/** The index of every token type a one-token path accepts (the type and its members). */
function acceptedIndexes(type: TokenType): number[] {
  return [type.tokenTypeIdx as number, ...(type.categoryMatches ?? [])];
}

/** The alternative to take (the first whose gate passes and whose paths match), as Chevrotain. */
function alternativesLookahead(
  alts: LookaheadSequence[],
  hasPredicates: boolean,
): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
  if (!hasPredicates && alts.every((alt) => alt.every((path) => path.length === 1))) {
    // The common case: one token decides; a table from token index to alternative.
    const choice = new Map<number, number>();
    alts.forEach((alt, i) => {
      for (const [type] of alt) {
        for (const idx of acceptedIndexes(type as TokenType)) {
          if (!choice.has(idx)) choice.set(idx, i);
        }
      }
    });
    return function (this: LookaheadParser) {
      return choice.get(this.LA(1).tokenTypeIdx);
    };
  }
  return function (this: LookaheadParser, orAlts?: IOrAlt<unknown>[]) {
    for (let i = 0; i < alts.length; i++) {
      const gate = hasPredicates ? orAlts?.[i]?.GATE : undefined;
      if (gate !== undefined && gate.call(this) === false) continue;
      if (startsOne(this, alts[i] ?? [])) return i;
    }
    return undefined;
  };
}

/** Whether to enter an OPTION or repetition: the next tokens start one of its paths. */
function optionalLookahead(paths: readonly (readonly TokenType[])[]): () => boolean {
  if (paths.every((path) => path.length === 1)) {
    const accepted = new Set(paths.flatMap(([type]) => acceptedIndexes(type as TokenType)));
    return function (this: LookaheadParser) {
      return accepted.has(this.LA(1).tokenTypeIdx);
    };
  }
  return function (this: LookaheadParser) {
    return startsOne(this, paths);
  };
}
