import type { MerchantPools } from '../data/pools.js';
import type { IdPermutation } from '../ids/id-permutation.js';
import { type BaseColumns, ColumnTable, idAt } from './column-table.js';
import {
  type FieldAccessor,
  intOrNull,
  type MockRecord,
  type RecordOptions,
  setIf,
} from './resource-table.js';
import type { IdColumns } from './time-index.js';

/** Refunds as columns in `(createdTime, id)` order. */
export interface RefundColumns extends BaseColumns {
  readonly clientCreatedTime: Float64Array;
  /** Position of the refunded payment. */
  readonly payment: Uint32Array;
  readonly amount: Int32Array;
  readonly taxAmount: Int32Array;
  readonly tipAmount: Int32Array;
  readonly employee: Uint16Array;
  /** Device `index + 1`, 0 for none. */
  readonly device: Uint16Array;
  /** 1 when voided. */
  readonly voided: Uint8Array;
  /** Reason `index + 1`, 0 for none. */
  readonly reason: Uint8Array;
}

/** What a {@link RefundTable} needs besides its columns. */
export interface RefundTableContext {
  readonly columns: RefundColumns;
  readonly pools: MerchantPools;
  readonly ids: IdPermutation;
  readonly paymentIds: IdColumns;
  /** Order position of each payment (-1 none), for `orderRef.id`. */
  readonly paymentOrder: Int32Array;
  readonly orderIds: IdColumns;
}

function refundAccessors(ctx: RefundTableContext): Map<string, FieldAccessor> {
  const c = ctx.columns;
  const p = ctx.pools;
  return new Map<string, FieldAccessor>([
    ['id', (pos) => idAt(c, pos)],
    ['createdTime', (pos) => c.createdTime[pos] as number],
    ['clientCreatedTime', (pos) => c.clientCreatedTime[pos] as number],
    ['amount', (pos) => c.amount[pos] as number],
    ['payment.id', (pos) => idAt(ctx.paymentIds, c.payment[pos] as number)],
    ['employee.id', (pos) => p.employees[c.employee[pos] as number]?.id ?? null],
    ['device.id', (pos) => p.devices[(c.device[pos] as number) - 1] ?? null],
    ['voided', (pos) => c.voided[pos] === 1],
    [
      'orderRef.id',
      (pos) => {
        const o = ctx.paymentOrder[c.payment[pos] as number] as number;
        return o < 0 ? null : idAt(ctx.orderIds, o);
      },
    ],
    ['taxAmount', (pos) => intOrNull(c.taxAmount, pos)],
    ['tipAmount', (pos) => intOrNull(c.tipAmount, pos)],
    ['reason', (pos) => p.refundReasons[(c.reason[pos] as number) - 1] ?? null],
  ]);
}

/** The refunds of one merchant. */
export class RefundTable extends ColumnTable<RefundColumns> {
  constructor(ctx: RefundTableContext) {
    super({
      resource: 'refunds',
      columns: ctx.columns,
      ids: ctx.ids,
      accessors: refundAccessors(ctx),
    });
  }

  record(pos: number, options: RecordOptions = {}): MockRecord {
    const get = (field: string) => this.get(field, pos);
    const r = this.head(pos, options);
    const orderId = get('orderRef.id');
    if (orderId !== null) r.orderRef = { id: orderId };
    const device = get('device.id');
    if (device !== null) r.device = { id: device };
    r.amount = this.c.amount[pos];
    setIf(r, 'taxAmount', get('taxAmount'));
    setIf(r, 'tipAmount', get('tipAmount'));
    r.createdTime = this.c.createdTime[pos];
    r.clientCreatedTime = this.c.clientCreatedTime[pos];
    r.payment = { id: get('payment.id') };
    r.employee = { id: get('employee.id') };
    r.voided = get('voided');
    setIf(r, 'reason', get('reason'));
    return r;
  }
}
