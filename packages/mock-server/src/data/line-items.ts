import { encodeCloverId } from '../ids/clover-id.js';
import { mix32 } from '../random/hash.js';
import { Prng } from '../random/prng.js';
import type { Product } from './pools.js';

/** One line item of an order. */
export interface LineItem {
  readonly id: string;
  readonly name: string;
  /** Price in cents. */
  readonly price: number;
}

/** What a line-item draw needs: the merchant's seed and products. */
export interface LineItemSource {
  readonly seed: number;
  readonly products: readonly Product[];
}

/** The line items of one order, and how many there are in all. */
export interface LineItems {
  readonly count: number;
  readonly subtotal: number;
  /** At most the `limit` asked for. */
  readonly items: readonly LineItem[];
}

function countOf(rng: Prng): number {
  // Mostly small tickets; one order in 2000 is a party order above Clover's nested-list cap of
  // 100, so `expand=lineItems` truncation shows up in ordinary datasets.
  if (rng.chance(0.0005)) return rng.int(101, 140);
  return 1 + Math.min(11, Math.floor(rng.exponential(1.6)));
}

/**
 * The line items of the order with id `(hi, lo)`, derived from the id alone, so they are never
 * stored: generation sums them into the order's total and `expand=lineItems` draws them again.
 *
 * @example lineItemsOf(source, { hi, lo, limit: 100 }).subtotal
 */
export function lineItemsOf(
  source: LineItemSource,
  order: { readonly hi: number; readonly lo: number; readonly limit: number },
): LineItems {
  const rng = new Prng(mix32(mix32(source.seed, order.hi), order.lo));
  const count = countOf(rng);
  const items: LineItem[] = [];
  let subtotal = 0;
  for (let i = 0; i < count; i++) {
    const product = rng.pick(source.products);
    const idHi = rng.nextU32();
    const idLo = rng.nextU32();
    subtotal += product.price;
    if (i < order.limit) {
      items.push({ id: encodeCloverId(idHi, idLo), name: product.name, price: product.price });
    }
  }
  return { count, subtotal, items };
}
