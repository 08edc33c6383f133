import type { ResourceName } from '@cloverql/dsl';
import { generateMerchant, type MerchantData } from '../data/generate-merchant.js';
import { MockError } from '../errors/mock-error.js';
import type { MockRegion } from '../options/mock-options.js';
import type { ResolvedMerchant } from '../options/resolve-options.js';
import type { MockRecord, ResourceTable } from './resource-table.js';

/** How a {@link MockStore} generates its data. */
export interface MockStoreOptions {
  readonly seed: number;
  readonly region: MockRegion;
  readonly merchants: readonly ResolvedMerchant[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The mock's dataset: every merchant's generated tables. `records` is the ground truth tests
 * compare API answers with: the records exactly as the API serialises them, minus `href`.
 *
 * @example mock.store.records('MERCHANT00001', 'orders').length // 5000
 */
export class MockStore {
  private merchantsById: ReadonlyMap<string, MerchantData>;
  private currentSeed: number;
  private readonly options: MockStoreOptions;

  constructor(options: MockStoreOptions) {
    this.options = options;
    this.currentSeed = options.seed;
    this.merchantsById = this.generate(options.seed);
  }

  private generate(seed: number): Map<string, MerchantData> {
    const ctx = { seed, region: this.options.region };
    return new Map(this.options.merchants.map((m) => [m.id, generateMerchant(m, ctx)]));
  }

  /** The seed the data was generated from. */
  get seed(): number {
    return this.currentSeed;
  }

  /**
   * Back to the generated data: regenerated only for a new `seed` (a re-seed), since the same
   * seed gives the same data, so a reset between tests is instant.
   */
  reset(seed: number = this.currentSeed): void {
    if (seed !== this.currentSeed) this.merchantsById = this.generate(seed);
    this.currentSeed = seed;
  }

  /** The ids of all merchants. */
  merchantIds(): readonly string[] {
    return [...this.merchantsById.keys()];
  }

  /** A merchant's data, or undefined. */
  merchant(merchantId: string): MerchantData | undefined {
    return this.merchantsById.get(merchantId);
  }

  /** A merchant's table of one resource; throws `NOT_FOUND` for an unknown merchant. */
  table(merchantId: string, resource: ResourceName): ResourceTable {
    const m = this.merchantsById.get(merchantId);
    if (!m) throw new MockError('NOT_FOUND', `No merchant ${merchantId} in the mock`);
    return m.tables[resource];
  }

  /** How many records of a resource a merchant has. */
  count(merchantId: string, resource: ResourceName): number {
    return this.table(merchantId, resource).count;
  }

  /**
   * Every record of a resource, oldest first (`createdTime`, then id), deep-frozen. Each call
   * materialises fresh objects, so use it on test-sized datasets.
   */
  records(merchantId: string, resource: ResourceName): readonly MockRecord[] {
    const table = this.table(merchantId, resource);
    const out: MockRecord[] = new Array(table.count);
    for (let pos = 0; pos < table.count; pos++) out[pos] = deepFreeze(table.record(pos));
    return Object.freeze(out);
  }

  /** One record by id, or undefined. */
  record(merchantId: string, resource: ResourceName, id: string): MockRecord | undefined {
    const table = this.table(merchantId, resource);
    const pos = table.findById(id);
    return pos < 0 ? undefined : deepFreeze(table.record(pos));
  }

  /** Bytes held by all tables' columns and indexes. */
  byteSize(): number {
    let sum = 0;
    for (const m of this.merchantsById.values()) {
      for (const t of Object.values(m.tables)) sum += t.byteSize;
    }
    return sum;
  }
}
