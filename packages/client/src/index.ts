/**
 * @cloverql/client — runs cloverql plans against Clover (or the mock): paging, rate limiting,
 * retries, de-duplication, the client-side residual filter, `limit` and `order by`, the
 * truncation tripwire and the Export API.
 *
 * @example
 * import { compile } from '@cloverql/dsl';
 * import { run } from '@cloverql/client';
 * const plan = compile('payments where createdTime >= today - 30d and amount > $10');
 * for await (const p of run(plan, { token: process.env.CLOVER_TOKEN!, merchantId: 'M' })) console.log(p.id);
 */

export { type Clock, realClock } from './clock/clock.js';
export type { ClientRecord, DedupeScope, DedupeStats } from './dedupe/record-gate.js';
export {
  CLIENT_ERROR_CODES,
  ClientError,
  type ClientErrorCode,
  isClientError,
} from './errors/client-error.js';
export type {
  AttemptOutcome,
  SharedLimiter,
  SharedRelease,
} from './limit/shared-limiter.js';
export { tokenKeyOf } from './limit/token-limits.js';
export { RUN_DEFAULTS, type RunOptions } from './options/run-options.js';
export type { Progress } from './progress/progress.js';
export {
  collect,
  RATE_WINDOW_MS,
  type ResultRow,
  type RunIterable,
  type RunStats,
  run,
} from './run/run.js';
export type { RunRecord } from './run/run-record.js';
