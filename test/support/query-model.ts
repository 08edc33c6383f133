/**
 * A small model of cloverql queries for the differential and partition suites: an expression tree
 * that renders to query text and evaluates itself on a record. Written independently of the
 * compiler (no import from @cloverql/dsl's normaliser, planner or evaluator), so that comparing
 * the two catches a bug in either.
 *
 * Semantics, as docs/language.md defines them: SQL three-valued logic; a date is a whole UTC day
 * (`> day` means from the next midnight, `<= day` up to the next midnight); enum values compare
 * case-insensitively; text and ids exactly.
 */

export type T3 = boolean | null;

export type TimeLit =
  | { readonly kind: 'instant'; readonly ms: number; readonly text: string }
  | { readonly kind: 'day'; readonly start: number; readonly end: number; readonly text: string };

export type Val =
  | { readonly kind: 'num'; readonly v: number; readonly text: string }
  | { readonly kind: 'str'; readonly v: string }
  | { readonly kind: 'bool'; readonly v: boolean }
  | { readonly kind: 'time'; readonly t: TimeLit };

export type Op = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type TExpr =
  | {
      readonly k: 'cmp';
      readonly field: string;
      readonly op: Op;
      readonly val: Val;
      readonly fold?: boolean;
    }
  | { readonly k: 'between'; readonly field: string; readonly lo: Val; readonly hi: Val }
  | {
      readonly k: 'in';
      readonly field: string;
      readonly vals: readonly Val[];
      readonly neg: boolean;
      readonly fold?: boolean;
    }
  | { readonly k: 'null'; readonly field: string; readonly neg: boolean }
  | { readonly k: 'not'; readonly e: TExpr }
  | { readonly k: 'and'; readonly a: TExpr; readonly b: TExpr }
  | { readonly k: 'or'; readonly a: TExpr; readonly b: TExpr };

/** Where a field's value lives in a record when it differs from its name. */
const PATHS: Readonly<Record<string, string>> = { orderType: 'orderType.id' };

/** The value of a field in a record; null for null or missing. */
export function fieldValue(record: unknown, field: string): string | number | boolean | null {
  let cur: unknown = record;
  for (const step of (PATHS[field] ?? field).split('.')) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[step];
  }
  return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean'
    ? cur
    : null;
}

// --- rendering -------------------------------------------------------------------------------

export function renderVal(v: Val): string {
  switch (v.kind) {
    case 'num':
      return v.text;
    case 'str':
      // Backslash starts an escape in cloverql strings; a quote doubles.
      return `'${v.v.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
    case 'bool':
      return String(v.v);
    case 'time':
      return v.t.text;
  }
}

export function render(e: TExpr): string {
  switch (e.k) {
    case 'cmp':
      return `${e.field} ${e.op} ${renderVal(e.val)}`;
    case 'between':
      return `${e.field} between ${renderVal(e.lo)} and ${renderVal(e.hi)}`;
    case 'in':
      return `${e.field} ${e.neg ? 'not in' : 'in'} (${e.vals.map(renderVal).join(', ')})`;
    case 'null':
      return `${e.field} is ${e.neg ? 'not ' : ''}null`;
    case 'not':
      return `not (${render(e.e)})`;
    case 'and':
      return `(${render(e.a)}) and (${render(e.b)})`;
    case 'or':
      return `(${render(e.a)}) or (${render(e.b)})`;
  }
}

// --- evaluation ------------------------------------------------------------------------------

const and3 = (a: T3, b: T3): T3 =>
  a === false || b === false ? false : a === null || b === null ? null : true;
const or3 = (a: T3, b: T3): T3 =>
  a === true || b === true ? true : a === null || b === null ? null : false;
const not3 = (a: T3): T3 => (a === null ? null : !a);

function plain(v: Val, fold: boolean): string | number | boolean {
  switch (v.kind) {
    case 'num':
    case 'bool':
      return v.v;
    case 'str':
      return fold ? v.v.toUpperCase() : v.v;
    case 'time':
      throw new Error('time values are compared by cmpTime');
  }
}

function cmpTime(x: number, op: Op, t: TimeLit): boolean {
  if (t.kind === 'instant') return cmpPlain(x, op, t.ms);
  switch (op) {
    case '=':
      return x >= t.start && x < t.end;
    case '!=':
      return x < t.start || x >= t.end;
    case '>':
      return x >= t.end;
    case '>=':
      return x >= t.start;
    case '<':
      return x < t.start;
    case '<=':
      return x < t.end;
  }
}

function cmpPlain(x: string | number | boolean, op: Op, y: string | number | boolean): boolean {
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
  }
}

/** Three-valued truth of an expression on a record. */
export function evaluate(e: TExpr, record: unknown): T3 {
  switch (e.k) {
    case 'cmp': {
      const x = fieldValue(record, e.field);
      if (x === null) return null;
      if (e.val.kind === 'time') return typeof x === 'number' ? cmpTime(x, e.op, e.val.t) : null;
      const y = plain(e.val, Boolean(e.fold));
      const xx = e.fold && typeof x === 'string' ? x.toUpperCase() : x;
      return typeof xx === typeof y ? cmpPlain(xx, e.op, y) : null;
    }
    case 'between': {
      const x = fieldValue(record, e.field);
      if (x === null) return null;
      if (e.lo.kind === 'time' && e.hi.kind === 'time') {
        return typeof x === 'number' ? cmpTime(x, '>=', e.lo.t) && cmpTime(x, '<=', e.hi.t) : null;
      }
      const lo = plain(e.lo, false);
      const hi = plain(e.hi, false);
      return typeof x === typeof lo ? x >= lo && x <= hi : null;
    }
    case 'in': {
      const x = fieldValue(record, e.field);
      if (x === null) return null;
      const hit = e.vals.some((v) =>
        v.kind === 'time'
          ? typeof x === 'number' && cmpTime(x, '=', v.t)
          : (e.fold && typeof x === 'string' ? x.toUpperCase() : x) === plain(v, Boolean(e.fold)),
      );
      return hit !== e.neg;
    }
    case 'null':
      return (fieldValue(record, e.field) === null) !== e.neg;
    case 'not':
      return not3(evaluate(e.e, record));
    case 'and':
      return and3(evaluate(e.a, record), evaluate(e.b, record));
    case 'or':
      return or3(evaluate(e.a, record), evaluate(e.b, record));
  }
}

/** Sorts like the client: by the field in the direction, nulls last, ties by id in the same direction. */
export function sortRecords<R extends { id: string }>(
  records: R[],
  by: { field: string; direction: 'asc' | 'desc' },
): R[] {
  const dir = by.direction === 'asc' ? 1 : -1;
  return [...records].sort((a, b) => {
    const x = fieldValue(a, by.field);
    const y = fieldValue(b, by.field);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    if (x !== null && y !== null && x !== y) return (x < y ? -1 : 1) * dir;
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * dir;
  });
}
