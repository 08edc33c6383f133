/**
 * A limiter outside the process: the hook through which many processes (a fleet of workers)
 * share Clover's per-app and per-token limits. The run's own limits still apply first; the
 * shared limiter is asked last, right before the request starts, and told how the attempt ended
 * (its status and headers, so it can react to a 429 that names the app's limit).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpRequest, RawResponse, Send } from '../http/http-types.js';

/** How one attempt ended, for {@link SharedLimiter}'s release. */
export interface AttemptOutcome {
  /** The status, when a response came. */
  readonly status?: number | undefined;
  /** Its headers (lower-case names), when a response came. */
  readonly headers?: IncomingHttpHeaders | undefined;
}

/** One permit of a {@link SharedLimiter}: call it once when the attempt is over. */
export type SharedRelease = (outcome: AttemptOutcome) => void | Promise<void>;

/**
 * A limiter shared beyond this process, passed to `run` as `sharedLimiter`.
 *
 * @example
 * const sharedLimiter: SharedLimiter = {
 *   async acquire({ tokenKey, signal }) { await myGate.wait(tokenKey, signal); return () => myGate.done(tokenKey); },
 * };
 * await collect(plan, { token, merchantId, sharedLimiter });
 */
export interface SharedLimiter {
  /**
   * Waits until one request on the token may start and resolves with its release; rejects with
   * the signal's reason when aborted. `tokenKey` names the token without revealing it (a hash
   * of the base URL and the token).
   */
  acquire(request: {
    readonly tokenKey: string;
    readonly signal: AbortSignal;
  }): Promise<SharedRelease>;
}

/**
 * Wraps `send` so that every attempt holds a permit of `limiter` while it runs; the release is
 * told the response's status and headers (or nothing when no response came).
 *
 * @example const limited = withSharedLimiter(transport, limiter, tokenKey);
 */
export function withSharedLimiter(send: Send, limiter: SharedLimiter, tokenKey: string): Send {
  return async (req: HttpRequest, signal: AbortSignal): Promise<RawResponse> => {
    const release = await limiter.acquire({ tokenKey, signal });
    let outcome: AttemptOutcome = {};
    try {
      const raw = await send(req, signal);
      outcome = { status: raw.status, headers: raw.headers };
      return raw;
    } finally {
      await release(outcome);
    }
  };
}
