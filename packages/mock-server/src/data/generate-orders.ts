import type { IdPermutation } from '../ids/id-permutation.js';
import type { MockRegion } from '../options/mock-options.js';
import type { Prng } from '../random/prng.js';
import { ORDER_FLAGS } from '../store/order-table.js';
import { lineItemsOf } from './line-items.js';
import { sortRows } from './permute.js';
import type { MerchantPools } from './pools.js';
import { sampleSortedTimes } from './time-sampler.js';

/** Orders before payments exist: the columns that do not depend on them. */
export interface OrderDraft {
  readonly count: number;
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
  readonly posOfSlot: Uint32Array;
  readonly createdTime: Float64Array;
  readonly clientCreatedTime: Float64Array;
  readonly total: Int32Array;
  /** Tax included in `total`, for splitting it over payments. */
  readonly tax: Int32Array;
  readonly employee: Uint16Array;
  readonly device: Uint16Array;
  readonly orderType: Uint8Array;
  readonly customer: Uint16Array;
  readonly title: Uint16Array;
  readonly note: Uint16Array;
  readonly flags: Uint8Array;
}

/** Inputs of {@link generateOrderDraft}. */
export interface OrderDraftInput {
  readonly count: number;
  readonly from: number;
  readonly to: number;
  readonly pools: MerchantPools;
  readonly ids: IdPermutation;
  readonly lineItemSeed: number;
  readonly region: MockRegion;
}

/**
 * Draws `count` orders: times, ids and the fields that do not depend on payments; totals are the
 * sums of the line items (derived from each id) plus tax. Rows come out in `(createdTime, id)`
 * order.
 */
export function generateOrderDraft(rng: Prng, input: OrderDraftInput): OrderDraft {
  const { count, pools } = input;
  const times = sampleSortedTimes(rng, input);
  const idHi = new Uint32Array(count);
  const idLo = new Uint32Array(count);
  for (let slot = 0; slot < count; slot++) {
    const [hi, lo] = input.ids.forward(0, slot);
    idHi[slot] = hi;
    idLo[slot] = lo;
  }
  // Times are sorted already; this only orders equal times by id.
  const d = {
    count,
    ...sortRows({ idHi, idLo, createdTime: times }),
    clientCreatedTime: new Float64Array(count),
    total: new Int32Array(count),
    tax: new Int32Array(count),
    employee: new Uint16Array(count),
    device: new Uint16Array(count),
    orderType: new Uint8Array(count),
    customer: new Uint16Array(count),
    title: new Uint16Array(count),
    note: new Uint16Array(count),
    flags: new Uint8Array(count),
  };
  const source = { seed: input.lineItemSeed, products: pools.products };
  for (let p = 0; p < count; p++) {
    const created = d.createdTime[p] as number;
    d.clientCreatedTime[p] = Math.max(input.from, created - rng.int(0, 4000));
    const taxRemoved = rng.chance(0.03);
    const { subtotal } = lineItemsOf(source, {
      hi: d.idHi[p] as number,
      lo: d.idLo[p] as number,
      limit: 0,
    });
    const tax = taxRemoved ? 0 : Math.round(subtotal * pools.taxRate);
    d.tax[p] = tax;
    d.total[p] = subtotal + tax;
    d.employee[p] = rng.int(0, pools.employees.length - 1);
    d.device[p] = rng.chance(0.9) ? rng.int(1, pools.devices.length) : 0;
    d.orderType[p] = rng.chance(0.8) ? rng.int(1, pools.orderTypes.length) : 0;
    d.customer[p] = rng.chance(0.25) ? rng.int(1, pools.customers.length) : 0;
    d.title[p] = rng.chance(0.3) ? rng.int(1, pools.titles.length) : 0;
    d.note[p] = rng.chance(0.1) ? rng.int(1, pools.notes.length) : 0;
    d.flags[p] =
      (rng.chance(0.02) ? ORDER_FLAGS.manualTransaction : 0) |
      (rng.chance(0.005) ? ORDER_FLAGS.testMode : 0) |
      (taxRemoved ? ORDER_FLAGS.taxRemoved : 0) |
      (input.region === 'eu' ? ORDER_FLAGS.isVat : 0) |
      (rng.chance(0.9) ? ORDER_FLAGS.groupLineItems : 0);
  }
  return d;
}
