import type { MerchantPools } from '../data/pools.js';
import { encodeCloverId } from '../ids/clover-id.js';
import type { IdPermutation } from '../ids/id-permutation.js';
import { mix32 } from '../random/hash.js';
import { catalogueEnum } from './catalogue-enum.js';
import { type BaseColumns, ColumnTable, idAt } from './column-table.js';
import {
  enumOrNull,
  type FieldAccessor,
  intOrNull,
  type MockRecord,
  type RecordOptions,
  setIf,
} from './resource-table.js';
import type { IdColumns } from './time-index.js';

/** Payment values the catalogue lists as enums. */
export const PAYMENT_ENUMS = Object.freeze({
  result: catalogueEnum('payments', 'result'),
  cardType: catalogueEnum('payments', 'cardTransaction.cardType'),
  entryType: catalogueEnum('payments', 'cardTransaction.entryType'),
  cardTxType: catalogueEnum('payments', 'cardTransaction.type'),
  voidReason: catalogueEnum('payments', 'voidReason'),
});

/** Payments as columns in `(createdTime, id)` order. Money in cents; `NULL_INT` is null. */
export interface PaymentColumns extends BaseColumns {
  readonly clientCreatedTime: Float64Array;
  readonly modifiedTime: Float64Array;
  /** Position of the payment's order, -1 when it has none. */
  readonly order: Int32Array;
  readonly amount: Int32Array;
  readonly tipAmount: Int32Array;
  readonly taxAmount: Int32Array;
  readonly cashTendered: Int32Array;
  /** Index into the merchant's tenders. */
  readonly tender: Uint8Array;
  /** Enum code of `result` (never null). */
  readonly result: Uint8Array;
  readonly employee: Uint16Array;
  /** Device `index + 1`, 0 for none. */
  readonly device: Uint16Array;
  readonly cardType: Uint8Array;
  readonly entryType: Uint8Array;
  readonly cardTxType: Uint8Array;
  /** -1 when the tender is not a card. */
  readonly last4: Int16Array;
  /** 0 null, 1 false, 2 true. */
  readonly captured: Uint8Array;
  /** 1 when taken offline. */
  readonly offline: Uint8Array;
  readonly voidReason: Uint8Array;
}

/** What a {@link PaymentTable} needs besides its columns. */
export interface PaymentTableContext {
  readonly columns: PaymentColumns;
  readonly pools: MerchantPools;
  readonly ids: IdPermutation;
  /** Ids of the merchant's orders, for `order.id`. */
  readonly orderIds: IdColumns;
  /** Seed for derived cosmetic fields (auth codes, transaction numbers). */
  readonly seed: number;
}

/** A decimal string of `digits` digits derived from a payment's id and a salt. */
function derivedDigits(
  ctx: PaymentTableContext,
  pos: number,
  spec: { digits: number; salt: number },
) {
  const c = ctx.columns;
  const h = mix32(mix32(ctx.seed ^ spec.salt, c.idHi[pos] as number), c.idLo[pos] as number);
  return String(h % 10 ** spec.digits).padStart(spec.digits, '0');
}

const TRANSACTION_NO = { digits: 6, salt: 1 };
const AUTH_CODE = { digits: 6, salt: 2 };
const EXTERNAL_ID = { digits: 9, salt: 3 };
const REFERENCE_ID = { digits: 9, salt: 4 };
const VOID_SALT = 7;

function paymentAccessors(ctx: PaymentTableContext): Map<string, FieldAccessor> {
  const c = ctx.columns;
  const p = ctx.pools;
  const isCard = (pos: number) => (c.last4[pos] as number) >= 0;
  return new Map<string, FieldAccessor>([
    ['id', (pos) => idAt(c, pos)],
    ['createdTime', (pos) => c.createdTime[pos] as number],
    ['clientCreatedTime', (pos) => c.clientCreatedTime[pos] as number],
    ['modifiedTime', (pos) => c.modifiedTime[pos] as number],
    ['amount', (pos) => c.amount[pos] as number],
    ['result', (pos) => enumOrNull(c.result, PAYMENT_ENUMS.result, pos)],
    ['employee.id', (pos) => p.employees[c.employee[pos] as number]?.id ?? null],
    ['device.id', (pos) => p.devices[(c.device[pos] as number) - 1] ?? null],
    ['tender.id', (pos) => p.tenders[c.tender[pos] as number]?.id ?? null],
    [
      'externalPaymentId',
      (pos) =>
        p.tenders[c.tender[pos] as number]?.kind === 'external'
          ? `ext-${derivedDigits(ctx, pos, EXTERNAL_ID)}`
          : null,
    ],
    ['offline', (pos) => c.offline[pos] === 1],
    ['cardTransaction.cardType', (pos) => enumOrNull(c.cardType, PAYMENT_ENUMS.cardType, pos)],
    ['cardTransaction.entryType', (pos) => enumOrNull(c.entryType, PAYMENT_ENUMS.entryType, pos)],
    ['cardTransaction.type', (pos) => enumOrNull(c.cardTxType, PAYMENT_ENUMS.cardTxType, pos)],
    ['tender.label', (pos) => p.tenders[c.tender[pos] as number]?.label ?? null],
    [
      'order.id',
      (pos) => {
        const o = c.order[pos] as number;
        return o < 0 ? null : idAt(ctx.orderIds, o);
      },
    ],
    ['tipAmount', (pos) => intOrNull(c.tipAmount, pos)],
    ['taxAmount', (pos) => intOrNull(c.taxAmount, pos)],
    ['cashTendered', (pos) => intOrNull(c.cashTendered, pos)],
    [
      'cardTransaction.last4',
      (pos) => (isCard(pos) ? String(c.last4[pos]).padStart(4, '0') : null),
    ],
    [
      'cardTransaction.transactionNo',
      (pos) => (isCard(pos) ? derivedDigits(ctx, pos, TRANSACTION_NO) : null),
    ],
    ['cardTransaction.captured', (pos) => (c.captured[pos] === 0 ? null : c.captured[pos] === 2)],
    ['voidReason', (pos) => enumOrNull(c.voidReason, PAYMENT_ENUMS.voidReason, pos)],
    [
      'voidPaymentRef.id',
      (pos) => {
        if (c.voidReason[pos] === 0) return null;
        const h = mix32(ctx.seed ^ VOID_SALT, c.idLo[pos] as number);
        return encodeCloverId(h, mix32(h, c.idHi[pos] as number));
      },
    ],
    // Clover removed deleted payments from the API; none are generated.
    ['deletedTime', () => null],
  ]);
}

/** The payments of one merchant. */
export class PaymentTable extends ColumnTable<PaymentColumns> {
  private readonly ctx: PaymentTableContext;

  constructor(ctx: PaymentTableContext) {
    super({
      resource: 'payments',
      columns: ctx.columns,
      ids: ctx.ids,
      accessors: paymentAccessors(ctx),
    });
    this.ctx = ctx;
  }

  record(pos: number, options: RecordOptions = {}): MockRecord {
    const { c } = this;
    const get = (field: string) => this.get(field, pos);
    const r = this.head(pos, options);
    const orderId = get('order.id');
    if (orderId !== null) r.order = { id: orderId };
    const device = get('device.id');
    if (device !== null) r.device = { id: device };
    const tender = this.ctx.pools.tenders[c.tender[pos] as number];
    if (tender) r.tender = { id: tender.id, label: tender.label, labelKey: tender.labelKey };
    r.amount = c.amount[pos];
    setIf(r, 'tipAmount', get('tipAmount'));
    setIf(r, 'taxAmount', get('taxAmount'));
    setIf(r, 'cashTendered', get('cashTendered'));
    setIf(r, 'externalPaymentId', get('externalPaymentId'));
    r.employee = { id: get('employee.id') };
    r.createdTime = c.createdTime[pos];
    r.clientCreatedTime = c.clientCreatedTime[pos];
    r.modifiedTime = c.modifiedTime[pos];
    r.offline = get('offline');
    r.result = get('result');
    if ((c.last4[pos] as number) >= 0) {
      r.cardTransaction = {
        cardType: get('cardTransaction.cardType'),
        entryType: get('cardTransaction.entryType'),
        last4: get('cardTransaction.last4'),
        type: get('cardTransaction.type'),
        authCode: derivedDigits(this.ctx, pos, AUTH_CODE),
        referenceId: derivedDigits(this.ctx, pos, REFERENCE_ID),
        transactionNo: get('cardTransaction.transactionNo'),
        state: 'CLOSED',
        captured: get('cardTransaction.captured'),
      };
    }
    setIf(r, 'voidReason', get('voidReason'));
    const voidRef = get('voidPaymentRef.id');
    if (voidRef !== null) r.voidPaymentRef = { id: voidRef };
    return r;
  }
}
