import { fieldPath, RESOURCE_NAMES, readPath, resourceSpec } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { isMockError } from '../errors/mock-error.js';
import { NULL_INT } from '../store/resource-table.js';
import { testData, testMerchant } from '../testing/test-fixtures.js';
import { generateMerchant } from './generate-merchant.js';
import { lineItemsOf } from './line-items.js';

const all = (data: ReturnType<typeof testData>) =>
  Object.fromEntries(
    RESOURCE_NAMES.map((r) => {
      const t = data.tables[r];
      return [r, Array.from({ length: t.count }, (_, pos) => t.record(pos))];
    }),
  ) as Record<(typeof RESOURCE_NAMES)[number], Record<string, unknown>[]>;

describe('generated data', () => {
  const data = testData();
  const records = all(data);

  it('is byte-identical for the same seed and times, and differs for another seed', () => {
    const again = all(testData());
    expect(JSON.stringify(again)).toBe(JSON.stringify(records));
    expect(JSON.stringify(all(testData({}, { seed: 43 })).orders)).not.toBe(
      JSON.stringify(records.orders),
    );
  });

  it('does not change one merchant when another is added or renamed', () => {
    const other = testData({ id: 'MERCHANT00002', token: 'other' });
    expect(other.orders.idOf(0)).not.toBe(data.orders.idOf(0));
    expect(JSON.stringify(all(testData()).payments.slice(0, 5))).toBe(
      JSON.stringify(records.payments.slice(0, 5)),
    );
  });

  it('has the requested counts and unique 13-character ids', () => {
    expect(records.orders).toHaveLength(2000);
    expect(records.payments).toHaveLength(2000);
    expect(records.refunds).toHaveLength(150);
    for (const r of RESOURCE_NAMES) {
      const ids = records[r].map((x) => x.id as string);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
    }
  });

  it('stores records in (createdTime, id) order and finds each by id', () => {
    for (const r of RESOURCE_NAMES) {
      const list = records[r];
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1] as { createdTime: number; id: string };
        const b = list[i] as { createdTime: number; id: string };
        expect(
          a.createdTime < b.createdTime || (a.createdTime === b.createdTime && a.id < b.id),
        ).toBe(true);
      }
      const table = data.tables[r];
      list.forEach((x, pos) => {
        expect(table.findById(x.id as string)).toBe(pos);
      });
      expect(table.findById('0000000000000')).toBe(-1);
      expect(table.findById('nope')).toBe(-1);
    }
  });

  it('keeps times consistent: from <= clientCreatedTime, createdTime <= modifiedTime <= to', () => {
    const { from, to } = testMerchant();
    for (const r of RESOURCE_NAMES) {
      for (const x of records[r] as {
        createdTime: number;
        clientCreatedTime: number;
        modifiedTime?: number;
      }[]) {
        expect(Number.isInteger(x.createdTime)).toBe(true);
        expect(x.createdTime).toBeGreaterThanOrEqual(from);
        expect(x.createdTime).toBeLessThanOrEqual(to);
        expect(x.clientCreatedTime).toBeGreaterThanOrEqual(from);
        expect(x.clientCreatedTime).toBeLessThanOrEqual(x.createdTime);
        if (x.modifiedTime !== undefined) {
          expect(x.modifiedTime).toBeGreaterThanOrEqual(x.createdTime);
          expect(x.modifiedTime).toBeLessThanOrEqual(to);
        }
      }
    }
  });

  it('never generates a time after `to`, even with a span of one millisecond', () => {
    const tiny = all(testData({ from: 1_000, to: 1_001, orders: 50, payments: 50, refunds: 10 }));
    for (const r of RESOURCE_NAMES) {
      for (const x of tiny[r] as { createdTime: number; modifiedTime?: number }[]) {
        expect(x.createdTime).toBeLessThanOrEqual(1_001);
        expect(x.modifiedTime ?? 0).toBeLessThanOrEqual(1_001);
      }
    }
  });

  it('links payments to orders and splits each order total over its payments', () => {
    const orders = new Map(records.orders.map((o) => [o.id as string, o]));
    const paid = new Map<string, number>();
    for (const p of records.payments as {
      order: { id: string };
      amount: number;
      tipAmount?: number;
      createdTime: number;
    }[]) {
      const order = orders.get(p.order.id) as { createdTime: number } | undefined;
      expect(order).toBeDefined();
      expect(p.createdTime).toBeGreaterThanOrEqual(order?.createdTime ?? 0);
      paid.set(p.order.id, (paid.get(p.order.id) ?? 0) + p.amount - (p.tipAmount ?? 0));
    }
    for (const [id, sum] of paid) expect(sum).toBe((orders.get(id) as { total: number }).total);
    for (const o of records.orders as {
      id: string;
      state?: string;
      payType?: string;
      paymentState?: string;
    }[]) {
      if (paid.has(o.id)) {
        expect(['locked', 'paid']).toContain(o.state);
        expect(o.payType).toBeDefined();
      } else {
        expect(o.payType).toBeUndefined();
        expect([undefined, 'open']).toContain(o.state);
      }
    }
    expect(records.orders.some((o) => o.state === undefined)).toBe(true);
  });

  it('links refunds to successful payments and their orders, never refunding more than paid', () => {
    const payments = new Map(records.payments.map((p) => [p.id as string, p]));
    for (const r of records.refunds as {
      payment: { id: string };
      orderRef: { id: string };
      amount: number;
      createdTime: number;
    }[]) {
      const p = payments.get(r.payment.id) as {
        result: string;
        amount: number;
        order: { id: string };
        createdTime: number;
      };
      expect(p.result).toBe('SUCCESS');
      expect(r.orderRef.id).toBe(p.order.id);
      expect(r.amount).toBeGreaterThan(0);
      expect(r.amount).toBeLessThanOrEqual(p.amount);
      expect(r.createdTime).toBeGreaterThanOrEqual(p.createdTime);
    }
  });

  it('gives card payments card details and cash payments the cash handed over', () => {
    for (const p of records.payments as {
      tender: { labelKey: string };
      cardTransaction?: { last4: string; cardType: string };
      cashTendered?: number;
      amount: number;
    }[]) {
      const card = p.tender.labelKey.endsWith('_card') && !p.tender.labelKey.includes('gift');
      expect(p.cardTransaction !== undefined, p.tender.labelKey).toBe(card);
      if (p.cardTransaction) expect(p.cardTransaction.last4).toMatch(/^\d{4}$/);
      if (p.tender.labelKey.endsWith('.cash'))
        expect(p.cashTendered).toBeGreaterThanOrEqual(p.amount);
    }
    expect(Number.isInteger(NULL_INT)).toBe(true);
  });

  it('makes order totals the line items plus tax', () => {
    for (let pos = 0; pos < 200; pos++) {
      const order = data.orders.record(pos, { expand: new Set(['lineItems']) }) as {
        total: number;
        taxRemoved: boolean;
        lineItems: { elements: { price: number }[] };
      };
      const items = order.lineItems.elements;
      const sum = items.reduce((s, i) => s + i.price, 0);
      if (items.length < 100) {
        const tax = order.total - sum;
        expect(tax).toBe(order.taxRemoved ? 0 : Math.round(sum * data.pools.taxRate));
      }
    }
  });

  it('exposes every catalogue field through an accessor that agrees with the record', () => {
    for (const r of RESOURCE_NAMES) {
      const table = data.tables[r];
      for (const field of resourceSpec(r).fields) {
        const read = table.accessor(field.name);
        expect(read, `${r}.${field.name}`).toBeDefined();
        const seen = new Set<unknown>();
        for (let pos = 0; pos < table.count; pos += 7) {
          const fromRecord = readPath(records[r][pos], fieldPath(r, field.name)) ?? null;
          expect(read?.(pos), `${r}.${field.name} at ${pos}`).toEqual(fromRecord);
          seen.add(fromRecord);
          if (field.type === 'enum' && fromRecord !== null)
            expect(field.values).toContain(fromRecord);
        }
      }
    }
  });

  it('draws the same line items for an order every time, with ids of their own', () => {
    const source = { seed: 9, products: data.pools.products };
    const a = lineItemsOf(source, { hi: 1, lo: 2, limit: 100 });
    expect(lineItemsOf(source, { hi: 1, lo: 2, limit: 100 })).toEqual(a);
    expect(a.items.length).toBe(Math.min(100, a.count));
    expect(a.subtotal).toBe(a.items.reduce((s, i) => s + i.price, 0));
  });

  it('refuses refunds without payments', () => {
    try {
      generateMerchant(testMerchant({ payments: 0, refunds: 1 }), { seed: 1, region: 'us' });
      expect.unreachable();
    } catch (err) {
      expect(isMockError(err, 'INVALID_OPTIONS')).toBe(true);
    }
  });

  it('accepts empty tables and payments without orders', () => {
    const empty = testData({ orders: 0, payments: 3, refunds: 1 });
    expect(empty.orders.count).toBe(0);
    expect(empty.payments.record(0).order).toBeUndefined();
    expect(empty.refunds.record(0).orderRef).toBeUndefined();
  });

  it('uses EUR and VAT in the EU region', () => {
    const eu = testData({ orders: 5, payments: 0, refunds: 0 }, { region: 'eu' });
    expect(eu.orders.record(0)).toMatchObject({ currency: 'EUR', isVat: true });
  });
});
