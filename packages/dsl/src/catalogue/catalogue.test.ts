import { describe, expect, it } from 'vitest';
import { CATALOGUE, deletionTimeFields, RESOURCE_NAMES } from './catalogue.js';
import { allowedFilterFields, fieldPath, readPath } from './lookup.js';

describe('field catalogue', () => {
  it('lists every deletion field among the time fields, which deletionTimeFields relies on', () => {
    for (const name of RESOURCE_NAMES) {
      const spec = CATALOGUE[name];
      const deletion = spec.fields.filter((f) => f.deletion);
      for (const f of deletion) {
        expect(f.type, f.name).toBe('time');
        expect(spec.timeFields, f.name).toContain(f.name);
      }
      expect(deletionTimeFields(spec)).toEqual(deletion.map((f) => f.name));
    }
    expect(deletionTimeFields(CATALOGUE.orders)).toEqual(['deletedTime']);
    expect(deletionTimeFields(CATALOGUE.payments)).toEqual([]);
  });

  it('marks as immutable exactly the creation times, which a record never changes', () => {
    for (const name of RESOURCE_NAMES) {
      const immutable = CATALOGUE[name].fields.filter((f) => f.immutable).map((f) => f.name);
      expect(immutable.sort(), name).toEqual(['clientCreatedTime', 'createdTime']);
      for (const f of CATALOGUE[name].fields) if (f.immutable) expect(f.type).toBe('time');
    }
  });
  it('lists the orders filter fields exactly as Clover sends them', () => {
    expect(allowedFilterFields('orders')).toBe(
      'employee.id, note, modifiedTime, orderType, cardTransaction.last4, manualTransaction, ' +
        'employee.name, title, device.id, clientCreatedTime, total, payType, customer.id, testMode, ' +
        'createdTime, id, state, deletedTime',
    );
  });
  it('marks the payment fields Clover removed in May 2023 as not filterable', () => {
    const removed = [
      'voidPaymentRef.id',
      'voidReason',
      'cardTransaction.last4',
      'cardTransaction.transactionNo',
      'cardTransaction.captured',
      'cashTendered',
      'deletedTime',
      'tipAmount',
      'order.id',
      'taxAmount',
    ];
    for (const name of removed) {
      const spec = CATALOGUE.payments.fields.find((f) => f.name === name);
      expect(spec, name).toBeDefined();
      expect(spec?.filterable, name).toBe(false);
    }
  });
  it('has unique field names, time fields that exist and enum values for every enum', () => {
    for (const r of RESOURCE_NAMES) {
      const names = CATALOGUE[r].fields.map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
      for (const t of CATALOGUE[r].timeFields) expect(names).toContain(t);
      for (const f of CATALOGUE[r].fields) {
        if (f.type === 'enum') expect(f.values?.length, `${r}.${f.name}`).toBeGreaterThan(0);
      }
    }
  });
  it('maps a field to its record path and reads dotted paths', () => {
    expect(fieldPath('orders', 'orderType')).toBe('orderType.id');
    expect(fieldPath('orders', 'total')).toBe('total');
    expect(readPath({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(readPath({ a: null }, 'a.b')).toBeUndefined();
    expect(readPath({}, '__proto__.x')).toBeUndefined();
  });
});
