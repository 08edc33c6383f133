import { NESTED_LIST_MAX } from '@cloverql/dsl';
import { lineItemsOf } from '../data/line-items.js';
import type { MerchantPools } from '../data/pools.js';
import type { IdPermutation } from '../ids/id-permutation.js';
import { catalogueEnum } from './catalogue-enum.js';
import { type BaseColumns, ColumnTable, idAt } from './column-table.js';
import {
  enumOrNull,
  type FieldAccessor,
  type MockRecord,
  type RecordOptions,
  setIf,
  timeOrNull,
} from './resource-table.js';

/** Bits of `OrderColumns.flags`. */
export const ORDER_FLAGS = Object.freeze({
  manualTransaction: 1,
  testMode: 2,
  taxRemoved: 4,
  isVat: 8,
  groupLineItems: 16,
});

/** Order values the catalogue lists as enums. */
export const ORDER_ENUMS = Object.freeze({
  state: catalogueEnum('orders', 'state'),
  payType: catalogueEnum('orders', 'payType'),
  paymentState: catalogueEnum('orders', 'paymentState'),
});

/**
 * Orders as columns, one entry per order in `(createdTime, id)` order. Pool references store
 * `index + 1` with 0 for none, except `employee` (every order has one).
 */
export interface OrderColumns extends BaseColumns {
  readonly clientCreatedTime: Float64Array;
  readonly modifiedTime: Float64Array;
  /** NaN when not deleted. */
  readonly deletedTime: Float64Array;
  readonly total: Int32Array;
  readonly employee: Uint16Array;
  readonly device: Uint16Array;
  readonly orderType: Uint8Array;
  readonly customer: Uint16Array;
  readonly title: Uint16Array;
  readonly note: Uint16Array;
  readonly state: Uint8Array;
  readonly payType: Uint8Array;
  readonly paymentState: Uint8Array;
  readonly flags: Uint8Array;
  /** Last four digits of the order's first card payment, -1 when none. */
  readonly cardLast4: Int16Array;
  /** Payments of order `p` are `paymentList[paymentStart[p] .. paymentStart[p + 1])`. */
  readonly paymentStart: Uint32Array;
  readonly paymentList: Uint32Array;
}

/** What an {@link OrderTable} needs besides its columns. */
export interface OrderTableContext {
  readonly columns: OrderColumns;
  readonly pools: MerchantPools;
  readonly ids: IdPermutation;
  /** Seed of the merchant's line items. */
  readonly lineItemSeed: number;
  /** Materialises a payment, for `expand=payments`. */
  readonly payment: (pos: number, options: RecordOptions) => MockRecord;
}

function pooled(column: ArrayLike<number>, pool: readonly string[]): FieldAccessor {
  return (pos) => {
    const v = column[pos] as number;
    return v === 0 ? null : (pool[v - 1] ?? null);
  };
}

function orderAccessors(c: OrderColumns, p: MerchantPools): Map<string, FieldAccessor> {
  const flag =
    (bit: number): FieldAccessor =>
    (pos) =>
      ((c.flags[pos] as number) & bit) !== 0;
  const last4: FieldAccessor = (pos) => {
    const v = c.cardLast4[pos] as number;
    return v < 0 ? null : String(v).padStart(4, '0');
  };
  return new Map<string, FieldAccessor>([
    ['employee.id', (pos) => p.employees[c.employee[pos] as number]?.id ?? null],
    ['note', pooled(c.note, p.notes)],
    ['modifiedTime', (pos) => c.modifiedTime[pos] as number],
    [
      'orderType',
      pooled(
        c.orderType,
        p.orderTypes.map((t) => t.id),
      ),
    ],
    ['cardTransaction.last4', last4],
    ['manualTransaction', flag(ORDER_FLAGS.manualTransaction)],
    ['employee.name', (pos) => p.employees[c.employee[pos] as number]?.name ?? null],
    ['title', pooled(c.title, p.titles)],
    ['device.id', pooled(c.device, p.devices)],
    ['clientCreatedTime', (pos) => c.clientCreatedTime[pos] as number],
    ['total', (pos) => c.total[pos] as number],
    ['payType', (pos) => enumOrNull(c.payType, ORDER_ENUMS.payType, pos)],
    ['customer.id', pooled(c.customer, p.customers)],
    ['testMode', flag(ORDER_FLAGS.testMode)],
    ['createdTime', (pos) => c.createdTime[pos] as number],
    ['id', (pos) => idAt(c, pos)],
    ['state', (pos) => enumOrNull(c.state, ORDER_ENUMS.state, pos)],
    ['deletedTime', (pos) => timeOrNull(c.deletedTime, pos)],
    ['currency', () => p.currency],
    ['paymentState', (pos) => enumOrNull(c.paymentState, ORDER_ENUMS.paymentState, pos)],
    ['taxRemoved', flag(ORDER_FLAGS.taxRemoved)],
    ['isVat', flag(ORDER_FLAGS.isVat)],
    ['groupLineItems', flag(ORDER_FLAGS.groupLineItems)],
  ]);
}

/** The orders of one merchant. */
export class OrderTable extends ColumnTable<OrderColumns> {
  private readonly ctx: OrderTableContext;

  constructor(ctx: OrderTableContext) {
    super({
      resource: 'orders',
      columns: ctx.columns,
      ids: ctx.ids,
      accessors: orderAccessors(ctx.columns, ctx.pools),
    });
    this.ctx = ctx;
  }

  record(pos: number, options: RecordOptions = {}): MockRecord {
    const { c } = this;
    const get = (field: string) => this.get(field, pos);
    const r = this.head(pos, options);
    r.currency = get('currency');
    r.employee = { id: get('employee.id'), name: get('employee.name') };
    r.total = c.total[pos];
    setIf(r, 'paymentState', get('paymentState'));
    setIf(r, 'title', get('title'));
    setIf(r, 'note', get('note'));
    const orderType = get('orderType');
    if (orderType !== null) r.orderType = { id: orderType };
    r.taxRemoved = get('taxRemoved');
    r.isVat = get('isVat');
    setIf(r, 'state', get('state'));
    r.manualTransaction = get('manualTransaction');
    r.groupLineItems = get('groupLineItems');
    r.testMode = get('testMode');
    setIf(r, 'payType', get('payType'));
    r.createdTime = c.createdTime[pos];
    r.clientCreatedTime = c.clientCreatedTime[pos];
    r.modifiedTime = c.modifiedTime[pos];
    setIf(r, 'deletedTime', get('deletedTime'));
    const device = get('device.id');
    if (device !== null) r.device = { id: device };
    const customer = get('customer.id');
    if (customer !== null) r.customer = { id: customer };
    const last4 = get('cardTransaction.last4');
    if (last4 !== null) r.cardTransaction = { last4 };
    if (options.expand?.has('lineItems'))
      r.lineItems = { elements: this.lineItems(pos, r.id as string) };
    if (options.expand?.has('payments')) r.payments = { elements: this.payments(pos, options) };
    return r;
  }

  /** How many payments the order at `pos` has in all (before any nested-list cut). */
  paymentCount(pos: number): number {
    return (this.c.paymentStart[pos + 1] as number) - (this.c.paymentStart[pos] as number);
  }

  private lineItems(pos: number, orderId: string): MockRecord[] {
    const { items } = lineItemsOf(
      { seed: this.ctx.lineItemSeed, products: this.ctx.pools.products },
      { hi: this.c.idHi[pos] as number, lo: this.c.idLo[pos] as number, limit: NESTED_LIST_MAX },
    );
    const createdTime = this.c.createdTime[pos];
    return items.map((item) => ({
      id: item.id,
      orderRef: { id: orderId },
      name: item.name,
      price: item.price,
      printed: true,
      createdTime,
      isRevenue: true,
    }));
  }

  private payments(pos: number, options: RecordOptions): MockRecord[] {
    const start = this.c.paymentStart[pos] as number;
    const end = Math.min(this.c.paymentStart[pos + 1] as number, start + NESTED_LIST_MAX);
    const hrefBase = options.hrefBase?.replace(/orders\/$/, 'payments/');
    const out: MockRecord[] = [];
    for (let i = start; i < end; i++) {
      out.push(
        this.ctx.payment(
          this.c.paymentList[i] as number,
          hrefBase === undefined ? {} : { hrefBase },
        ),
      );
    }
    return out;
  }
}
