/**
 * Random queries from the grammar (parser/grammar.ts), for the tests that compare the fast lexer
 * and parser with Chevrotain's. A query is generated as its list of token texts (`fragments`),
 * so tests can mutate it token by token, and joined with random whitespace, comments and (where
 * it cannot merge two tokens) no space at all. Keywords come in random case.
 *
 * Every production is reached: export, where with and/or/not/parentheses, every comparison
 * operator, between, [not] in, is [not] null, every value form (signed numbers and money, both
 * quote styles with escapes, booleans, null, dates, datetimes with seconds, milliseconds and
 * zones, now/today/yesterday with chains of durations), dotted fields with a keyword first or
 * after a dot, group by, having, select with calls, distinct, options and aliases, order by with
 * a direction, and limit.
 */
import fc from 'fast-check';
import { KEYWORD_BY_WORD } from '../lexer/tokens.js';

/** A query as its token texts, in order. */
export type Fragments = readonly string[];

type Arb = fc.Arbitrary<Fragments>;

/** `word` in random case: as written, upper case, or a random mix. */
function keyword(word: string): fc.Arbitrary<string> {
  return fc
    .nat({ max: (1 << word.length) - 1 })
    .chain((bits) =>
      fc.constantFrom(
        word,
        word.toUpperCase(),
        [...word].map((ch, i) => ((bits >> i) & 1 ? ch.toUpperCase() : ch)).join(''),
      ),
    );
}

const kw = (word: string): Arb => keyword(word).map((w) => [w]);

/** Concatenation of fragment lists. */
function seq(...parts: Arb[]): Arb {
  return fc.tuple(...parts).map((lists) => lists.flat());
}

/** `part` or nothing. */
function optional(part: Arb): Arb {
  return fc.option(part, { nil: undefined }).map((p) => p ?? []);
}

/** One or more `item`s separated by `sep` fragments. */
function sepBy(item: Arb, sep: Arb, max = 3): Arb {
  return fc
    .array(fc.tuple(sep, item), { minLength: 1, maxLength: max })
    .map((pairs) => pairs.flatMap(([s, it], i) => (i === 0 ? it : [...s, ...it])));
}

const ALL_KEYWORDS = [...KEYWORD_BY_WORD.keys()];

/** Identifiers: field and resource names, words close to keywords, and random words. */
const identifier: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'amount',
    'createdTime',
    'tender',
    'label',
    'id',
    'payments',
    'orders',
    'refunds',
    'count',
    'sum',
    'day',
    'nots',
    'limit5',
    'order_',
    'ORDERS',
    '_x',
    'inx',
    'isnull',
    'nowx',
  ),
  fc
    .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/)
    .filter((w) => !KEYWORD_BY_WORD.has(w.toLowerCase())),
);
const ident: Arb = identifier.map((w) => [w]);

/** A keyword as the first segment of a field: any keyword but `not`. */
const fieldKeyword: Arb = fc
  .constantFrom(...ALL_KEYWORDS.filter((w) => w !== 'not'))
  .chain((w) => kw(w));
/** Any word after a dot: an identifier or any keyword. */
const pathWord: Arb = fc.oneof(
  ident,
  fc.constantFrom(...ALL_KEYWORDS).chain((w) => kw(w)),
);
const dotted: Arb = fc
  .array(pathWord, { maxLength: 2 })
  .map((words) => words.flatMap((w) => ['.', ...w]));

/** A field reference; `keywordFirst` allows `order.id` (never for a call's argument). */
function fieldRef(keywordFirst = true): Arb {
  const keywordStart = seq(fieldKeyword, pathWord).map(([k, ...w]) => [k!, '.', ...w]);
  return fc.oneof(seq(ident, dotted), ...(keywordFirst ? [seq(keywordStart, dotted)] : []));
}

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const two = digits(2, 2);

const numberText: fc.Arbitrary<string> = fc.oneof(
  digits(1, 6),
  fc.constantFrom('0', '007', '1.5', '3.25', '1e3', '2E+2', '1.5e-3', '12345678901234567890'),
  fc.tuple(digits(1, 4), digits(1, 3)).map(([a, b]) => `${a}.${b}`),
);
const moneyText: fc.Arbitrary<string> = fc
  .tuple(digits(1, 5), fc.option(digits(1, 2)))
  .map(([d, c]) => `$${d}${c === null ? '' : `.${c}`}`);

const SINGLE_PIECES = ['a', 'Z', ' ', "''", "\\'", '\\\\', '\\n', '\\u00e9', '"', 'é', '--', '('];
const DOUBLE_PIECES = ['a', 'Z', ' ', "'", '\\"', '\\\\', '\\t', 'é', '--', ')'];
const stringText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...SINGLE_PIECES), { maxLength: 6 }).map((p) => `'${p.join('')}'`),
  fc.array(fc.constantFrom(...DOUBLE_PIECES), { maxLength: 6 }).map((p) => `"${p.join('')}"`),
);

const dateText = fc.tuple(digits(4, 4), two, two).map(([y, m, d]) => `${y}-${m}-${d}`);
const zone = fc.oneof(
  fc.constantFrom('', 'Z', 'z'),
  fc.tuple(fc.constantFrom('+', '-'), two, fc.constantFrom(':', ''), two).map((p) => p.join('')),
);
const seconds = fc.oneof(
  fc.constant(''),
  two.map((s) => `:${s}`),
  fc.tuple(two, digits(1, 3)).map(([s, ms]) => `:${s}.${ms}`),
);
const dateTimeText = fc
  .tuple(dateText, fc.constantFrom('T', ' '), two, two, seconds, zone)
  .map(([d, sep, h, m, s, z]) => `${d}${sep}${h}:${m}${s}${z}`);

const durationText = fc
  .tuple(digits(1, 4), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w'))
  .map(([n, u]) => `${n}${u}`);
const relative: Arb = seq(
  fc.constantFrom('now', 'today', 'yesterday').chain((w) => kw(w)),
  fc
    .array(fc.tuple(fc.constantFrom('+', '-'), durationText), { maxLength: 3 })
    .map((steps) => steps.flat()),
);

const sign: Arb = fc.constantFrom<Fragments>([], ['-']);
const value: Arb = fc.oneof(
  seq(
    sign,
    numberText.map((n) => [n]),
  ),
  seq(
    sign,
    moneyText.map((m) => [m]),
  ),
  stringText.map((s) => [s]),
  fc.constantFrom('true', 'false', 'null').chain((w) => kw(w)),
  dateText.map((d) => [d]),
  dateTimeText.map((d) => [d]),
  relative,
);

const compareOp: Arb = fc.constantFrom('=', '==', '!=', '<>', '<', '<=', '>', '>=').map((o) => [o]);
const isNull: Arb = seq(kw('is'), optional(kw('not')), kw('null'));

const predicate: Arb = seq(
  fieldRef(),
  fc.oneof(
    seq(compareOp, value),
    seq(kw('between'), value, kw('and'), value),
    seq(
      optional(kw('not')),
      kw('in'),
      fc.constant(['(']),
      sepBy(value, fc.constant([',']), 4),
      fc.constant([')']),
    ),
    isNull,
  ),
);

const call: Arb = seq(
  ident,
  fc.constant(['(']),
  optional(
    seq(optional(kw('distinct')), fieldRef(false), optional(seq(fc.constant([',']), ident))),
  ),
  fc.constant([')']),
);
const expression: Arb = fc.oneof(call, fieldRef());

/** A where condition, or a having condition when `leaf` is the having comparison. */
function conditionOf(leaf: Arb): Arb {
  const { condition } = fc.letrec<{ condition: Fragments; disjunct: Fragments; term: Fragments }>(
    (tie) => ({
      condition: sepBy(tie('disjunct'), kw('or')),
      disjunct: sepBy(tie('term'), kw('and')),
      // Mostly leaves, so a query stays a few dozen tokens long.
      term: fc.oneof(
        { maxDepth: 3, depthIdentifier: 'term' },
        { arbitrary: leaf, weight: 6 },
        { arbitrary: seq(kw('not'), tie('term')), weight: 1 },
        { arbitrary: seq(fc.constant(['(']), tie('condition'), fc.constant([')'])), weight: 1 },
      ),
    }),
  );
  return condition;
}

const havingLeaf: Arb = seq(expression, fc.oneof(seq(compareOp, value), isNull));
const selectItem: Arb = seq(expression, optional(seq(kw('as'), ident)));
const comma: Arb = fc.constant([',']);

/** A random valid query, as fragments. */
export const queryFragments: Arb = seq(
  optional(kw('export')),
  ident,
  optional(seq(kw('where'), conditionOf(predicate))),
  optional(seq(kw('group'), kw('by'), sepBy(expression, comma))),
  optional(seq(kw('having'), conditionOf(havingLeaf))),
  optional(seq(kw('select'), sepBy(selectItem, comma))),
  optional(seq(kw('order'), kw('by'), expression, optional(fc.oneof(kw('asc'), kw('desc'))))),
  optional(
    seq(
      kw('limit'),
      numberText.map((n) => [n]),
    ),
  ),
);

/** Tokens next to which no space is needed: they cannot merge with a neighbour. */
const PUNCTUATION = new Set([
  '(',
  ')',
  ',',
  '.',
  '+',
  '-',
  '=',
  '==',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
]);
const SEPARATORS = [' ', '  ', '\n', '\t', '\r\n', ' -- a comment\n', ''];

/** Joins fragments with the separators given (cycled), never gluing two words together. */
export function joinFragments(fragments: Fragments, separators: readonly string[]): string {
  let out = separators[0] ?? '';
  fragments.forEach((f, i) => {
    if (i > 0) {
      const sep = separators[i % separators.length] ?? ' ';
      const glue = PUNCTUATION.has(f) || PUNCTUATION.has(fragments[i - 1]!);
      out += sep === '' && !glue ? ' ' : sep;
    }
    out += f;
  });
  return out + (separators[fragments.length % separators.length] ?? '');
}

/** Separators for joinFragments. */
export const separators: fc.Arbitrary<string[]> = fc.array(fc.constantFrom(...SEPARATORS), {
  minLength: 1,
  maxLength: 12,
});

/** A random valid query as text, with its fragments. */
export const validQuery: fc.Arbitrary<{ fragments: Fragments; text: string }> = fc
  .tuple(queryFragments, separators)
  .map(([fragments, seps]) => ({ fragments, text: joinFragments(fragments, seps) }));
