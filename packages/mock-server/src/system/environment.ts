import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type PostWebhook, postWebhook } from '../webhooks/post-webhook.js';

/**
 * Everything the mock takes from the outside world: wall time (only to default the virtual
 * clock's start), a monotonic clock, secrets for export file URLs, timers and the webhook POST.
 * This module is the only one that touches them; tests pass their own.
 */
export interface MockEnvironment {
  /** Wall-clock UTC ms, read once to start the virtual clock when no start is given. */
  readonly wallNow: () => number;
  /** Monotonic ms for rate limiting and for a running virtual clock. */
  readonly monotonicNow: () => number;
  /** An unguessable URL-safe secret for a pre-signed export file URL. */
  readonly randomSecret: () => string;
  /** Resolves after `ms` real milliseconds (injected latency). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Sends one webhook POST (default: the platform's `fetch`, bounded by a timeout). */
  readonly postWebhook?: PostWebhook | undefined;
}

/**
 * The real environment.
 *
 * @example createMockApp(options, { ...SYSTEM_ENVIRONMENT, randomSecret: () => 'fixed' });
 */
export const SYSTEM_ENVIRONMENT: MockEnvironment = Object.freeze({
  wallNow: () => Date.now(),
  monotonicNow: () => performance.now(),
  randomSecret: () => randomBytes(24).toString('base64url'),
  sleep: (ms: number) =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, ms);
    }),
  postWebhook,
});
