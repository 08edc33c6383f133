/**
 * The options of `run` and `collect`, checked with zod at the edge: a bad option becomes
 * `ClientError('INVALID_OPTIONS')` naming it, and everything past this point can trust the
 * resolved values.
 */
import {
  EXPORT_REGIONS,
  type ExportRegion,
  exportRegionOf,
  RATE_LIMITS,
  REGION_BASE_URLS,
  REGIONS,
  type Region,
} from '@cloverql/dsl';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { type Clock, MAX_TIMER_MS, realClock } from '../clock/clock.js';
import { ClientError } from '../errors/client-error.js';
import type { SharedLimiter } from '../limit/shared-limiter.js';
import type { Progress } from '../progress/progress.js';

/** Options of `run` and `collect`. */
export interface RunOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:8080` for the mock; wins over `region`. */
  readonly baseUrl?: string | undefined;
  /** Clover region whose API host to use (`REGION_BASE_URLS`); default `us` without `baseUrl`. */
  readonly region?: Region | undefined;
  /** API token (sent as `Authorization: Bearer`). */
  readonly token: string;
  readonly merchantId: string;
  /** Requests in flight at most (default 5, Clover's per-token limit). */
  readonly concurrency?: number | undefined;
  /** Request starts in any sliding 1 s window at most (default 16); 0 or Infinity: no limit. */
  readonly rateLimit?: number | undefined;
  readonly retry?:
    | {
        /** Attempts per request, the first included (default 8). */
        readonly maxAttempts?: number | undefined;
        /** Backoff base in ms (default 250). */
        readonly baseDelayMs?: number | undefined;
        /** Backoff cap in ms (default 30 000). */
        readonly maxDelayMs?: number | undefined;
        /** Retries per run over all requests (default 500). */
        readonly budget?: number | undefined;
        /**
         * Longest `Retry-After` the run accepts, in ms (default 300 000, 5 minutes). A server
         * asking for more ends the run at once with `RETRY_AFTER_TOO_LONG`; `Infinity` always
         * waits.
         */
        readonly maxRetryAfterMs?: number | undefined;
      }
    | undefined;
  /**
   * Deadline of one attempt of one request, in ms, from sending it to the last byte of the body
   * (default 120 000). A body that keeps trickling in does not extend it. An attempt past it is
   * retried; when the attempts run out the run ends with `TIMEOUT`.
   */
  readonly requestTimeoutMs?: number | undefined;
  /**
   * Largest response body read, in bytes (default 64 MiB; a full page of 1000 records is well
   * under 10 MiB). A larger body is dropped as soon as it passes the cap and the run ends with
   * `BODY_TOO_LARGE`, not retried.
   */
  readonly maxBodyBytes?: number | undefined;
  /** Bounds on paging one REST request (see `maxPagesOf`); past them the run ends with `PROTOCOL`. */
  readonly paging?:
    | {
        /**
         * Records per second of window the run believes a merchant can have (default 100, i.e.
         * 8.6 million a day). A window of `d` seconds is paged at most
         * `ceil(d × maxRecordsPerSecond / pageSize) + 1` times.
         */
        readonly maxRecordsPerSecond?: number | undefined;
        /** Pages of any one request at most, windowed or not (default 10 000). */
        readonly maxPages?: number | undefined;
      }
    | undefined;
  readonly exports?:
    | {
        /** Wait for the Export API's opening hours (default true); false fails instead. */
        readonly wait?: boolean | undefined;
        /** Whose opening hours apply (default from `region`, else `us`). */
        readonly region?: ExportRegion | undefined;
        /** First poll delay in ms (default 1000; then ×1.5). */
        readonly pollMs?: number | undefined;
        /** Longest poll delay in ms (default 30 000). */
        readonly maxPollMs?: number | undefined;
        /** Export files downloaded at once (default 2). */
        readonly downloadConcurrency?: number | undefined;
        /**
         * How long one window may take to get its export created and DONE, in ms of the run's
         * clock (default 2 h); time spent waiting for the opening hours does not count. Past it
         * the run fails with `EXPORT_TIMEOUT`.
         */
        readonly deadlineMs?: number | undefined;
        /**
         * After a create request that may have created an export whose answer was lost, how
         * long to wait before creating again, in ms (default 5 min), so that the orphan can
         * finish and free its export slot.
         */
        readonly orphanWaitMs?: number | undefined;
        /**
         * Create requests sent again per window after such an ambiguous failure (default 2);
         * one more ends the run with `EXPORT_AMBIGUOUS`.
         */
        readonly maxAmbiguousCreates?: number | undefined;
      }
    | undefined;
  /** Aborts the run: it ends with `ClientError('ABORTED')`. */
  readonly signal?: AbortSignal | undefined;
  /** Receives a progress snapshot whenever something changes. */
  readonly onProgress?: ((p: Progress) => void) | undefined;
  /** Time source (default `realClock`). */
  readonly clock?: Clock | undefined;
  /** Jitter source in [0, 1) (default `Math.random`). */
  readonly random?: (() => number) | undefined;
  /** An undici dispatcher to use instead of the run's own keep-alive Agent; not closed by the run. */
  readonly dispatcher?: Dispatcher | undefined;
  /**
   * A limiter shared with other processes (e.g. a fleet's, in PostgreSQL), asked after the run's
   * and the token's own limits before every attempt, and told how each attempt ended.
   */
  readonly sharedLimiter?: SharedLimiter | undefined;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly merchantId: string;
  readonly concurrency: number;
  readonly rateLimit: number;
  readonly retry: {
    readonly maxAttempts: number;
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
    readonly budget: number;
    readonly maxRetryAfterMs: number;
  };
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly paging: {
    readonly maxRecordsPerSecond: number;
    readonly maxPages: number;
  };
  readonly exports: {
    readonly wait: boolean;
    readonly region: ExportRegion;
    readonly pollMs: number;
    readonly maxPollMs: number;
    readonly downloadConcurrency: number;
    readonly deadlineMs: number;
    readonly orphanWaitMs: number;
    readonly maxAmbiguousCreates: number;
  };
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((p: Progress) => void) | undefined;
  readonly clock: Clock;
  readonly random: () => number;
  readonly dispatcher: Dispatcher | undefined;
  readonly sharedLimiter: SharedLimiter | undefined;
}

/** The defaults, in one place, for the README and the CLI. */
export const RUN_DEFAULTS = Object.freeze({
  region: 'us' as const,
  concurrency: RATE_LIMITS.tokenConcurrent,
  rateLimit: RATE_LIMITS.tokenPerSecond,
  retry: Object.freeze({
    maxAttempts: 8,
    baseDelayMs: 250,
    maxDelayMs: 30_000,
    budget: 500,
    maxRetryAfterMs: 5 * 60_000,
  }),
  requestTimeoutMs: 120_000,
  maxBodyBytes: 64 * 1024 * 1024,
  paging: Object.freeze({ maxRecordsPerSecond: 100, maxPages: 10_000 }),
  exports: Object.freeze({
    wait: true,
    pollMs: 1000,
    maxPollMs: 30_000,
    downloadConcurrency: 2,
    // Far above any export Clover should take (minutes), yet inside one day's opening hours:
    // an export still running after 2 h is stuck, not slow. See docs/reliability.md.
    deadlineMs: 2 * 60 * 60 * 1000,
    orphanWaitMs: 5 * 60 * 1000,
    maxAmbiguousCreates: 2,
  }),
});

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `must be ${what}`);
const count = z.number().int().min(1);
const ms = z.number().int().min(0);

const schema = z.strictObject({
  baseUrl: z
    .string()
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
      message: 'must be an absolute http(s) URL',
    })
    .optional(),
  region: z.enum(REGIONS).optional(),
  token: z.string().min(1, 'must not be empty'),
  merchantId: z.string().min(1, 'must not be empty'),
  concurrency: count.max(1000).optional(),
  rateLimit: z.union([z.number().min(0), z.literal(Number.POSITIVE_INFINITY)]).optional(),
  retry: z
    .strictObject({
      maxAttempts: count.max(100).optional(),
      baseDelayMs: ms.optional(),
      maxDelayMs: ms.optional(),
      budget: z.number().int().min(0).optional(),
      maxRetryAfterMs: z.union([ms, z.literal(Number.POSITIVE_INFINITY)]).optional(),
    })
    .optional(),
  // Node timers take at most 2^31 - 1 ms; the deadline is one timer.
  requestTimeoutMs: count.max(MAX_TIMER_MS).optional(),
  maxBodyBytes: count.optional(),
  paging: z
    .strictObject({
      maxRecordsPerSecond: z.number().positive().finite().optional(),
      maxPages: count.optional(),
    })
    .optional(),
  exports: z
    .strictObject({
      wait: z.boolean().optional(),
      region: z.enum(EXPORT_REGIONS).optional(),
      pollMs: ms.optional(),
      maxPollMs: ms.optional(),
      downloadConcurrency: count.max(16).optional(),
      deadlineMs: count.optional(),
      orphanWaitMs: ms.optional(),
      maxAmbiguousCreates: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
  signal: z.instanceof(AbortSignal, { message: 'must be an AbortSignal' }).optional(),
  onProgress: fn('a function').optional(),
  clock: z
    .custom<Clock>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as Clock).now === 'function' &&
        typeof (v as Clock).sleep === 'function',
      'must have now() and sleep(ms, signal)',
    )
    .optional(),
  random: fn('a function returning a number in [0, 1)').optional(),
  dispatcher: z
    .custom<Dispatcher>(
      (v) => typeof v === 'object' && v !== null && typeof (v as Dispatcher).request === 'function',
      'must be an undici Dispatcher',
    )
    .optional(),
  sharedLimiter: z
    .custom<SharedLimiter>(
      (v) =>
        typeof v === 'object' && v !== null && typeof (v as SharedLimiter).acquire === 'function',
      'must have acquire({ tokenKey, signal })',
    )
    .optional(),
});

/**
 * Checks `options` and fills in the defaults.
 *
 * @throws ClientError INVALID_OPTIONS naming the first bad option.
 * @example resolveOptions({ token: 't', merchantId: 'M' }).baseUrl // 'https://api.clover.com'
 */
export function resolveOptions(options: RunOptions): ResolvedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      if (i.code === 'unrecognized_keys') {
        const at = i.path.length ? `${i.path.join('.')}.` : '';
        return `unknown option ${i.keys.map((k) => `'${at}${k}'`).join(', ')}`;
      }
      const name = i.path.length ? i.path.join('.') : 'options';
      return `option '${name}': ${i.message}`;
    });
    throw new ClientError('INVALID_OPTIONS', issues.join('; '));
  }
  const o = parsed.data;
  const retry = { ...RUN_DEFAULTS.retry, ...defined(o.retry ?? {}) };
  const exp = { ...RUN_DEFAULTS.exports, ...defined(o.exports ?? {}) };
  if (retry.maxDelayMs < retry.baseDelayMs) {
    throw new ClientError(
      'INVALID_OPTIONS',
      `option 'retry.maxDelayMs' (${retry.maxDelayMs}) must not be below 'retry.baseDelayMs' (${retry.baseDelayMs})`,
    );
  }
  if (exp.maxPollMs < exp.pollMs) {
    throw new ClientError(
      'INVALID_OPTIONS',
      `option 'exports.maxPollMs' (${exp.maxPollMs}) must not be below 'exports.pollMs' (${exp.pollMs})`,
    );
  }
  const region = o.region ?? RUN_DEFAULTS.region;
  return {
    baseUrl: (o.baseUrl ?? REGION_BASE_URLS[region]).replace(/\/+$/, ''),
    token: o.token,
    merchantId: o.merchantId,
    concurrency: o.concurrency ?? RUN_DEFAULTS.concurrency,
    rateLimit: o.rateLimit ?? RUN_DEFAULTS.rateLimit,
    retry,
    requestTimeoutMs: o.requestTimeoutMs ?? RUN_DEFAULTS.requestTimeoutMs,
    maxBodyBytes: o.maxBodyBytes ?? RUN_DEFAULTS.maxBodyBytes,
    paging: { ...RUN_DEFAULTS.paging, ...defined(o.paging ?? {}) },
    exports: {
      ...exp,
      region: o.exports?.region ?? exportRegionOf(o.region ?? RUN_DEFAULTS.region),
    },
    signal: o.signal,
    onProgress: o.onProgress as ((p: Progress) => void) | undefined,
    clock: o.clock ?? realClock,
    // The one place the client reads ambient randomness: the default jitter source.
    random: (o.random as (() => number) | undefined) ?? Math.random,
    dispatcher: o.dispatcher,
    sharedLimiter: o.sharedLimiter,
  };
}

function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
