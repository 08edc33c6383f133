/** What every part of a run shares: the plan, the options, the HTTP chain and the tallies. */
import {
  fieldPath,
  formatWindow,
  isTimeFiltered,
  type Plan,
  type PlanRequestV2,
  readPath,
} from '@cloverql/dsl';
import type { Clock } from '../clock/clock.js';
import type { RecordGate } from '../dedupe/record-gate.js';
import type { ResolvedOptions } from '../options/run-options.js';
import type { ProgressTracker } from '../progress/progress.js';
import type { RetryBudget } from '../retry/retry-budget.js';
import type { Fetcher, RetryPolicy } from '../retry/with-retry.js';

/** The shared state of one run. */
export interface RunContext {
  readonly plan: Plan;
  readonly options: ResolvedOptions;
  readonly fetch: Fetcher;
  readonly clock: Clock;
  readonly progress: ProgressTracker;
  readonly gate: RecordGate;
  /** For retries the runners schedule themselves (export creation on a busy 503). */
  readonly retry: {
    readonly policy: RetryPolicy;
    readonly budget: RetryBudget;
    readonly random: () => number;
  };
  /** Names of the resource's time fields, for the tripwire. */
  readonly timeFields: ReadonlySet<string>;
}

/** The window a request covers, as `{ index, text }` for errors. */
export function windowOf(plan: Plan, request: PlanRequestV2): { index: number; text: string } {
  const w = plan.windows[request.window];
  return {
    index: request.window,
    text:
      w && isTimeFiltered(request, plan.timeField)
        ? formatWindow(w)
        : 'all records, no time filter',
  };
}

/** An absolute URL under the run's base URL, with `{mId}` filled in. */
export function apiUrl(
  options: ResolvedOptions,
  path: string,
  query: readonly (readonly [string, string])[] = [],
): { url: URL; describe: (method: string) => string } {
  const p = path.replace('{mId}', encodeURIComponent(options.merchantId));
  const search = query
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const url = new URL(`${options.baseUrl}${p}${search ? `?${search}` : ''}`);
  const readable = query.map(([k, v]) => `${k}=${v}`).join('&');
  return {
    url,
    describe: (method) => `${method} ${url.pathname}${readable ? `?${readable}` : ''}`,
  };
}

/** Reads a catalogue field from a record. */
export function fieldValue(plan: Plan, record: unknown, field: string): unknown {
  return readPath(record, fieldPath(plan.resource, field));
}
