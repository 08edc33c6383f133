import type { ChangeFeed } from '../changes/change-feed.js';
import type { FaultConfig } from '../faults/fault-config.js';
import type { ResolvedWebhooks } from '../options/resolve-options.js';
import type { PostOutcome, PostWebhook } from './post-webhook.js';
import { WebhookBatch, type WebhookPayload } from './webhook-batch.js';
import { webhookFate } from './webhook-fate.js';

/** How webhook delivery went since start or the last reset. */
export interface WebhookStats {
  /** The verification POST: `pending` until it is answered, then `ok` (2xx) or `failed`. */
  readonly verification: 'pending' | 'ok' | 'failed';
  /** The code the verification POST carried. */
  readonly verificationCode: string;
  /** Change notifications POSTed and answered 2xx. */
  readonly delivered: number;
  /** POSTs answered non-2xx, refused or timed out (not retried, as Clover does not guarantee delivery). */
  readonly failed: number;
  /** POSTs dropped by faults. */
  readonly dropped: number;
  /** POSTs delayed by faults. */
  readonly delayed: number;
  /** Changes that found the queue full and were never sent. */
  readonly overflowed: number;
  /** Changes waiting for the batching window. */
  readonly pending: number;
  /** The last failure, e.g. `HTTP 500` or `ECONNREFUSED`; `null` when none. */
  readonly lastError: string | null;
}

/** What a {@link WebhookSender} needs from the mock. */
export interface WebhookSenderOptions {
  readonly config: ResolvedWebhooks;
  readonly changes: ChangeFeed;
  /** The fault configuration in force when a POST is sent. */
  readonly faults: () => FaultConfig;
  /** Resolves after real `ms` (the batching window and fault delays). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly post: PostWebhook;
  /** Changes that may wait at once. */
  readonly maxPending: number;
}

/**
 * Sends Clover webhooks for the changes on a feed: the verification POST on {@link start}, then,
 * a batching window after the first change of a batch, one POST with every change gathered, with
 * `X-Clover-Auth`. Under faults some POSTs are dropped or delayed, deterministically by the fault
 * seed and the POST's number. Failures are counted, never thrown, and never retried.
 */
export class WebhookSender {
  private readonly batch: WebhookBatch;
  private readonly inFlight = new Set<Promise<void>>();
  private unsubscribe: (() => void) | null = null;
  private windowOpen = false;
  private seq = 0;
  private generation = 0;
  private counts = { delivered: 0, failed: 0, dropped: 0, delayed: 0 };
  private verification: WebhookStats['verification'] = 'pending';
  private lastError: string | null = null;

  constructor(private readonly options: WebhookSenderOptions) {
    this.batch = new WebhookBatch(options.config.appId, options.maxPending);
  }

  /** Registers the URL (the verification POST) and starts listening to the feed. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.options.changes.subscribe((change) => {
      this.batch.add(change);
      this.openWindow();
    });
    const { config } = this.options;
    this.track(
      this.options
        .post({
          url: config.url,
          headers: {},
          body: JSON.stringify({ verificationCode: config.verificationCode }),
          timeoutMs: config.timeoutMs,
        })
        .then((outcome) => {
          this.verification = outcome.ok ? 'ok' : 'failed';
          if (!outcome.ok) this.lastError = outcome.error;
        }),
    );
  }

  /** The delivery counts so far. */
  get stats(): WebhookStats {
    return {
      verification: this.verification,
      verificationCode: this.options.config.verificationCode,
      ...this.counts,
      overflowed: this.batch.overflowed,
      pending: this.batch.size,
      lastError: this.lastError,
    };
  }

  /** Sends what waits now, without waiting for the window, and resolves when every POST so far has ended. */
  async flush(): Promise<WebhookStats> {
    this.send();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    return this.stats;
  }

  /** Drops waiting changes and zeroes the counts; the fault sequence restarts. POSTs already out finish. */
  reset(): void {
    this.generation++;
    this.batch.clear();
    this.windowOpen = false;
    this.seq = 0;
    this.counts = { delivered: 0, failed: 0, dropped: 0, delayed: 0 };
    this.lastError = null;
  }

  /** Stops listening and waits for POSTs already out (each bounded by its timeout). */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.batch.clear();
    this.generation++;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private openWindow(): void {
    if (this.windowOpen) return;
    this.windowOpen = true;
    const generation = this.generation;
    // Not tracked: flush() sends at once rather than wait for the window.
    this.options
      .sleep(this.options.config.batchMs)
      .then(() => {
        if (generation === this.generation && this.windowOpen) this.send();
      })
      .catch(() => undefined);
  }

  private send(): void {
    this.windowOpen = false;
    const payload = this.batch.drain();
    if (payload === null) return;
    const fate = webhookFate(this.options.faults(), ++this.seq);
    if (fate.dropped) {
      this.counts.dropped++;
      return;
    }
    if (fate.delayMs > 0) this.counts.delayed++;
    const generation = this.generation;
    const deliver = async () => {
      if (fate.delayMs > 0) await this.options.sleep(fate.delayMs);
      const outcome = await this.post(payload);
      if (generation !== this.generation) return;
      if (outcome.ok) this.counts.delivered++;
      else {
        this.counts.failed++;
        this.lastError = outcome.error;
      }
    };
    this.track(deliver());
  }

  private post(payload: WebhookPayload): Promise<PostOutcome> {
    const { config } = this.options;
    return this.options.post({
      url: config.url,
      headers: { 'X-Clover-Auth': config.authCode },
      body: JSON.stringify(payload),
      timeoutMs: config.timeoutMs,
    });
  }

  private track(work: Promise<void>): void {
    const p = work.catch(() => undefined).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }
}
