import type { ResourceName } from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';
import { IdPermutation } from '../ids/id-permutation.js';
import type { MockRegion } from '../options/mock-options.js';
import type { ResolvedMerchant } from '../options/resolve-options.js';
import { deriveSeed } from '../random/hash.js';
import { Prng } from '../random/prng.js';
import { OrderTable } from '../store/order-table.js';
import { PaymentTable } from '../store/payment-table.js';
import { RefundTable } from '../store/refund-table.js';
import type { ResourceTable } from '../store/resource-table.js';
import { finishMerchant } from './finish-merchant.js';
import { generateOrderDraft } from './generate-orders.js';
import { generatePaymentDraft } from './generate-payments.js';
import { generateRefunds } from './generate-refunds.js';
import { buildPools, type MerchantPools } from './pools.js';

/** One merchant's generated dataset. */
export interface MerchantData {
  readonly id: string;
  readonly token: string;
  readonly pools: MerchantPools;
  readonly orders: OrderTable;
  readonly payments: PaymentTable;
  readonly refunds: RefundTable;
  /** The tables by resource name. */
  readonly tables: Readonly<Record<ResourceName, ResourceTable>>;
}

/** The dataset-wide settings a merchant's generation depends on. */
export interface GenerationContext {
  readonly seed: number;
  readonly region: MockRegion;
}

/**
 * Generates a merchant's orders, payments and refunds. Every random stream is derived from the
 * seed and the merchant id, so the same seed, id, counts and time span give the same bytes, and
 * adding a merchant changes no other merchant's data.
 *
 * @example generateMerchant(resolved.merchants[0], { seed: 42, region: 'us' }).orders.count
 */
export function generateMerchant(merchant: ResolvedMerchant, ctx: GenerationContext): MerchantData {
  const key = (label: string) => deriveSeed(ctx.seed, merchant.id, label);
  if (merchant.refunds > 0 && merchant.payments === 0) {
    throw new MockError('INVALID_OPTIONS', `merchant ${merchant.id}: refunds need payments`);
  }
  const pools = buildPools(key('pools'), ctx.region);
  const span = { from: merchant.from, to: merchant.to };
  const ids = {
    orders: new IdPermutation(key('order-ids')),
    payments: new IdPermutation(key('payment-ids')),
    refunds: new IdPermutation(key('refund-ids')),
  };
  const lineItemSeed = key('line-items');
  const orderDraft = generateOrderDraft(new Prng(key('orders')), {
    ...span,
    count: merchant.orders,
    pools,
    ids: ids.orders,
    lineItemSeed,
    region: ctx.region,
  });
  const paymentDraft = generatePaymentDraft(new Prng(key('payments')), {
    ...span,
    count: merchant.payments,
    orders: orderDraft,
    pools,
    ids: ids.payments,
  });
  const refundColumns = generateRefunds(new Prng(key('refunds')), {
    ...span,
    count: merchant.refunds,
    payments: paymentDraft,
    pools,
    ids: ids.refunds,
  });
  const finished = finishMerchant(new Prng(key('finish')), {
    to: merchant.to,
    orders: orderDraft,
    payments: paymentDraft,
    refunds: refundColumns,
  });
  const payments = new PaymentTable({
    columns: finished.payments,
    pools,
    ids: ids.payments,
    orderIds: finished.orders,
    seed: key('derived'),
  });
  const orders = new OrderTable({
    columns: finished.orders,
    pools,
    ids: ids.orders,
    lineItemSeed,
    payment: (pos, options) => payments.record(pos, options),
  });
  const refunds = new RefundTable({
    columns: refundColumns,
    pools,
    ids: ids.refunds,
    paymentIds: finished.payments,
    paymentOrder: finished.payments.order,
    orderIds: finished.orders,
  });
  return {
    id: merchant.id,
    token: merchant.token,
    pools,
    orders,
    payments,
    refunds,
    tables: { orders, payments, refunds },
  };
}
