// The `locale/en` entry (en over base) loads only its locale: ~50 ms instead of ~300 for the
// package entry, which loads every locale. Same instance data, so the same records per seed.
import { faker as enFaker } from '@faker-js/faker/locale/en';
import { encodeCloverId } from '../ids/clover-id.js';
import type { MockRegion } from '../options/mock-options.js';
import { Prng } from '../random/prng.js';

/** An employee of a merchant. */
export interface Employee {
  readonly id: string;
  readonly name: string;
}

/** How a tender pays, which decides the fields its payments carry. */
export type TenderKind = 'cash' | 'card' | 'check' | 'gift' | 'external';

/** A tender (means of payment) of a merchant. */
export interface Tender {
  readonly id: string;
  readonly label: string;
  readonly labelKey: string;
  readonly kind: TenderKind;
  /** Relative share of payments made with this tender. */
  readonly weight: number;
}

/** Something a merchant sells; a line item is one of these at its price (cents). */
export interface Product {
  readonly name: string;
  readonly price: number;
}

/** An order type such as "Dine In". */
export interface OrderType {
  readonly id: string;
  readonly label: string;
}

/**
 * The small pools a merchant's records draw from, built with faker (realistic names, dishes and
 * notes) once per merchant. Bulk generation then picks from them with a fast PRNG.
 */
export interface MerchantPools {
  readonly currency: string;
  /** Sales tax rate applied to an order's line items unless tax is removed. */
  readonly taxRate: number;
  readonly employees: readonly Employee[];
  readonly devices: readonly string[];
  readonly orderTypes: readonly OrderType[];
  readonly customers: readonly string[];
  readonly titles: readonly string[];
  readonly notes: readonly string[];
  readonly products: readonly Product[];
  readonly tenders: readonly Tender[];
  readonly refundReasons: readonly string[];
}

const TENDERS: readonly Omit<Tender, 'id'>[] = [
  { label: 'Credit Card', labelKey: 'com.clover.tender.credit_card', kind: 'card', weight: 55 },
  { label: 'Debit Card', labelKey: 'com.clover.tender.debit_card', kind: 'card', weight: 14 },
  { label: 'Cash', labelKey: 'com.clover.tender.cash', kind: 'cash', weight: 25 },
  { label: 'Check', labelKey: 'com.clover.tender.check', kind: 'check', weight: 1 },
  { label: 'Gift Card', labelKey: 'com.clover.tender.external_gift_card', kind: 'gift', weight: 3 },
  {
    label: 'External Payment',
    labelKey: 'com.clover.tender.external_payment',
    kind: 'external',
    weight: 2,
  },
];

const ORDER_TYPES = ['Dine In', 'Take Out', 'Delivery', 'Online Order'];

const REFUND_REASONS = [
  'Customer changed their mind',
  'Wrong item',
  'Order arrived late',
  'Item was cold',
  'Duplicate charge',
  'Damaged item',
  'Overcharged',
];

function uniqueStrings(count: number, make: () => string): string[] {
  const seen = new Set<string>();
  for (let tries = 0; seen.size < count && tries < count * 20; tries++) seen.add(make());
  return [...seen];
}

/**
 * Builds a merchant's pools from a seed. Same seed, same pools.
 *
 * @example buildPools(1234, 'us').employees[0] // { id: 'B4N...', name: 'Mohammad Crist' }
 */
export function buildPools(seed: number, region: MockRegion): MerchantPools {
  // One shared instance, reseeded: the pools are built synchronously, so no other build interleaves.
  const faker = enFaker;
  faker.seed(seed);
  const rng = new Prng(seed);
  const id = () => encodeCloverId(rng.nextU32(), rng.nextU32());
  const employees = Array.from({ length: 12 }, () => ({ id: id(), name: faker.person.fullName() }));
  const products = uniqueStrings(150, () =>
    faker.helpers.arrayElement([
      () => faker.food.dish(),
      () => faker.commerce.productName(),
      () => `${faker.food.adjective()} ${faker.food.ingredient()}`,
    ])(),
  ).map((name) => ({ name, price: faker.number.int({ min: 2, max: 160 }) * 25 }));
  const titles = uniqueStrings(200, () =>
    faker.helpers.arrayElement([
      () => `Table ${faker.number.int({ min: 1, max: 40 })}`,
      () => `${faker.person.firstName()}'s order`,
      () => `Online #${faker.number.int({ min: 1000, max: 99999 })}`,
      () => `Bar tab ${faker.person.lastName()}`,
    ])(),
  );
  const notes = uniqueStrings(120, () =>
    faker.helpers.arrayElement([
      () => `No ${faker.food.ingredient().toLowerCase()}`,
      () => `Extra ${faker.food.ingredient().toLowerCase()}`,
      () => faker.lorem.sentence({ min: 3, max: 8 }),
      () => `Allergy: ${faker.food.ingredient().toLowerCase()} ✓`,
    ])(),
  );
  return Object.freeze({
    currency: region === 'eu' ? 'EUR' : 'USD',
    taxRate: region === 'eu' ? 0.2 : faker.helpers.arrayElement([0.0625, 0.0725, 0.08, 0.0875]),
    employees,
    devices: Array.from({ length: 3 }, id),
    orderTypes: ORDER_TYPES.map((label) => ({ id: id(), label })),
    customers: Array.from({ length: 400 }, id),
    titles,
    notes,
    products,
    tenders: TENDERS.map((t) => ({ ...t, id: id() })),
    refundReasons: [...REFUND_REASONS, `Complaint: ${faker.lorem.words(3)}`],
  });
}
