/**
 * The public entry points: `compile` (throws `QueryError`) and `tryCompile` (returns errors as
 * data). They run the pure stages lex -> parse -> AST -> check -> normalise -> plan and are the
 * only place that reads the system clock, and only when no `now` is injected.
 */
import type { ResourceName } from './catalogue/catalogue.js';
import { check } from './check/check.js';
import { type Diagnostic, linkErrors, QueryError } from './errors/query-error.js';
import { CLAMP_DAYS, PAGE_LIMIT_MAX } from './limits/clover-limits.js';
import { EARLIEST_TIME, LATEST_TIME, normalize } from './normalize/normalize.js';
import { isValidTimeZone } from './normalize/time-zone.js';
import { parseQuery } from './parser/parse-query.js';
import { buildPlan, windowMsOf } from './planner/plan.js';
import type { Plan } from './planner/plan-types.js';

/** Options of `compile` and `tryCompile`. */
export interface CompileOptions {
  /** The instant treated as "now" (default: the system clock at the call). */
  readonly now?: number | Date;
  /** IANA time zone in which dates, `today` and `yesterday` are read (default `UTC`). */
  readonly tz?: string;
  /** Maximum REST window width in days (default and maximum 90). */
  readonly windowDays?: number;
  /** Where a query without a lower time bound starts; without it such a query is an error. */
  readonly earliest?: number | Date;
  /** REST page size, 1 to 1000 (default 1000). */
  readonly pageSize?: number;
}

/** Result of `tryCompile`. */
export type CompileResult =
  | { readonly ok: true; readonly plan: Plan }
  | { readonly ok: false; readonly errors: readonly QueryError[] };

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 1_000_000;

/** At most this many errors are reported; a garbled 1 MB query could otherwise have 100,000s. */
export const MAX_ERRORS = 100;

const NOWHERE = { offset: 0, length: 0 };

/**
 * Compiles a query into a plan, or returns every error found. Never throws.
 *
 * @example
 * const r = tryCompile('payments where createdTime >= 2024-01-01', { now: Date.UTC(2024, 5, 1) });
 * if (!r.ok) for (const e of r.errors) console.error(e.format());
 */
export function tryCompile(query: string, options: CompileOptions = {}): CompileResult {
  const source = typeof query === 'string' ? query : '';
  try {
    if (typeof query !== 'string') {
      return failure(source, [
        { code: 'INVALID_OPTION', message: 'the query must be a string', span: NOWHERE },
      ]);
    }
    const opts = resolveOptions(options);
    if ('diagnostics' in opts) return failure(source, opts.diagnostics);
    if (query.length > MAX_QUERY_LENGTH) {
      return failure(source, [
        {
          code: 'INVALID_OPTION',
          message: `the query is longer than ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters`,
          span: { offset: MAX_QUERY_LENGTH, length: 0 },
        },
      ]);
    }
    const { ast, diagnostics } = parseQuery(query);
    if (!ast) return failure(source, diagnostics);
    const checked = check(ast);
    if (!checked.query) return failure(source, checked.diagnostics);
    const normal = normalize(checked.query, { now: opts.now, tz: opts.tz });
    if (!normal.query) return failure(source, normal.diagnostics);
    const planned = buildPlan(normal.query, {
      source: query,
      windowMs: windowMsOf(opts.windowDays),
      earliest: opts.earliest,
      pageSize: opts.pageSize,
      rangeSpan: ast.where?.span ?? { offset: 0, length: query.length },
    });
    if (!planned.plan) return failure(source, planned.diagnostics);
    return { ok: true, plan: planned.plan };
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return failure(source, [
        { code: 'TOO_DEEP', message: 'the query is nested too deeply to compile', span: NOWHERE },
      ]);
    }
    return failure(source, [
      {
        code: 'INTERNAL_ERROR',
        message: `internal compiler error (${e instanceof Error ? e.message : String(e)}); please report this query`,
        span: NOWHERE,
      },
    ]);
  }
}

/**
 * The failed result of compiling `source`, with at most MAX_ERRORS errors. (A function of its own
 * rather than a closure in tryCompile, which would be allocated on every compile.)
 */
function failure(source: string, diagnostics: readonly Diagnostic[]): CompileResult {
  return {
    ok: false,
    errors: linkErrors(diagnostics.slice(0, MAX_ERRORS).map((d) => new QueryError(d, { source }))),
  };
}

/** `s` without leading whitespace. */
type TrimStart<S extends string> = S extends `${' ' | '\n' | '\r' | '\t'}${infer T}`
  ? TrimStart<T>
  : S;

/** The resource named by the leading word of a query (after an optional `export`), else never. */
type LeadingResource<Q extends string> = Q extends ResourceName
  ? Q
  : Q extends `${infer W}${' ' | '\n' | '\r' | '\t'}${infer Rest}`
    ? W extends 'export'
      ? LeadingResource<TrimStart<Rest>>
      : W extends ResourceName
        ? W
        : never
    : never;

/**
 * The resource a query's plan is typed with: its leading resource word when the query yields
 * whole records; `ResourceName` (untyped) for a query that is not a literal, names no resource
 * first, or may yield rows (it says `select` or `group` anywhere, in any case — a string value
 * containing those words only loses the typing, never gives a wrong one).
 *
 * @example type R = QueryResource<'payments where amount > $10'>; // 'payments'
 */
export type QueryResource<Q extends string> = string extends Q
  ? ResourceName
  : Lowercase<Q> extends `${string}select${string}` | `${string}group${string}`
    ? ResourceName
    : [LeadingResource<TrimStart<Lowercase<Q>>>] extends [never]
      ? ResourceName
      : LeadingResource<TrimStart<Lowercase<Q>>>;

/**
 * Compiles a query into a plan. A literal query that starts with a resource name and yields
 * whole records gives a plan typed with that resource (`Plan<'payments'>`), which `run` turns
 * into typed records (`Payment`); any other string gives an untyped `Plan`.
 *
 * @throws QueryError — the first error; `error.all` holds every error found.
 * @example
 * const plan = compile('payments where createdTime >= 2024-01-01 and amount > $10', { tz: 'Europe/Paris' });
 */
export function compile<Q extends string>(
  query: Q,
  options: CompileOptions = {},
): Plan<QueryResource<Q>> {
  const r = tryCompile(query, options);
  // The query text decides the resource, so the plan's resource is the one its type names.
  if (r.ok) return r.plan as Plan<QueryResource<Q>>;
  // The errors are linked: `error.all` of the first lists every one.
  throw r.errors[0]!;
}

interface ResolvedOptions {
  readonly now: number;
  readonly tz: string;
  readonly windowDays: number;
  readonly earliest: number | null;
  readonly pageSize: number;
}

function instant(
  v: number | Date | undefined,
  name: string,
  problems: Diagnostic[],
): number | undefined {
  if (v === undefined) return undefined;
  const ms = v instanceof Date ? v.getTime() : v;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < EARLIEST_TIME || ms > LATEST_TIME) {
    problems.push({
      code: 'INVALID_OPTION',
      message: `option ${name} must be a valid instant (UTC ms or a Date) in the years 1970 to 9999`,
      span: NOWHERE,
    });
    return undefined;
  }
  return Math.trunc(ms);
}

function resolveOptions(
  options: CompileOptions | null | undefined,
): ResolvedOptions | { diagnostics: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  // JavaScript callers may pass null, or something that is not an object at all.
  if (options !== null && options !== undefined && typeof options !== 'object') {
    return {
      diagnostics: [
        { code: 'INVALID_OPTION', message: 'the options must be an object', span: NOWHERE },
      ],
    };
  }
  const o: CompileOptions = options ?? {};
  const now = instant(o.now, 'now', problems) ?? (o.now === undefined ? Date.now() : 0);
  const earliest = instant(o.earliest, 'earliest', problems) ?? null;
  const tz = o.tz ?? 'UTC';
  if (typeof tz !== 'string' || !isValidTimeZone(tz)) {
    problems.push({
      code: 'INVALID_OPTION',
      message: `unknown time zone '${String(tz)}'`,
      span: NOWHERE,
      hint: 'use an IANA name such as UTC, America/New_York or Europe/Paris',
    });
  }
  const windowDays = o.windowDays ?? CLAMP_DAYS;
  if (
    typeof windowDays !== 'number' ||
    !(windowDays * 86_400_000 >= 1) ||
    windowDays > CLAMP_DAYS
  ) {
    problems.push({
      code: 'INVALID_OPTION',
      message: `windowDays must be more than 0 and at most ${CLAMP_DAYS} (Clover clamps wider ranges)`,
      span: NOWHERE,
    });
  }
  const pageSize = o.pageSize ?? PAGE_LIMIT_MAX;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > PAGE_LIMIT_MAX) {
    problems.push({
      code: 'INVALID_OPTION',
      message: `pageSize must be a whole number from 1 to ${PAGE_LIMIT_MAX}`,
      span: NOWHERE,
    });
  }
  return problems.length ? { diagnostics: problems } : { now, tz, windowDays, earliest, pageSize };
}
