import type { Prng } from '../random/prng.js';
import { enumCode } from '../store/catalogue-enum.js';
import { ORDER_ENUMS, type OrderColumns } from '../store/order-table.js';
import type { PaymentColumns } from '../store/payment-table.js';
import type { RefundColumns } from '../store/refund-table.js';
import type { OrderDraft } from './generate-orders.js';
import type { PaymentDraft } from './generate-payments.js';

/** The drafts whose remaining columns depend on each other. */
export interface FinishInput {
  readonly to: number;
  readonly orders: OrderDraft;
  readonly payments: PaymentDraft;
  readonly refunds: RefundColumns;
}

const OPEN = enumCode(ORDER_ENUMS.state, 'open');
const LOCKED = enumCode(ORDER_ENUMS.state, 'locked');
const PAID = enumCode(ORDER_ENUMS.state, 'paid');
const FULL = enumCode(ORDER_ENUMS.payType, 'FULL');
const SPLITS = ['SPLIT_GUEST', 'SPLIT_ITEM', 'SPLIT_CUSTOM'].map((t) =>
  enumCode(ORDER_ENUMS.payType, t),
);
const PS_OPEN = enumCode(ORDER_ENUMS.paymentState, 'OPEN');
const PS_PAID = enumCode(ORDER_ENUMS.paymentState, 'PAID');
const PS_REFUNDED = enumCode(ORDER_ENUMS.paymentState, 'REFUNDED');
const PS_PARTIAL = enumCode(ORDER_ENUMS.paymentState, 'PARTIALLY_REFUNDED');

/** Payment `modifiedTime`: a moment after creation, or the last refund, never after `to`. */
function paymentModifiedTimes(rng: Prng, input: FinishInput) {
  const { payments, refunds, to } = input;
  const modified = new Float64Array(payments.count);
  const refunded = new Float64Array(payments.count);
  for (let p = 0; p < payments.count; p++) {
    modified[p] = Math.min(to, (payments.createdTime[p] as number) + rng.int(0, 5000));
  }
  for (let r = 0; r < refunds.count; r++) {
    const p = refunds.payment[r] as number;
    refunded[p] = (refunded[p] as number) + (refunds.amount[r] as number);
    modified[p] = Math.max(modified[p] as number, refunds.createdTime[r] as number);
  }
  return { modified, refunded };
}

/** For each order, its payments in time order, as `paymentList[paymentStart[o]..]`. */
function paymentsByOrder(orders: OrderDraft, payments: PaymentDraft) {
  const start = new Uint32Array(orders.count + 1);
  for (let p = 0; p < payments.count; p++) {
    const o = payments.order[p] as number;
    if (o >= 0) start[o + 1] = (start[o + 1] as number) + 1;
  }
  for (let o = 0; o < orders.count; o++)
    start[o + 1] = (start[o + 1] as number) + (start[o] as number);
  const list = new Uint32Array(start[orders.count] as number);
  const fill = start.slice(0, orders.count);
  for (let p = 0; p < payments.count; p++) {
    const o = payments.order[p] as number;
    if (o >= 0) {
      list[fill[o] as number] = p;
      fill[o] = (fill[o] as number) + 1;
    }
  }
  return { paymentStart: start, paymentList: list };
}

/**
 * Completes orders and payments from their links: order state, pay type, payment state, card
 * digits and `modifiedTime` (the last change, including payments and refunds); payment
 * `modifiedTime`. Unpaid orders are `open` or have no state at all (Clover hides those from
 * `GET /orders`); a few open ones are deleted.
 */
export function finishMerchant(
  rng: Prng,
  input: FinishInput,
): { orders: OrderColumns; payments: PaymentColumns } {
  const { orders: o, payments: pay, to } = input;
  const { modified: paymentModified, refunded } = paymentModifiedTimes(rng, input);
  const { paymentStart, paymentList } = paymentsByOrder(o, pay);
  const n = o.count;
  const state = new Uint8Array(n);
  const payType = new Uint8Array(n);
  const paymentState = new Uint8Array(n);
  const cardLast4 = new Int16Array(n).fill(-1);
  const modifiedTime = new Float64Array(n);
  const deletedTime = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const first = paymentStart[i] as number;
    const end = paymentStart[i + 1] as number;
    const k = end - first;
    let last = (o.createdTime[i] as number) + rng.exponential(600_000);
    let refundedSum = 0;
    for (let j = first; j < end; j++) {
      const p = paymentList[j] as number;
      last = Math.max(last, paymentModified[p] as number);
      refundedSum += refunded[p] as number;
      if (cardLast4[i] === -1 && (pay.last4[p] as number) >= 0)
        cardLast4[i] = pay.last4[p] as number;
    }
    modifiedTime[i] = Math.min(to, Math.floor(last));
    if (k === 0) {
      state[i] = rng.chance(0.25) ? 0 : OPEN;
      paymentState[i] = state[i] === 0 ? 0 : PS_OPEN;
      if (state[i] === OPEN && rng.chance(0.02)) deletedTime[i] = modifiedTime[i] as number;
    } else {
      state[i] = rng.chance(0.9) ? LOCKED : PAID;
      payType[i] = k === 1 ? FULL : rng.pick(SPLITS);
      paymentState[i] =
        refundedSum === 0
          ? PS_PAID
          : refundedSum >= (o.total[i] as number)
            ? PS_REFUNDED
            : PS_PARTIAL;
    }
  }
  const { tax: _tax, ...orderColumns } = o;
  return {
    orders: {
      ...orderColumns,
      modifiedTime,
      deletedTime,
      state,
      payType,
      paymentState,
      cardLast4,
      paymentStart,
      paymentList,
    },
    payments: { ...pay, modifiedTime: paymentModified },
  };
}
