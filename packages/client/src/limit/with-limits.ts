/**
 * The limits layer: every attempt first takes the run's own concurrency permit, then a permit
 * of the token's shared semaphore under the run's cap, then waits for the token's shared rate
 * limiter under the run's rate, and only then starts — so the limiter records the real start of
 * each request. Both permits are held until the body has been read, and released however the
 * attempt ends (success, failure, abort).
 */
import type { HttpRequest, RawResponse, Send } from '../http/http-types.js';
import type { Semaphore } from './semaphore.js';
import type { TokenLimits } from './token-limits.js';

/** What {@link withLimits} applies. */
export interface Limits {
  /** The run's own semaphore (its `concurrency`); its peak is the run's `maxInFlight`. */
  readonly semaphore: Semaphore;
  /** The limits shared by every run on the token. */
  readonly token: TokenLimits;
  /** The run's caps, applied over the token's totals. */
  readonly caps: { readonly concurrency: number; readonly rateLimit: number };
  /** Told of each start. */
  readonly onStart?: (req: HttpRequest) => void;
}

/**
 * Wraps `send` in the run's semaphore and the token's shared limits.
 *
 * @example
 * const limited = withLimits(transport, {
 *   semaphore, token: tokenLimits({ baseUrl, token, clock, windowMs }),
 *   caps: { concurrency: 5, rateLimit: 16 }, onStart: () => n++,
 * });
 */
export function withLimits(send: Send, limits: Limits): Send {
  const { semaphore, token, caps } = limits;
  return async (req: HttpRequest, signal: AbortSignal): Promise<RawResponse> => {
    const releaseRun = await semaphore.acquire(signal);
    try {
      const releaseToken = await token.semaphore.acquire(signal, caps.concurrency);
      try {
        await token.limiter.acquire(signal, caps.rateLimit);
        limits.onStart?.(req);
        return await send(req, signal);
      } finally {
        releaseToken();
      }
    } finally {
      releaseRun();
    }
  };
}
