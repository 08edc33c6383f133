/**
 * The limits layer: every attempt first takes a concurrency permit, then waits for the rate
 * limiter, and only then starts — so the limiter records the real start of each request. The
 * permit is held until the body has been read.
 */
import type { HttpRequest, RawResponse, Send } from '../http/http-types.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Semaphore } from './semaphore.js';

/**
 * Wraps `send` in the run's semaphore and rate limiter; `onStart` is told of each start.
 *
 * @example const limited = withLimits(transport, { semaphore, limiter, onStart: () => n++ });
 */
export function withLimits(
  send: Send,
  limits: {
    readonly semaphore: Semaphore;
    readonly limiter: RateLimiter;
    readonly onStart?: (req: HttpRequest) => void;
  },
): Send {
  return async (req: HttpRequest, signal: AbortSignal): Promise<RawResponse> => {
    const release = await limits.semaphore.acquire(signal);
    try {
      await limits.limiter.acquire(signal);
      limits.onStart?.(req);
      return await send(req, signal);
    } finally {
      release();
    }
  };
}
