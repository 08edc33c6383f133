import { Prng } from '../random/prng.js';
import { type FaultConfig, NO_FAULTS } from './fault-config.js';

/** What to do to one request. */
export type FaultDecision =
  | { readonly kind: 'none' | 'drop' | 'truncate'; readonly latencyMs: number }
  | { readonly kind: 'error'; readonly status: number; readonly latencyMs: number };

/** How many of each fault were injected. */
export interface FaultCounts {
  readonly delayed: number;
  readonly errors: number;
  readonly drops: number;
  readonly truncations: number;
}

/**
 * Decides, request by request, which fault to inject. Deterministic: the same configuration
 * (with its seed) and the same sequence of requests give the same decisions. Every decision
 * draws the same number of random values, so changing one rate does not reshuffle the others.
 * An error starts a burst: the next `burstLength - 1` requests get the same status (503 or 429
 * bursts, as Clover's outages and throttling come).
 *
 * @example
 * const f = new FaultInjector(resolveFaults({ errorRate: 0.2, errorStatuses: [503], burstLength: 3 }));
 * f.decide(); // { kind: 'none', latencyMs: 0 } or { kind: 'error', status: 503, latencyMs: 0 }
 */
export class FaultInjector {
  private cfg: FaultConfig = NO_FAULTS;
  private rng = new Prng(0);
  private burstLeft = 0;
  private burstStatus = 0;
  private counts = { delayed: 0, errors: 0, drops: 0, truncations: 0 };

  constructor(config: FaultConfig = NO_FAULTS) {
    this.set(config);
  }

  /** The active configuration. */
  get config(): FaultConfig {
    return this.cfg;
  }

  /** Replaces the configuration and restarts its random sequence from its seed. */
  set(config: FaultConfig): void {
    this.cfg = config;
    this.rng = new Prng(config.seed);
    this.burstLeft = 0;
  }

  /** Switches every fault off. */
  clear(): void {
    this.set(NO_FAULTS);
  }

  /** Whether any fault is configured. */
  get active(): boolean {
    const c = this.cfg;
    return (
      c.latencyMs > 0 ||
      c.latencyJitterMs > 0 ||
      c.errorRate > 0 ||
      c.dropRate > 0 ||
      c.truncateRate > 0
    );
  }

  /** Counts of faults injected so far. */
  get injected(): FaultCounts {
    return { ...this.counts };
  }

  /** Resets the counts. */
  resetCounts(): void {
    this.counts = { delayed: 0, errors: 0, drops: 0, truncations: 0 };
  }

  /** The decision for the next request. */
  decide(): FaultDecision {
    const c = this.cfg;
    const jitter = this.rng.next();
    const drop = this.rng.next();
    const error = this.rng.next();
    const truncate = this.rng.next();
    const pick = this.rng.next();
    const latencyMs = c.latencyMs + Math.floor(jitter * (c.latencyJitterMs + 1));
    if (latencyMs > 0) this.counts.delayed++;
    if (this.burstLeft > 0) {
      this.burstLeft--;
      this.counts.errors++;
      return { kind: 'error', status: this.burstStatus, latencyMs };
    }
    if (drop < c.dropRate) {
      this.counts.drops++;
      return { kind: 'drop', latencyMs };
    }
    if (error < c.errorRate) {
      this.burstStatus = c.errorStatuses[Math.floor(pick * c.errorStatuses.length)] as number;
      this.burstLeft = c.burstLength - 1;
      this.counts.errors++;
      return { kind: 'error', status: this.burstStatus, latencyMs };
    }
    if (truncate < c.truncateRate) {
      this.counts.truncations++;
      return { kind: 'truncate', latencyMs };
    }
    return { kind: 'none', latencyMs };
  }
}
