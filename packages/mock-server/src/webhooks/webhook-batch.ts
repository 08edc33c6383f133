import type { ChangeType, MockChange } from '../changes/change-feed.js';

/** One notification in a webhook payload, as Clover sends it. */
export interface WebhookUpdate {
  readonly objectId: string;
  readonly type: ChangeType;
  readonly ts: number;
}

/** Clover's webhook message: the app, and per merchant the list of updates. */
export interface WebhookPayload {
  readonly appId: string;
  readonly merchants: Readonly<Record<string, readonly WebhookUpdate[]>>;
}

/**
 * Changes waiting for the next webhook POST, bounded: past `maxPending`, further changes are
 * dropped and counted (a webhook URL that never answers must not grow the mock's memory).
 *
 * @example
 * const b = new WebhookBatch('APP', 100);
 * b.add({ merchantId: 'M', objectId: 'O:ABC', type: 'CREATE', ts: 1 });
 * b.drain(); // { appId: 'APP', merchants: { M: [{ objectId: 'O:ABC', type: 'CREATE', ts: 1 }] } }
 */
export class WebhookBatch {
  private pending: MockChange[] = [];
  private overflowCount = 0;

  constructor(
    private readonly appId: string,
    private readonly maxPending: number,
  ) {}

  /** Queues a change; false (and counted) when the queue is full. */
  add(change: MockChange): boolean {
    if (this.pending.length >= this.maxPending) {
      this.overflowCount++;
      return false;
    }
    this.pending.push(change);
    return true;
  }

  /** How many changes wait. */
  get size(): number {
    return this.pending.length;
  }

  /** Changes dropped because the queue was full. */
  get overflowed(): number {
    return this.overflowCount;
  }

  /** The payload of every waiting change (merchants in first-seen order), emptying the queue; `null` when empty. */
  drain(): WebhookPayload | null {
    if (this.pending.length === 0) return null;
    const merchants: Record<string, WebhookUpdate[]> = {};
    for (const c of this.pending) {
      const list = merchants[c.merchantId] ?? [];
      list.push({ objectId: c.objectId, type: c.type, ts: c.ts });
      merchants[c.merchantId] = list;
    }
    this.pending = [];
    return { appId: this.appId, merchants };
  }

  /** Forgets waiting changes and the overflow count. */
  clear(): void {
    this.pending = [];
    this.overflowCount = 0;
  }
}
