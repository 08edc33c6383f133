import type { IdPermutation } from '../ids/id-permutation.js';
import type { Prng } from '../random/prng.js';
import { enumCode } from '../store/catalogue-enum.js';
import { PAYMENT_ENUMS, type PaymentColumns } from '../store/payment-table.js';
import { NULL_INT } from '../store/resource-table.js';
import type { OrderDraft } from './generate-orders.js';
import { sortRows } from './permute.js';
import type { MerchantPools } from './pools.js';
import { weightedPicker } from './weighted.js';

/** Payments before refunds exist: every column but `modifiedTime`. */
export type PaymentDraft = Omit<PaymentColumns, 'modifiedTime'>;

/** Inputs of {@link generatePaymentDraft}. */
export interface PaymentDraftInput {
  readonly count: number;
  readonly from: number;
  readonly to: number;
  readonly orders: OrderDraft;
  readonly pools: MerchantPools;
  readonly ids: IdPermutation;
}

const RESULTS = ['SUCCESS', 'FAIL', 'VOIDED', 'AUTH', 'OFFLINE_PENDING'];
const pickResult = weightedPicker([94, 2.5, 2, 1.2, 0.3]);
const RESULT_CODES = RESULTS.map((r) => enumCode(PAYMENT_ENUMS.result, r));
const CARD_TYPES = ['VISA', 'MC', 'AMEX', 'DISCOVER', 'DINERS_CLUB', 'JCB', 'INTERAC'];
const pickCardType = weightedPicker([50, 25, 12, 8, 1, 1, 3]);
const CARD_TYPE_CODES = CARD_TYPES.map((t) => enumCode(PAYMENT_ENUMS.cardType, t));
const ENTRY_TYPES = ['EMV_CONTACT', 'EMV_CONTACTLESS', 'SWIPED', 'KEYED'];
const pickEntryType = weightedPicker([45, 35, 12, 8]);
const ENTRY_CODES = ENTRY_TYPES.map((t) => enumCode(PAYMENT_ENUMS.entryType, t));
const AUTH = enumCode(PAYMENT_ENUMS.cardTxType, 'AUTH');
const PREAUTH_CAPTURE = enumCode(PAYMENT_ENUMS.cardTxType, 'PREAUTH_CAPTURE');
const VOIDED = enumCode(PAYMENT_ENUMS.result, 'VOIDED');
const AUTH_RESULT = enumCode(PAYMENT_ENUMS.result, 'AUTH');
const VOID_REASONS = ['USER_CANCEL', 'REJECT_SIGNATURE', 'NOT_APPROVED', 'REJECT_DUPLICATE'];
const VOID_REASON_CODES = VOID_REASONS.map((r) => enumCode(PAYMENT_ENUMS.voidReason, r));

/** Which order each payment belongs to (ascending), -1 for all when there are no orders. */
function assignOrders(rng: Prng, input: PaymentDraftInput): Int32Array {
  const orderOf = new Int32Array(input.count).fill(-1);
  if (input.orders.count === 0) return orderOf;
  for (let j = 0; j < input.count; j++) orderOf[j] = rng.int(0, input.orders.count - 1);
  return orderOf.sort();
}

/**
 * Draws `count` payments, each for a random order (an order may get none, one or several, which
 * split its total), with tenders, results and card details. Rows come out in
 * `(createdTime, id)` order; no time exceeds `to`.
 */
export function generatePaymentDraft(rng: Prng, input: PaymentDraftInput): PaymentDraft {
  const { count: m, orders, pools } = input;
  const orderOf = assignOrders(rng, input);
  const perOrder = new Uint32Array(orders.count);
  for (let j = 0; j < m; j++) {
    const o = orderOf[j] as number;
    if (o >= 0) perOrder[o] = (perOrder[o] as number) + 1;
  }
  const pickTender = weightedPicker(pools.tenders.map((t) => t.weight));
  const cols = {
    idHi: new Uint32Array(m),
    idLo: new Uint32Array(m),
    createdTime: new Float64Array(m),
    clientCreatedTime: new Float64Array(m),
    order: orderOf,
    amount: new Int32Array(m),
    tipAmount: new Int32Array(m).fill(NULL_INT),
    taxAmount: new Int32Array(m).fill(NULL_INT),
    cashTendered: new Int32Array(m).fill(NULL_INT),
    tender: new Uint8Array(m),
    result: new Uint8Array(m),
    employee: new Uint16Array(m),
    device: new Uint16Array(m),
    cardType: new Uint8Array(m),
    entryType: new Uint8Array(m),
    cardTxType: new Uint8Array(m),
    last4: new Int16Array(m).fill(-1),
    captured: new Uint8Array(m),
    offline: new Uint8Array(m),
    voidReason: new Uint8Array(m),
  };
  let nth = 0;
  for (let j = 0; j < m; j++) {
    const o = orderOf[j] as number;
    nth = j > 0 && orderOf[j - 1] === o ? nth + 1 : 0;
    const [hi, lo] = input.ids.forward(0, j);
    cols.idHi[j] = hi;
    cols.idLo[j] = lo;
    const k = o >= 0 ? (perOrder[o] as number) : 1;
    const total = o >= 0 ? (orders.total[o] as number) : rng.int(1, 400) * 25;
    const tax = o >= 0 ? (orders.tax[o] as number) : 0;
    const last = nth === k - 1;
    const share = last ? total - Math.floor(total / k) * (k - 1) : Math.floor(total / k);
    const taxShare = last ? tax - Math.floor(tax / k) * (k - 1) : Math.floor(tax / k);
    const created =
      o >= 0
        ? (orders.createdTime[o] as number) +
          20_000 +
          rng.exponential(900_000) +
          nth * rng.int(60_000, 240_000)
        : input.from + rng.next() * (input.to - input.from);
    cols.createdTime[j] = Math.min(input.to, Math.floor(created));
    const tenderIndex = pickTender(rng);
    const tender = pools.tenders[tenderIndex];
    cols.tender[j] = tenderIndex;
    const result = pickResult(rng);
    cols.result[j] = RESULT_CODES[result] as number;
    let tip = 0;
    if (tender?.kind === 'card') {
      tip = rng.chance(0.55) ? Math.round(share * (0.1 + rng.next() * 0.15)) : 0;
      cols.tipAmount[j] = tip;
      cols.cardType[j] = CARD_TYPE_CODES[pickCardType(rng)] as number;
      cols.entryType[j] = ENTRY_CODES[pickEntryType(rng)] as number;
      cols.cardTxType[j] = rng.chance(0.08) ? PREAUTH_CAPTURE : AUTH;
      cols.last4[j] = rng.int(0, 9999);
      cols.captured[j] = cols.result[j] === AUTH_RESULT ? 1 : 2;
    }
    cols.amount[j] = share + tip;
    if (taxShare > 0) cols.taxAmount[j] = taxShare;
    if (tender?.kind === 'cash') {
      const step = rng.pick([100, 500, 1000, 2000]);
      cols.cashTendered[j] = Math.ceil((share + 1) / step) * step;
    }
    if (cols.result[j] === VOIDED) cols.voidReason[j] = rng.pick(VOID_REASON_CODES);
    cols.employee[j] =
      o >= 0 && rng.chance(0.85)
        ? (orders.employee[o] as number)
        : rng.int(0, pools.employees.length - 1);
    const orderDevice = o >= 0 ? (orders.device[o] as number) : 0;
    cols.device[j] =
      orderDevice !== 0 && rng.chance(0.9) ? orderDevice : rng.int(0, pools.devices.length);
    const offline = rng.chance(0.015);
    cols.offline[j] = offline ? 1 : 0;
    const lag = offline ? 60_000 + Math.floor(rng.exponential(5_400_000)) : rng.int(0, 3000);
    cols.clientCreatedTime[j] = Math.max(input.from, (cols.createdTime[j] as number) - lag);
  }
  return { ...sortRows(cols), count: m };
}
