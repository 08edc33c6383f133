import type { RequestHandler } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { MockError } from '../errors/mock-error.js';
import { param, queryEntries } from './request-info.js';

/**
 * Auth and rate limits for every merchant API route: the bearer token must belong to the
 * merchant in the path (401 otherwise), then the token and app must be within Clover's limits
 * (429 with `X-RateLimit-<limit>` and, for concurrency, `Retry-After`). The in-flight slot is
 * released when the response finishes or the connection closes.
 */
export function guard(core: MockCore): RequestHandler {
  return (req, res, next) => {
    const token = core.tokens.authenticate({
      authorization: req.get('authorization'),
      accessTokens: queryEntries(req)
        .filter(([k]) => k === 'access_token')
        .map(([, v]) => v),
      merchantId: param(req, 'mId'),
    });
    const admission = core.limiter.admit(token);
    if (!admission.ok) {
      const context: Record<string, string | number> = {
        limit: admission.limit,
        value: admission.value,
      };
      if (admission.retryAfterSeconds !== null) {
        context.retryAfterSeconds = admission.retryAfterSeconds;
      }
      throw new MockError('RATE_LIMITED', 'Too Many Requests', {
        details: `Rate limit ${admission.limit} (${admission.value}) exceeded`,
        context,
      });
    }
    res.once('finish', admission.release);
    res.once('close', admission.release);
    next();
  };
}
