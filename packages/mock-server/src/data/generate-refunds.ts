import type { IdPermutation } from '../ids/id-permutation.js';
import type { Prng } from '../random/prng.js';
import { enumCode } from '../store/catalogue-enum.js';
import { PAYMENT_ENUMS } from '../store/payment-table.js';
import type { RefundColumns } from '../store/refund-table.js';
import { NULL_INT } from '../store/resource-table.js';
import type { PaymentDraft } from './generate-payments.js';
import { sortRows } from './permute.js';
import type { MerchantPools } from './pools.js';

/** Inputs of {@link generateRefunds}. */
export interface RefundInput {
  readonly count: number;
  readonly from: number;
  readonly to: number;
  readonly payments: PaymentDraft;
  readonly pools: MerchantPools;
  readonly ids: IdPermutation;
}

const SUCCESS = enumCode(PAYMENT_ENUMS.result, 'SUCCESS');

/** Positions of the payments a refund may point at: successful ones, else any. */
function refundable(payments: PaymentDraft): Uint32Array {
  const ok: number[] = [];
  for (let p = 0; p < payments.count; p++) {
    if (payments.result[p] === SUCCESS && (payments.amount[p] as number) > 0) ok.push(p);
  }
  if (ok.length > 0) return Uint32Array.from(ok);
  return Uint32Array.from({ length: payments.count }, (_, i) => i);
}

/**
 * Draws `count` refunds of random successful payments: full refunds (tip and tax included) or
 * partial ones, hours to days after the payment and never after `to`. Rows come out in
 * `(createdTime, id)` order. Requires at least one payment when `count > 0`.
 */
export function generateRefunds(rng: Prng, input: RefundInput): RefundColumns {
  const { count: n, payments, pools } = input;
  const candidates = n > 0 ? refundable(payments) : new Uint32Array(0);
  const cols = {
    idHi: new Uint32Array(n),
    idLo: new Uint32Array(n),
    createdTime: new Float64Array(n),
    clientCreatedTime: new Float64Array(n),
    payment: new Uint32Array(n),
    amount: new Int32Array(n),
    taxAmount: new Int32Array(n).fill(NULL_INT),
    tipAmount: new Int32Array(n).fill(NULL_INT),
    employee: new Uint16Array(n),
    device: new Uint16Array(n),
    voided: new Uint8Array(n),
    reason: new Uint8Array(n),
  };
  for (let r = 0; r < n; r++) {
    const [hi, lo] = input.ids.forward(0, r);
    cols.idHi[r] = hi;
    cols.idLo[r] = lo;
    const p = rng.pick(candidates);
    cols.payment[r] = p;
    const paid = payments.amount[p] as number;
    const full = rng.chance(0.55);
    const delay = 600_000 + rng.exponential(3 * 86_400_000);
    const created = Math.min(input.to, Math.floor((payments.createdTime[p] as number) + delay));
    cols.createdTime[r] = created;
    cols.clientCreatedTime[r] = Math.max(input.from, created - rng.int(0, 3000));
    const amount = full ? paid : Math.max(1, Math.round(paid * (0.1 + rng.next() * 0.7)));
    cols.amount[r] = amount;
    const tax = payments.taxAmount[p] as number;
    if (tax !== NULL_INT && paid > 0) cols.taxAmount[r] = Math.round((tax * amount) / paid);
    const tip = payments.tipAmount[p] as number;
    if (full && tip !== NULL_INT) cols.tipAmount[r] = tip;
    cols.employee[r] = rng.int(0, pools.employees.length - 1);
    cols.device[r] = rng.chance(0.8)
      ? (payments.device[p] as number)
      : rng.int(0, pools.devices.length);
    cols.voided[r] = rng.chance(0.02) ? 1 : 0;
    cols.reason[r] = rng.chance(0.7) ? rng.int(1, pools.refundReasons.length) : 0;
  }
  return { ...sortRows(cols), count: n };
}
