import { DAY_MS, HOUR_MS } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { ChangeFeed, type MockChange } from '../changes/change-feed.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { isMockError } from '../errors/mock-error.js';
import { resolveOptions } from '../options/resolve-options.js';
import { MockStore } from '../store/mock-store.js';
import { TEST_NOW, testMerchant } from '../testing/test-fixtures.js';
import { eventsIn, type MerchantActivity } from './activity-events.js';

const M = 'MERCHANT00001';
const BUSY: MerchantActivity = {
  ordersPerDay: 200,
  paymentsPerDay: 150,
  refundsPerDay: 10,
  updatesPerDay: 60,
  deletesPerDay: 8,
};

function living(activity: MerchantActivity = BUSY, seed = 9) {
  const clock = new VirtualClock({ start: TEST_NOW, frozen: true, source: () => 0 });
  const changes = new ChangeFeed();
  const seen: MockChange[] = [];
  changes.subscribe((c) => seen.push(c));
  const store = new MockStore({
    seed,
    region: 'us',
    merchants: [testMerchant({ orders: 300, payments: 300, refunds: 20, activity })],
    clock,
    changes,
    activityStart: TEST_NOW,
  });
  return { clock, store, seen };
}

const snapshot = (store: MockStore) =>
  JSON.stringify([
    store.records(M, 'orders'),
    store.deleted(M, 'orders'),
    store.records(M, 'payments'),
    store.records(M, 'refunds'),
  ]);

describe('activity events', () => {
  it('are the same however the interval is cut', () => {
    const source = { seed: 3, merchantId: M, activity: BUSY };
    const whole = eventsIn(source, { from: TEST_NOW, to: TEST_NOW + 2 * DAY_MS });
    const cuts = [TEST_NOW, TEST_NOW + 17, TEST_NOW + HOUR_MS, TEST_NOW + 30 * HOUR_MS + 5];
    cuts.push(TEST_NOW + 2 * DAY_MS);
    const pieces = cuts
      .slice(1)
      .flatMap((to, i) => eventsIn(source, { from: cuts[i] as number, to }));
    expect(pieces).toEqual(whole);
    const orders = whole.filter((e) => e.kind === 'order').length;
    expect(orders).toBeGreaterThan(300);
    expect(orders).toBeLessThan(500);
  });

  it('are none when every rate is 0', () => {
    const none = { ...BUSY, ordersPerDay: 0, paymentsPerDay: 0, refundsPerDay: 0 };
    const idle = { ...none, updatesPerDay: 0, deletesPerDay: 0 };
    expect(eventsIn({ seed: 1, merchantId: M, activity: idle }, { from: 0, to: DAY_MS })).toEqual(
      [],
    );
  });
});

describe('a living merchant', () => {
  it('creates, updates and deletes records as the clock moves, publishing each change', () => {
    const { clock, store, seen } = living();
    const before = store.count(M, 'orders');
    expect(seen).toEqual([]);
    clock.advance(DAY_MS);
    expect(store.count(M, 'orders')).toBeGreaterThan(before + 100);
    expect(store.deleted(M, 'orders').length).toBeGreaterThan(0);
    const types = new Set(seen.map((c) => `${c.objectId.slice(0, 2)}${c.type}`));
    expect(types).toEqual(new Set(['O:CREATE', 'P:CREATE', 'R:CREATE', 'O:UPDATE', 'O:DELETE']));
    for (const c of seen) {
      expect(c.ts).toBeGreaterThan(TEST_NOW);
      expect(c.ts).toBeLessThanOrEqual(TEST_NOW + DAY_MS);
    }
    expect(seen.map((c) => c.ts)).toEqual([...seen.map((c) => c.ts)].sort((a, b) => a - b));
    const created = store.records(M, 'orders').filter((o) => (o.createdTime as number) > TEST_NOW);
    for (const o of created) expect(o.total).toBeGreaterThan(0);
    const updated = store
      .records(M, 'orders')
      .filter(
        (o) => (o.createdTime as number) <= TEST_NOW && (o.modifiedTime as number) > TEST_NOW,
      );
    expect(updated.length).toBeGreaterThan(0);
  });

  it('one day at once equals 24 steps of an hour, and the same seed gives the same bytes', () => {
    const once = living();
    once.clock.advance(DAY_MS);
    const stepped = living();
    for (let h = 0; h < 24; h++) {
      stepped.clock.advance(HOUR_MS);
      stepped.store.count(M, 'orders');
    }
    expect(snapshot(stepped.store)).toBe(snapshot(once.store));
    expect(stepped.seen).toEqual(once.seen);
    const again = living();
    again.clock.set(TEST_NOW + DAY_MS);
    expect(snapshot(again.store)).toBe(snapshot(once.store));
    const other = living(BUSY, 10);
    other.clock.advance(DAY_MS);
    expect(snapshot(other.store)).not.toBe(snapshot(once.store));
  });

  it('a clock set back applies nothing and keeps what happened; activity resumes past it', () => {
    const { clock, store } = living();
    clock.advance(12 * HOUR_MS);
    const at12 = snapshot(store);
    clock.set(TEST_NOW + HOUR_MS);
    expect(snapshot(store)).toBe(at12);
    clock.set(TEST_NOW + 12 * HOUR_MS);
    expect(snapshot(store)).toBe(at12);
    clock.set(TEST_NOW + DAY_MS);
    const reference = living();
    reference.clock.advance(DAY_MS);
    expect(snapshot(store)).toBe(snapshot(reference.store));
  });

  it('reset drops the activity applied and replays it from the start', () => {
    const { clock, store } = living();
    clock.advance(DAY_MS);
    const day = snapshot(store);
    store.reset();
    expect(snapshot(store)).toBe(day);
    clock.set(TEST_NOW);
    store.reset();
    const fresh = living();
    expect(snapshot(store)).toBe(snapshot(fresh.store));
  });

  it('activity rates default to 0 and are validated', () => {
    const plain = resolveOptions({ merchants: [{ id: M, token: 't' }] }, () => TEST_NOW);
    expect('activity' in (plain.merchants[0] ?? {})).toBe(false);
    const zero = resolveOptions(
      { merchants: [{ id: M, token: 't', activity: { ordersPerDay: 0 } }] },
      () => TEST_NOW,
    );
    expect('activity' in (zero.merchants[0] ?? {})).toBe(false);
    const bad = (activity: unknown) => {
      try {
        resolveOptions(
          { merchants: [{ id: M, token: 't', activity: activity as MerchantActivity }] },
          () => TEST_NOW,
        );
      } catch (err) {
        return isMockError(err) ? `${err.code}: ${err.message}` : 'other';
      }
      return 'ok';
    };
    expect(bad({ ordersPerDay: -1 })).toMatch(
      /^INVALID_OPTIONS: merchants\[0\]\.activity\.ordersPerDay/,
    );
    expect(bad({ orders: 5 })).toMatch(/^INVALID_OPTIONS: merchants\[0\]\.activity\.orders is not/);
    expect(bad(5)).toMatch(/^INVALID_OPTIONS: merchants\[0\]\.activity must be an object/);
    expect(bad({ deletesPerDay: 3 })).toBe('ok');
  });
});
