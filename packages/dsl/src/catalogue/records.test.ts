import { describe, expect, expectTypeOf, it } from 'vitest';
import { CATALOGUE, type FieldSpec, RESOURCE_NAMES, type ResourceName } from './catalogue.js';
import type { Order, Payment, RecordOf, Refund } from './records.js';

/** The declared properties of `T`, without its index signature. */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type Leaf = string | number | boolean;
/** Every property present and non-null, down to the leaves. */
type Full<T> = {
  [K in keyof Known<T>]-?: NonNullable<Known<T>[K]> extends Leaf
    ? NonNullable<Known<T>[K]>
    : Full<NonNullable<Known<T>[K]>>;
};
/** Only the properties that can be neither absent nor null, down to the leaves. */
type Minimal<T> = {
  [K in keyof Known<T> as Partial<Pick<Known<T>, K>> extends Pick<Known<T>, K>
    ? never
    : null extends Known<T>[K]
      ? never
      : K]: Known<T>[K] extends Leaf ? Known<T>[K] : Minimal<Known<T>[K]>;
};

// Object literals are checked for excess properties, so each sample has exactly the type's leaves.
const FULL: { [R in ResourceName]: Full<RecordOf<R>> } = {
  orders: {
    id: 'O',
    createdTime: 1,
    clientCreatedTime: 1,
    modifiedTime: 1,
    deletedTime: 1,
    employee: { id: 'E', name: 'n' },
    note: 'n',
    orderType: { id: 'T' },
    cardTransaction: { last4: '1234' },
    manualTransaction: true,
    title: 't',
    device: { id: 'D' },
    total: 1,
    payType: 'FULL',
    customer: { id: 'C' },
    testMode: false,
    state: 'open',
    currency: 'USD',
    paymentState: 'PAID',
    taxRemoved: false,
    isVat: false,
    groupLineItems: false,
  },
  payments: {
    id: 'P',
    createdTime: 1,
    clientCreatedTime: 1,
    modifiedTime: 1,
    deletedTime: 1,
    amount: 1,
    result: 'SUCCESS',
    employee: { id: 'E' },
    device: { id: 'D' },
    tender: { id: 'T', label: 'Cash' },
    externalPaymentId: 'x',
    offline: false,
    cardTransaction: {
      cardType: 'VISA',
      entryType: 'SWIPED',
      type: 'AUTH',
      last4: '1234',
      transactionNo: '1',
      captured: true,
    },
    order: { id: 'O' },
    tipAmount: 1,
    taxAmount: 1,
    cashTendered: 1,
    voidReason: 'FRAUD',
    voidPaymentRef: { id: 'V' },
  },
  refunds: {
    id: 'R',
    createdTime: 1,
    clientCreatedTime: 1,
    amount: 1,
    payment: { id: 'P' },
    employee: { id: 'E' },
    device: { id: 'D' },
    voided: false,
    orderRef: { id: 'O' },
    taxAmount: 1,
    tipAmount: 1,
    reason: 'r',
  },
};

const MINIMAL: { [R in ResourceName]: Minimal<RecordOf<R>> } = {
  orders: {
    id: 'O',
    createdTime: 1,
    clientCreatedTime: 1,
    modifiedTime: 1,
    employee: { id: 'E' },
    manualTransaction: true,
    total: 1,
    testMode: false,
    currency: 'USD',
    taxRemoved: false,
    isVat: false,
    groupLineItems: false,
  },
  payments: {
    id: 'P',
    createdTime: 1,
    clientCreatedTime: 1,
    modifiedTime: 1,
    amount: 1,
    result: 'SUCCESS',
    employee: { id: 'E' },
    tender: { id: 'T', label: 'Cash' },
    offline: false,
    order: { id: 'O' },
  },
  refunds: {
    id: 'R',
    createdTime: 1,
    clientCreatedTime: 1,
    amount: 1,
    payment: { id: 'P' },
    employee: { id: 'E' },
    voided: false,
    orderRef: { id: 'O' },
  },
};

/** The leaves of a sample as `path → value`. */
function leaves(o: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object') for (const e of leaves(v, `${prefix}${k}.`)) out.set(...e);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

const pathOf = (f: FieldSpec) => f.path ?? f.name;

function fits(f: FieldSpec, v: unknown): boolean {
  switch (f.type) {
    case 'time':
    case 'money':
    case 'number':
      return typeof v === 'number';
    case 'string':
    case 'id':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string' && (f.values ?? []).includes(v);
  }
}

describe('record types against the catalogue', () => {
  it.each(RESOURCE_NAMES)('%s: one property per catalogue field, of its type', (name) => {
    const fields = CATALOGUE[name].fields;
    const full = leaves(FULL[name]);
    expect([...full.keys()].sort()).toEqual(fields.map(pathOf).sort());
    for (const f of fields) expect(fits(f, full.get(pathOf(f))), pathOf(f)).toBe(true);
  });

  it.each(RESOURCE_NAMES)('%s: exactly the non-nullable fields are required', (name) => {
    const required = CATALOGUE[name].fields.filter((f) => !f.nullable).map(pathOf);
    expect([...leaves(MINIMAL[name]).keys()].sort()).toEqual(required.sort());
  });

  it('maps resource names to record types, and the union to a plain record', () => {
    expectTypeOf<RecordOf<'payments'>>().toEqualTypeOf<Payment>();
    expectTypeOf<RecordOf<'orders'>>().toEqualTypeOf<Order>();
    expectTypeOf<RecordOf<'refunds'>>().toEqualTypeOf<Refund>();
    expectTypeOf<RecordOf<ResourceName>>().toEqualTypeOf<
      Readonly<Record<string, unknown>> & { readonly id: string }
    >();
  });
});
