/**
 * `run(plan, options)`: executes a compiled plan and streams its records; `collect` gathers
 * them. The run owns its pieces — one undici Agent with keep-alive, one semaphore and one retry
 * budget shared by every request — and releases them when it ends, however it ends: all records
 * read, `limit` reached, the caller stopping early, a failure or an abort. The token's rate
 * limiter and in-flight cap are shared with every other run on the same token.
 */
import { CATALOGUE, PLAN_VERSION, type Plan, type ResourceName, type Row } from '@cloverql/dsl';
import { Agent, type Dispatcher } from 'undici';
import { type ClientRecord, type DedupeStats, RecordGate } from '../dedupe/record-gate.js';
import { ClientError } from '../errors/client-error.js';
import { createTransport } from '../http/transport.js';
import { Semaphore } from '../limit/semaphore.js';
import { withSharedLimiter } from '../limit/shared-limiter.js';
import { tokenKeyOf, tokenLimits } from '../limit/token-limits.js';
import { withLimits } from '../limit/with-limits.js';
import { type ResolvedOptions, type RunOptions, resolveOptions } from '../options/run-options.js';
import { type Progress, ProgressTracker } from '../progress/progress.js';
import { RetryBudget } from '../retry/retry-budget.js';
import { abortError, withRetry } from '../retry/with-retry.js';
import { groupRequests } from '../schedule/groups.js';
import { resultRows } from './result-rows.js';
import type { RunContext } from './run-context.js';
import type { RunRecord } from './run-record.js';
import { recordSource } from './sources.js';

/**
 * The rate limiter's window: Clover's 1 s plus a guard for the jitter between when a request
 * starts here and when the server counts it (the mock counts on a token bucket, which a burst
 * replayed exactly one second later can overrun by a fraction of a token).
 */
export const RATE_WINDOW_MS = 1000 + 25;

const USER_AGENT = 'cloverql-client/0.1.0';

/** Figures about a run in progress or finished, for tests, benchmarks and the CLI. */
export interface RunStats {
  /** Whether the run has ended and released its dispatcher (closed its own Agent). */
  readonly closed: boolean;
  /** The last progress snapshot. */
  readonly progress: Progress | undefined;
  /** De-duplication: its scope and how many ids it holds. */
  readonly dedupe: DedupeStats | undefined;
  /** The most requests that were in flight at once. */
  readonly maxInFlight: number;
}

/**
 * What a run yields: whole records, or — for a plan with `select` or `aggregate` — result rows
 * keyed as `rowColumns(plan)` names them.
 */
export type ResultRow = ClientRecord | Row;

/**
 * What `run` returns: the result rows, and live figures about the run. The row type is the
 * caller's to name, since a `Plan`'s type does not say whether it selects: `ClientRecord` by
 * default, `Row` (from `@cloverql/dsl`) for a plan with `select` or `aggregate`.
 */
export interface RunIterable<R = ClientRecord> extends AsyncIterable<R> {
  /** Figures of the latest iteration (each iteration is a new run). */
  readonly stats: RunStats;
}

/**
 * Runs a plan and yields its records as they arrive (or in `orderBy` order). With a select list,
 * each record is yielded as its row (`projectRecord`); with `group by` or aggregates, the records
 * are grouped as they stream (memory grows with the groups, not the records) and the group rows
 * are yielded at the end. Progress `records` counts the records read either way. Options are checked
 * at once: a bad one throws `ClientError('INVALID_OPTIONS')` from this call. Requests start when
 * iteration starts; stopping the iteration early (break, return) cancels what is in flight.
 *
 * @example
 * const plan = compile('payments where createdTime >= today - 30d and amount > $10');
 * for await (const payment of run(plan, { token, merchantId })) console.log(payment.id);
 */
export function run<R extends ResourceName = ResourceName>(
  plan: Plan<R>,
  options: RunOptions,
): RunIterable<RunRecord<R>>;
/** With a row type named (`run<Row>(plan, …)`): the result rows of a plan that selects or groups. */
export function run<T extends ResultRow>(plan: Plan, options: RunOptions): RunIterable<T>;
export function run(plan: Plan, options: RunOptions): RunIterable<ResultRow> {
  const resolved = resolveOptions(options);
  checkPlan(plan);
  const stats: { -readonly [K in keyof RunStats]: RunStats[K] } = {
    closed: false,
    progress: undefined,
    dedupe: undefined,
    maxInFlight: 0,
  };
  return {
    stats,
    // Rows are records unless the plan selects or groups; the overloads give them their type.
    [Symbol.asyncIterator]: () => resultRows(plan, execute(plan, { options: resolved, stats })),
  };
}

/**
 * Runs a plan and resolves with all its result rows (records, unless the plan selects or groups).
 *
 * @example const orders = await collect(compile('orders where total > $100 limit 10'), { token, merchantId });
 * @example const byDay = await collect<Row>(compile('orders group by day(createdTime) select count()'), { token, merchantId });
 */
export async function collect<R extends ResourceName = ResourceName>(
  plan: Plan<R>,
  options: RunOptions,
): Promise<RunRecord<R>[]>;
export async function collect<T extends ResultRow>(plan: Plan, options: RunOptions): Promise<T[]>;
export async function collect(plan: Plan, options: RunOptions): Promise<ResultRow[]> {
  const out: ResultRow[] = [];
  for await (const r of run<ResultRow>(plan, options)) out.push(r);
  return out;
}

function checkPlan(plan: Plan): void {
  const bad = (what: string) =>
    new ClientError(
      'INVALID_OPTIONS',
      `the plan ${what}; compile it with this version of @cloverql/dsl`,
    );
  if (!plan || typeof plan !== 'object') throw bad('is not a plan object');
  if (plan.version !== PLAN_VERSION)
    throw bad(`has version ${String(plan.version)}, expected ${PLAN_VERSION}`);
  if (!(plan.resource in CATALOGUE))
    throw bad(`names an unknown resource ${String(plan.resource)}`);
  if (!Array.isArray(plan.requests) || !Array.isArray(plan.windows))
    throw bad('has no requests or windows');
}

async function* execute(
  plan: Plan,
  run: { options: ResolvedOptions; stats: { -readonly [K in keyof RunStats]: RunStats[K] } },
): AsyncGenerator<ClientRecord> {
  const { options, stats } = run;
  stats.closed = false;
  const own: Agent | null = options.dispatcher
    ? null
    : new Agent({
        keepAliveTimeout: 10_000,
        connections: options.concurrency + options.exports.downloadConcurrency,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? own!;
  const controller = new AbortController();
  const user = options.signal;
  const onAbort = () => controller.abort(user?.reason);
  if (user?.aborted) onAbort();
  else user?.addEventListener('abort', onAbort, { once: true });

  const progress = new ProgressTracker(
    (p) => {
      stats.progress = p;
      options.onProgress?.(p);
    },
    {
      phase: plan.kind === 'export' ? 'export-create' : 'rest',
      windowsTotal: plan.requests.length,
    },
  );
  const semaphore = new Semaphore(options.concurrency);
  const budget = new RetryBudget(options.retry.budget);
  const transport = createTransport(dispatcher, {
    token: options.token,
    userAgent: USER_AGENT,
    requestTimeoutMs: options.requestTimeoutMs,
    maxBodyBytes: options.maxBodyBytes,
  });
  // A limiter shared with other processes is asked last, right before the request starts.
  const shared = options.sharedLimiter
    ? withSharedLimiter(
        transport,
        options.sharedLimiter,
        tokenKeyOf(options.baseUrl, options.token),
      )
    : transport;
  const limited = withLimits(shared, {
    semaphore,
    // Clover counts per token, so runs on one token share its limits (limit/token-limits.ts).
    token: tokenLimits({
      baseUrl: options.baseUrl,
      token: options.token,
      clock: options.clock,
      windowMs: RATE_WINDOW_MS,
    }),
    caps: options,
    onStart: () => progress.requestStarted(),
  });
  const fetch = withRetry(limited, {
    policy: options.retry,
    budget,
    clock: options.clock,
    random: options.random,
    progress,
  });
  const groups = groupRequests(plan);
  const gate = new RecordGate(plan, groups);
  const ctx: RunContext = {
    plan,
    options,
    fetch,
    clock: options.clock,
    progress,
    gate,
    timeFields: new Set(
      CATALOGUE[plan.resource].fields.filter((f) => f.type === 'time').map((f) => f.name),
    ),
    retry: { policy: options.retry, budget, random: options.random },
  };
  Object.defineProperty(stats, 'dedupe', {
    get: () => gate.stats(),
    enumerable: true,
    configurable: true,
  });
  Object.defineProperty(stats, 'maxInFlight', {
    get: () => semaphore.maxInUse,
    enumerable: true,
    configurable: true,
  });

  const limit = plan.limit ?? Number.POSITIVE_INFINITY;
  let yielded = 0;
  let unreported = 0;
  let failed = false;
  try {
    if (plan.requests.length === 0 || limit <= 0) return;
    for await (const batch of recordSource(ctx, groups, controller.signal)) {
      for (const record of batch) {
        yielded++;
        unreported++;
        yield record;
        if (yielded >= limit) return;
        // An abort during the caller's turn ends the run before the next record.
        user?.throwIfAborted();
      }
      progress.recordsYielded(unreported);
      unreported = 0;
    }
  } catch (err) {
    failed = true;
    throw normalizeError(err, user);
  } finally {
    progress.recordsYielded(unreported);
    if (!controller.signal.aborted) controller.abort(new Error('the run ended'));
    user?.removeEventListener('abort', onAbort);
    if (own) {
      if (failed) await own.destroy().catch(() => undefined);
      else await own.close().catch(() => undefined);
    }
    stats.closed = true;
    progress.phase('done', { waitingUntil: undefined });
  }
}

/** Every failure leaves the run as a `ClientError`; an abort by the caller always as ABORTED. */
function normalizeError(err: unknown, user: AbortSignal | undefined): ClientError {
  if (user?.aborted) {
    if (err instanceof ClientError && err.code === 'ABORTED') return err;
    return abortError(undefined, user.reason);
  }
  if (err instanceof ClientError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ClientError('NETWORK', `the run failed unexpectedly: ${message}`, { cause: err });
}
