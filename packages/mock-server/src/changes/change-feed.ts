/** What changed, as Clover's webhooks name it: `O:` orders, `P:` payments, `R:` refunds. */
export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE';

/** One change to a merchant's data, at a virtual instant. */
export interface MockChange {
  readonly merchantId: string;
  /** The object as webhooks name it: `O:<orderId>`, `P:<paymentId>`, `R:<refundId>`. */
  readonly objectId: string;
  readonly type: ChangeType;
  /** Virtual UTC ms of the change (the record's new `modifiedTime`, or its `deletedTime`). */
  readonly ts: number;
}

/** Called with each change, in the order they happen. */
export type ChangeListener = (change: MockChange) => void;

/**
 * The store's changes as a stream: writes and living-merchant activity publish here, and the
 * webhook sender (or a test) listens. Listeners run synchronously; one that throws does not stop
 * the others.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sends a change to every listener. */
  publish(change: MockChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the change has happened regardless.
      }
    }
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.listeners.size;
  }
}
