/**
 * The retry layer: runs attempts through the limited transport until one succeeds, a failure is
 * final, the request's attempts run out or the run's retry budget does. Parsing the body is part
 * of the attempt, so a body that is cut off or is not the JSON it should be is retried too.
 */
import type { Clock } from '../clock/clock.js';
import { ClientError, type ClientErrorCode } from '../errors/client-error.js';
import type { HttpRequest, RawResponse, Send } from '../http/http-types.js';
import { serverMessage } from '../http/server-message.js';
import type { ProgressTracker } from '../progress/progress.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import { classifyError, classifyStatus, type Verdict } from './classify.js';
import { formatDuration } from './format-duration.js';
import { parseRetryAfter } from './retry-after.js';
import type { RetryBudget } from './retry-budget.js';

/** Retry settings of a run. */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts per request, the first included (default 8). */
  readonly maxAttempts: number;
  /** Longest `Retry-After` honoured, in ms; a longer one ends the run (`RETRY_AFTER_TOO_LONG`). */
  readonly maxRetryAfterMs: number;
}

/** What the retry layer needs from the run. */
export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly budget: RetryBudget;
  readonly clock: Clock;
  readonly random: () => number;
  readonly progress: ProgressTracker;
}

/** A finished request: the raw response and, for a success, the parsed body. */
export type Reply<T> =
  | { readonly ok: true; readonly status: number; readonly raw: RawResponse; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly raw: RawResponse };

/** Sends a request with retries; `parse` turns a 2xx body into a value or throws. */
export type Fetcher = <T>(
  req: HttpRequest,
  parse: (raw: RawResponse) => T,
  signal: AbortSignal,
) => Promise<Reply<T>>;

/** Thrown by a `parse` function for a body that is not what the endpoint returns. */
export class BadBodyError extends Error {
  override readonly name = 'BadBodyError';
}

/**
 * Wraps a {@link Send} in retries.
 *
 * @example
 * const fetcher = withRetry(limited, ctx);
 * const reply = await fetcher(req, (raw) => JSON.parse(raw.body.toString()), signal);
 */
export function withRetry(send: Send, ctx: RetryContext): Fetcher {
  return async <T>(req: HttpRequest, parse: (raw: RawResponse) => T, signal: AbortSignal) => {
    for (let attempt = 1; ; attempt++) {
      let verdict: Verdict;
      let raw: RawResponse | undefined;
      let cause: unknown;
      try {
        raw = await send(req, signal);
      } catch (err) {
        if (signal.aborted) throw abortError(req, signal.reason);
        cause = err;
      }
      if (raw === undefined) {
        verdict = classifyError(cause);
      } else if (raw.status >= 200 && raw.status <= 299) {
        try {
          return { ok: true, status: raw.status, raw, value: parse(raw) };
        } catch (err) {
          if (err instanceof ClientError) throw err;
          cause = err;
          verdict = { action: 'retry', code: 'BAD_RESPONSE', label: 'malformed body' };
        }
      } else if (req.passStatuses?.includes(raw.status)) {
        return { ok: false, status: raw.status, raw };
      } else {
        verdict = classifyStatus(raw.status);
        const retryAfterMs = parseRetryAfter(raw.headers['retry-after'], ctx.clock.now());
        if (verdict.action === 'retry' && retryAfterMs !== undefined) {
          verdict = { ...verdict, retryAfterMs };
        }
      }
      const fail = (code: ClientErrorCode, reason: string) =>
        failure(code, reason, { req, raw, cause, attempt });
      if (
        verdict.action === 'retry' &&
        verdict.retryAfterMs !== undefined &&
        verdict.retryAfterMs > ctx.policy.maxRetryAfterMs
      ) {
        // Waiting days would look like a hang; the user can allow it through the option.
        const header = String(raw?.headers['retry-after'] ?? '');
        throw fail(
          'RETRY_AFTER_TOO_LONG',
          `the server asked to wait ${formatDuration(verdict.retryAfterMs)} before retrying (Retry-After: ${header}), more than retry.maxRetryAfterMs (${formatDuration(ctx.policy.maxRetryAfterMs)}); raise that option (--max-retry-after in the CLI) to wait`,
        );
      }
      if (verdict.action === 'fail') throw fail(verdict.code, describeVerdict(verdict, cause));
      if (req.mayResend && !req.mayResend({ raw, cause })) {
        throw fail(verdict.code, `${describeVerdict(verdict, cause)}; not sent again`);
      }
      if (attempt >= ctx.policy.maxAttempts) {
        throw fail(verdict.code, `${describeVerdict(verdict, cause)}; gave up`);
      }
      if (!ctx.budget.take()) {
        throw fail(
          'RETRY_BUDGET',
          `${describeVerdict(verdict, cause)}; the run's retry budget of ${ctx.budget.spent} retries is spent`,
        );
      }
      const delayMs = backoffDelay(ctx.policy, {
        retry: attempt - 1,
        random: ctx.random,
        ...(verdict.retryAfterMs !== undefined ? { retryAfterMs: verdict.retryAfterMs } : {}),
      });
      ctx.progress.retried({ status: verdict.label, delayMs, request: req.describe });
      try {
        await ctx.clock.sleep(delayMs, signal);
      } catch (err) {
        throw abortError(req, signal.aborted ? signal.reason : err);
      }
    }
  };
}

/** The error of a run stopped through its signal (the caller's or the run's own). */
export function abortError(req: HttpRequest | undefined, reason: unknown): ClientError {
  if (reason instanceof ClientError) return reason;
  return new ClientError('ABORTED', 'the run was aborted', {
    request: req?.describe,
    window: req?.window?.index,
    windowText: req?.window?.text,
    cause: reason,
  });
}

function describeVerdict(v: Verdict, cause: unknown): string {
  if (typeof v.label === 'number') {
    switch (v.code) {
      case 'AUTH':
        return 'Clover refused the token (check the token and that it belongs to this merchant)';
      case 'NOT_FOUND':
        return 'Clover has no such resource (check the merchant id and region)';
      case 'BAD_REQUEST':
        return 'Clover rejected the request';
      case 'RATE_LIMITED':
        return 'Clover kept answering "too many requests"';
      case 'UNAVAILABLE':
        return 'Clover kept failing with a server error';
      default:
        return `unexpected HTTP status ${v.label}`;
    }
  }
  const what = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
  if (v.code === 'TIMEOUT') return `the request timed out${what}`;
  if (v.code === 'BODY_TOO_LARGE') return `the response was too large${what}`;
  if (v.code === 'BAD_RESPONSE')
    return `the response body was cut off or malformed (${v.label}${what})`;
  return `the connection failed (${v.label}${what})`;
}

function failure(
  code: ClientErrorCode,
  reason: string,
  at: { req: HttpRequest; raw: RawResponse | undefined; cause: unknown; attempt: number },
): ClientError {
  const { req, raw, cause, attempt } = at;
  return new ClientError(code, reason, {
    status: raw?.status,
    serverMessage:
      raw && (raw.status < 200 || raw.status > 299) ? serverMessage(raw.body) : undefined,
    window: req.window?.index,
    windowText: req.window?.text,
    request: req.describe,
    attempts: attempt,
    cause,
  });
}
