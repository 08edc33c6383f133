import type { FaultConfig } from '../faults/fault-config.js';
import { mix32 } from '../random/hash.js';
import { Prng } from '../random/prng.js';

/** What happens to one webhook POST under faults. */
export interface WebhookFate {
  /** Not sent at all (Clover does not guarantee delivery). */
  readonly dropped: boolean;
  /** Real ms to wait before sending. */
  readonly delayMs: number;
}

/**
 * The fate of the `seq`-th webhook POST (counting from 1), a pure function of the fault
 * configuration and `seq`, so a seed replays the same deliveries whatever the requests do. A POST
 * is dropped with probability `dropRate + errorRate` (capped at 1) and delayed by `latencyMs`
 * plus up to `latencyJitterMs`.
 *
 * @example webhookFate(resolveFaults({ dropRate: 0.5, seed: 1 }), 1) // { dropped: true, delayMs: 0 } or not
 */
export function webhookFate(config: FaultConfig, seq: number): WebhookFate {
  const rng = new Prng(mix32(mix32(0x7765626b, config.seed), seq));
  const drop = rng.next();
  const jitter = rng.next();
  const dropRate = Math.min(1, config.dropRate + config.errorRate);
  return {
    dropped: drop < dropRate,
    delayMs: config.latencyMs + Math.floor(jitter * (config.latencyJitterMs + 1)),
  };
}
