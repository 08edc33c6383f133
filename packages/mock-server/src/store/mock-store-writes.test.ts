import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { ChangeFeed, type MockChange } from '../changes/change-feed.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import type { MockErrorCode } from '../errors/mock-error.js';
import { listRecords } from '../rest/list-records.js';
import { TEST_NOW, testMerchant } from '../testing/test-fixtures.js';
import { MockStore } from './mock-store.js';
import { fieldsOf } from './record-fields.js';
import type { MockRecord } from './resource-table.js';

const M = 'MERCHANT00001';

function setup(seed = 42) {
  const clock = new VirtualClock({ start: TEST_NOW, frozen: true, source: () => 0 });
  const changes = new ChangeFeed();
  const seen: MockChange[] = [];
  changes.subscribe((c) => seen.push(c));
  const store = new MockStore({
    seed,
    region: 'us',
    merchants: [testMerchant({ orders: 400, payments: 400, refunds: 40 })],
    clock,
    changes,
  });
  return { clock, store, seen };
}

const list = (
  store: MockStore,
  resource: ResourceName,
  query: { filters?: string[]; now?: number } = {},
) =>
  listRecords({
    table: store.table(M, resource),
    params: [...(query.filters ?? []).map((f) => ['filter', f] as const), ['limit', '1000']],
    now: query.now ?? TEST_NOW,
    collectionUrl: 'http://x',
  }).elements.map((r) => r.id as string);

const failure = (fn: () => unknown): MockErrorCode | 'ok' => {
  try {
    fn();
  } catch (err) {
    return (err as { code: MockErrorCode }).code;
  }
  return 'ok';
};

describe('fieldsOf', () => {
  it('reads every catalogue field of a generated record exactly as the column accessors do', () => {
    const { store } = setup();
    for (const resource of RESOURCE_NAMES) {
      const table = store.table(M, resource);
      for (let pos = 0; pos < table.count; pos++) {
        const fields = fieldsOf(resource, table.record(pos));
        for (const [name, value] of fields) expect(value).toBe(table.accessor(name)?.(pos));
      }
    }
  });
});

describe('store writes', () => {
  it('inserts an order: complete, 13-character id, created now, listed and published', () => {
    const { store, seen, clock } = setup();
    clock.advance(5_000);
    const before = store.count(M, 'orders');
    const order = store.insert(M, 'orders', { note: 'table 4', total: 1250 });
    expect(order.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
    expect(order).toMatchObject({
      note: 'table 4',
      total: 1250,
      state: 'open',
      createdTime: TEST_NOW + 5_000,
      modifiedTime: TEST_NOW + 5_000,
    });
    expect(typeof (order.employee as { id: unknown }).id).toBe('string');
    expect(store.count(M, 'orders')).toBe(before + 1);
    expect(store.records(M, 'orders').at(-1)).toEqual(order);
    expect(store.record(M, 'orders', order.id as string)).toEqual(order);
    expect(list(store, 'orders', { filters: ['note=table 4'], now: TEST_NOW + 5_000 })).toEqual([
      order.id,
    ]);
    expect(seen).toEqual([
      { merchantId: M, objectId: `O:${order.id}`, type: 'CREATE', ts: TEST_NOW + 5_000 },
    ]);
  });

  it('inserts in the past when given createdTime, in (createdTime, id) order', () => {
    const { store } = setup();
    const all = store.records(M, 'orders');
    const mid = all[200] as MockRecord;
    const order = store.insert(M, 'orders', { createdTime: mid.createdTime as number });
    const ids = store.records(M, 'orders').map((r) => r.id);
    const at = ids.indexOf(order.id);
    expect(at).toBeGreaterThan(150);
    const sorted = [...store.records(M, 'orders')].sort(
      (a, b) =>
        (a.createdTime as number) - (b.createdTime as number) ||
        (a.id as string).localeCompare(b.id as string),
    );
    expect(sorted.map((r) => r.id)).toEqual(ids);
  });

  it('fills payments and refunds from live parents', () => {
    const { store } = setup();
    const payment = store.insert(M, 'payments', {});
    const orderId = (payment.order as { id: string }).id;
    expect(store.record(M, 'orders', orderId)).toBeDefined();
    const refund = store.insert(M, 'refunds', { payment: { id: payment.id as string } });
    expect(refund.payment).toEqual({ id: payment.id });
    expect(refund.orderRef).toEqual({ id: orderId });
    expect(refund.amount).toBe(payment.amount);
  });

  it('updates a record: new modifiedTime, the modifiedTime index moves it, null removes a field', () => {
    const { store, clock, seen } = setup();
    const target = store.records(M, 'orders')[10] as MockRecord;
    clock.advance(60_000);
    const now = TEST_NOW + 60_000;
    const updated = store.update(M, 'orders', target.id as string, {
      state: 'locked',
      title: null,
    });
    expect(updated.state).toBe('locked');
    expect('title' in updated).toBe(false);
    expect(updated.modifiedTime).toBe(now);
    expect(list(store, 'orders', { filters: [`modifiedTime>=${now}`], now })).toEqual([target.id]);
    const old = target.modifiedTime as number;
    expect(list(store, 'orders', { filters: [`modifiedTime=${old}`], now })).not.toContain(
      target.id,
    );
    expect(seen.at(-1)).toEqual({
      merchantId: M,
      objectId: `O:${target.id}`,
      type: 'UPDATE',
      ts: now,
    });
  });

  it('deletes an order: gone from lists and by id, found by deletedTime, listed by deleted()', () => {
    const { store, clock, seen } = setup();
    const target = store.records(M, 'orders').at(-1) as MockRecord;
    const id = target.id as string;
    clock.advance(1_000);
    const now = TEST_NOW + 1_000;
    const removed = store.remove(M, 'orders', id);
    expect(removed).toMatchObject({ id, deletedTime: now, modifiedTime: now });
    expect(store.record(M, 'orders', id)).toBeUndefined();
    expect(store.records(M, 'orders').map((r) => r.id)).not.toContain(id);
    expect(store.deleted(M, 'orders').map((r) => r.id)).toContain(id);
    expect(list(store, 'orders', { filters: [], now })).not.toContain(id);
    const found = list(store, 'orders', { filters: [`deletedTime>=${now}`], now });
    expect(found).toEqual([id]);
    // A deletedTime filter returns deleted orders only.
    const anyDeleted = list(store, 'orders', {
      filters: [`deletedTime>=${TEST_NOW - 80 * 86_400_000}`],
      now: now,
    });
    const deletedIds = new Set(store.deleted(M, 'orders').map((r) => r.id));
    expect(anyDeleted.length).toBeGreaterThan(0);
    for (const x of anyDeleted) expect(deletedIds.has(x)).toBe(true);
    expect(seen.at(-1)).toEqual({ merchantId: M, objectId: `O:${id}`, type: 'DELETE', ts: now });
    expect(failure(() => store.remove(M, 'orders', id))).toBe('NOT_FOUND');
    expect(failure(() => store.update(M, 'orders', id, { note: 'x' }))).toBe('NOT_FOUND');
  });

  it('removes a payment outright, from lists, unbounded scans and by id', () => {
    const { store } = setup();
    const target = store.records(M, 'payments').at(-1) as MockRecord;
    const id = target.id as string;
    store.remove(M, 'payments', id);
    expect(store.record(M, 'payments', id)).toBeUndefined();
    expect(store.records(M, 'payments').map((r) => r.id)).not.toContain(id);
    expect(list(store, 'payments')).not.toContain(id);
    expect(list(store, 'payments', { filters: [`id=${id}`] })).toEqual([]);
  });

  it('refuses bad writes with BAD_REQUEST and unknown records with NOT_FOUND', () => {
    const { store } = setup();
    const id = store.records(M, 'orders')[0]?.id as string;
    expect(failure(() => store.insert(M, 'orders', { colour: 'red' }))).toBe('BAD_REQUEST');
    expect(failure(() => store.insert(M, 'orders', { id: 'X' }))).toBe('BAD_REQUEST');
    expect(failure(() => store.update(M, 'orders', id, { createdTime: 1 }))).toBe('BAD_REQUEST');
    expect(failure(() => store.update(M, 'orders', id, { total: '12' }))).toBe('BAD_REQUEST');
    expect(failure(() => store.update(M, 'orders', id, { total: 1.5 }))).toBe('BAD_REQUEST');
    expect(failure(() => store.update(M, 'orders', id, { state: 'closed' }))).toBe('BAD_REQUEST');
    expect(failure(() => store.update(M, 'orders', id, { testMode: 'yes' }))).toBe('BAD_REQUEST');
    expect(failure(() => store.update(M, 'orders', id, { employee: 'E1' }))).toBe('BAD_REQUEST');
    expect(failure(() => store.update(M, 'orders', id, { employee: { id: 5 } }))).toBe(
      'BAD_REQUEST',
    );
    expect(failure(() => store.update(M, 'orders', id, [] as unknown as MockRecord))).toBe(
      'BAD_REQUEST',
    );
    expect(failure(() => store.update(M, 'orders', 'NOSUCHORDER00', {}))).toBe('NOT_FOUND');
    expect(failure(() => store.remove(M, 'refunds', 'NOSUCHREFUND0'))).toBe('NOT_FOUND');
    expect(failure(() => store.insert('NOPE', 'orders', {}))).toBe('NOT_FOUND');
  });

  it('keeps line items: generated ones listed, added and removed, total left to the app', () => {
    const { store, clock } = setup();
    const order = store.records(M, 'orders')[5] as MockRecord;
    const id = order.id as string;
    const items = store.lineItems(M, id);
    expect(items.length).toBeGreaterThan(0);
    clock.advance(10);
    const added = store.addLineItem(M, id, { name: 'Espresso', price: 350 });
    expect(added).toMatchObject({ orderRef: { id }, name: 'Espresso', price: 350 });
    expect(store.lineItems(M, id)).toEqual([...items, added]);
    expect(store.record(M, 'orders', id)?.total).toBe(order.total);
    expect(store.record(M, 'orders', id)?.modifiedTime).toBe(TEST_NOW + 10);
    store.removeLineItem(M, id, items[0]?.id as string);
    expect(store.lineItems(M, id).map((i) => i.id)).toEqual([
      ...items.slice(1).map((i) => i.id),
      added.id,
    ]);
    expect(failure(() => store.removeLineItem(M, id, 'NOSUCHITEM000'))).toBe('NOT_FOUND');
    expect(failure(() => store.addLineItem(M, id, { name: 'x' }))).toBe('BAD_REQUEST');
    expect(failure(() => store.addLineItem(M, id, { price: 1 }))).toBe('BAD_REQUEST');
    expect(failure(() => store.addLineItem(M, id, { price: 1, name: 'x', size: 2 }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('is deterministic: same seed and same writes give the same records', () => {
    const run = () => {
      const { store, clock } = setup(7);
      const a = store.insert(M, 'orders', {});
      clock.advance(1000);
      store.update(M, 'orders', a.id as string, { note: 'n' });
      store.insert(M, 'payments', {});
      return JSON.stringify([store.records(M, 'orders'), store.records(M, 'payments')]);
    };
    expect(run()).toBe(run());
  });

  it('reset drops every change without regenerating, in well under 100 ms', () => {
    const { store } = setup();
    const before = JSON.stringify(store.records(M, 'orders'));
    const generated = store.merchant(M);
    for (let i = 0; i < 200; i++) store.insert(M, 'orders', {});
    store.remove(M, 'orders', store.records(M, 'orders')[0]?.id as string);
    const t0 = performance.now();
    store.reset();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(100);
    expect(store.merchant(M)).toBe(generated);
    expect(store.changedCount()).toBe(0);
    expect(JSON.stringify(store.records(M, 'orders'))).toBe(before);
  });
});
