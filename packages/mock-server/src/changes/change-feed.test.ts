import { describe, expect, it } from 'vitest';
import { ChangeFeed, type MockChange } from './change-feed.js';

const change: MockChange = { merchantId: 'M', objectId: 'O:ABC', type: 'CREATE', ts: 1 };

describe('ChangeFeed', () => {
  it('delivers each change to every listener until it unsubscribes', () => {
    const feed = new ChangeFeed();
    const a: MockChange[] = [];
    const b: MockChange[] = [];
    const offA = feed.subscribe((c) => a.push(c));
    feed.subscribe((c) => b.push(c));
    feed.publish(change);
    offA();
    feed.publish({ ...change, type: 'DELETE' });
    expect(a.map((c) => c.type)).toEqual(['CREATE']);
    expect(b.map((c) => c.type)).toEqual(['CREATE', 'DELETE']);
    expect(feed.size).toBe(1);
  });

  it('keeps delivering when one listener throws', () => {
    const feed = new ChangeFeed();
    const seen: string[] = [];
    feed.subscribe(() => {
      throw new Error('listener failed');
    });
    feed.subscribe((c) => seen.push(c.objectId));
    feed.publish(change);
    expect(seen).toEqual(['O:ABC']);
  });
});
