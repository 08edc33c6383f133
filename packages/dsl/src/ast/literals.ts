/**
 * Literal tokens -> AST values: the decoding both AST builders share (build-ast.ts from
 * Chevrotain's CST, parser/fast-ast.ts from the tokens directly), so a literal means the same
 * whichever path parsed it. Pure functions over tokens; each takes a token the lexer already
 * matched, so its text has the form the token's pattern allows.
 */
import type { IToken } from 'chevrotain';
import type { Span } from '../errors/query-error.js';
import type { CompareOp } from '../predicate/predicate.js';
import type { DurationUnit, FieldRef, RelativeStep, UtcOffset, ValueNode } from './nodes.js';

/**
 * What the literal decoders read of a token: a Chevrotain token, or the fast parser's. They read
 * its text and offset and never keep the object (the fast parser reuses it).
 */
export type Tok = Pick<IToken, 'image' | 'startOffset'>;

/** The span of one token. */
export function tokenSpan(t: Tok): Span {
  return { offset: t.startOffset, length: t.image.length };
}

/** The span from the start of `first` to the end of `last` (`last` not before `first`). */
export function tokensSpan(first: Tok, last: Tok): Span {
  return {
    offset: first.startOffset,
    length: last.startOffset + last.image.length - first.startOffset,
  };
}

/** A comparison operator as the AST spells it: `==` is `=`, `<>` is `!=`. */
export function compareOp(image: string): CompareOp {
  switch (image) {
    case '==':
      return '=';
    case '<>':
      return '!=';
    default:
      return image as CompareOp;
  }
}

/** A field reference from its name segments (`tender`, `label` of `tender.label`), not empty. */
export function fieldFromSegments(segs: readonly Tok[]): FieldRef {
  const first = segs[0]!;
  const last = segs[segs.length - 1]!;
  let name = first.image;
  for (let i = 1; i < segs.length; i++) name += `.${segs[i]!.image}`;
  return { kind: 'field', name, span: tokensSpan(first, last) };
}

/** A number, with its `-` sign token when written. */
export function numberValue(sign: Tok | undefined, num: Tok): ValueNode {
  const text = sign ? `-${num.image}` : num.image;
  return { kind: 'number', value: Number(text), text, span: tokensSpan(sign ?? num, num) };
}

/** A money amount `$12.5` as cents, with its `-` sign token when written. */
export function moneyValue(sign: Tok | undefined, money: Tok): ValueNode {
  const image = money.image;
  const dot = image.indexOf('.');
  const whole = dot < 0 ? image.length : dot;
  // Up to 15 digits a whole number is exact in a double, so the digits are read in place; longer
  // ones go through Number(), which rounds them the way it always has.
  const dollars = whole - 1 <= 15 ? digits(image, 1, whole) : Number(image.slice(1, whole));
  // One or two digits after the dot (the token's pattern): `.5` is 50 cents.
  const frac =
    dot < 0 ? 0 : digits(image, dot + 1, dot + 2) * 10 + digits(image, dot + 2, image.length);
  const cents = dollars * 100 + frac;
  return { kind: 'money', cents: sign ? -cents : cents, span: tokensSpan(sign ?? money, money) };
}

/** A quoted string, decoded. */
export function stringValue(t: Tok): ValueNode {
  return { kind: 'string', value: unquote(t.image), span: tokenSpan(t) };
}

/**
 * stringValue of the string token `source[start, end)`, reading the text in place: a string
 * without escapes (most) is one slice of its body, with no token text sliced first.
 */
export function stringValueAt(source: string, start: number, end: number): ValueNode {
  const backslash = source.indexOf('\\', start + 1);
  const quote = source.charCodeAt(start) === 39 ? source.indexOf("'", start + 1) : end - 1;
  if ((backslash < 0 || backslash >= end - 1) && quote >= end - 1) {
    return {
      kind: 'string',
      value: source.slice(start + 1, end - 1),
      span: { offset: start, length: end - start },
    };
  }
  return stringValue({ image: source.slice(start, end), startOffset: start });
}

/** `true` or `false`, in any case. */
export function booleanValue(t: Tok): ValueNode {
  return { kind: 'boolean', value: t.image.toLowerCase() === 'true', span: tokenSpan(t) };
}

/** `null` as a value. */
export function nullValue(t: Tok): ValueNode {
  return { kind: 'null', span: tokenSpan(t) };
}

/** The number the decimal digits `s[from, to)` spell (without slicing a string for Number()). */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/** A date token: exactly `YYYY-MM-DD`. */
export function dateValue(t: Tok): ValueNode {
  return dateValueAt(t.image, 0, t.startOffset);
}

/** dateValue of the date written at `s[at, at + 10)`, whose span starts at `offset`. */
export function dateValueAt(s: string, at: number, offset: number): ValueNode {
  return {
    kind: 'date',
    year: digits(s, at, at + 4),
    month: digits(s, at + 5, at + 7),
    day: digits(s, at + 8, at + 10),
    span: { offset, length: 10 },
  };
}

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** A date-time token, with its optional seconds, milliseconds and UTC offset. */
export function dateTimeValue(t: Tok): ValueNode {
  const m = DATETIME.exec(t.image);
  if (m === null) throw new TypeError(`malformed datetime token ${t.image}`);
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

/** A duration token: an amount and its unit. */
const DURATION = /^(\d+)(ms|[smhdw])$/;

/** `today - 7d`: the base token, and the sign and duration token of each step. */
export function relativeValue(
  base: Tok,
  signs: readonly Tok[],
  amounts: readonly Tok[],
): ValueNode {
  const steps: RelativeStep[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const unitMatch = DURATION.exec(amounts[i]!.image);
    const [, n = '0', unit = 'ms'] = unitMatch ?? [];
    steps.push({
      sign: signs[i]?.image === '-' ? -1 : 1,
      amount: Number(n),
      unit: unit as DurationUnit,
    });
  }
  const last = amounts[amounts.length - 1];
  return {
    kind: 'relative',
    base: base.image.toLowerCase() as 'now' | 'today' | 'yesterday',
    steps,
    span: last ? tokensSpan(base, last) : tokenSpan(base),
  };
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** Decodes a quoted string literal: `''` inside single quotes and backslash escapes. */
export function unquote(image: string): string {
  const quote = image[0]!;
  const body = image.slice(1, -1);
  // Most strings hold no escape: the body as it is.
  if (body.indexOf('\\') < 0 && (quote !== "'" || body.indexOf("'") < 0)) return body;
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
