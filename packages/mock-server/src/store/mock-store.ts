import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import { type ActivityEvent, eventsIn, isActive } from '../activity/activity-events.js';
import type { ChangeFeed, ChangeType } from '../changes/change-feed.js';
import type { Clock } from '../clock/clock.js';
import { generateMerchant, type MerchantData } from '../data/generate-merchant.js';
import { MockError } from '../errors/mock-error.js';
import { encodeCloverId } from '../ids/clover-id.js';
import type { MockRegion } from '../options/mock-options.js';
import type { ResolvedMerchant } from '../options/resolve-options.js';
import { deriveSeed } from '../random/hash.js';
import { Prng } from '../random/prng.js';
import { newRecord } from './new-record.js';
import { ORDER_ENUMS } from './order-table.js';
import { bodyOf, OverlayTable } from './overlay-table.js';
import { applyPatch, checkPatch } from './record-patch.js';
import type { MockRecord, ResourceTable } from './resource-table.js';

/** How a {@link MockStore} generates its data. */
export interface MockStoreOptions {
  readonly seed: number;
  readonly region: MockRegion;
  readonly merchants: readonly ResolvedMerchant[];
  /** Virtual time, for the `createdTime`/`modifiedTime`/`deletedTime` writes set. */
  readonly clock?: Clock;
  /** Where every change is published. */
  readonly changes?: ChangeFeed;
  /**
   * Where living merchants' activity starts (virtual UTC ms, normally the clock's start): events
   * after it, up to the clock's now, are applied before any read or write.
   */
  readonly activityStart?: number;
}

/** A line item of an order, as `/orders/{id}/line_items` returns it (without `href`). */
export type LineItemRecord = MockRecord;

/** What a new line item may carry. */
export interface LineItemInput {
  readonly name?: string;
  readonly price?: number;
  readonly note?: string;
  readonly unitQty?: number;
  readonly isRevenue?: boolean;
  readonly item?: { readonly id: string };
}

/** Webhook object-id prefixes. */
const OBJECT_PREFIX: Readonly<Record<ResourceName, string>> = {
  orders: 'O:',
  payments: 'P:',
  refunds: 'R:',
};

const SINGULAR: Readonly<Record<ResourceName, string>> = {
  orders: 'Order',
  payments: 'Payment',
  refunds: 'Refund',
};

type Overlays = Record<ResourceName, OverlayTable>;

/** One record of one merchant. */
interface RecordRef {
  readonly merchantId: string;
  readonly resource: ResourceName;
  readonly id: string;
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
  private overlays = new Map<string, Overlays>();
  private inserts = 0;
  /** Set while activity events apply: the virtual instant their writes carry. */
  private writeTime: number | null = null;
  /** Per living merchant, the instant up to which its activity has been applied. */
  private activityUntil = new Map<string, number>();
  private catchingUp = false;
  private currentSeed: number;
  private readonly options: MockStoreOptions;

  constructor(options: MockStoreOptions) {
    this.options = options;
    this.currentSeed = options.seed;
    this.merchantsById = this.generate(options.seed);
  }

  private overlay(merchantId: string): Overlays {
    let o = this.overlays.get(merchantId);
    if (!o) {
      const m = this.merchantsById.get(merchantId);
      if (!m) throw new MockError('NOT_FOUND', `No merchant ${merchantId} in the mock`);
      o = {
        orders: new OverlayTable(m.tables.orders),
        payments: new OverlayTable(m.tables.payments),
        refunds: new OverlayTable(m.tables.refunds),
      };
      this.overlays.set(merchantId, o);
    }
    return o;
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
   * Drops every change (inserts, updates, deletes). Generated data is kept when the seed is
   * unchanged, so this is instant; a new `seed` regenerates it.
   */
  reset(seed: number = this.currentSeed): void {
    if (seed !== this.currentSeed) this.merchantsById = this.generate(seed);
    this.currentSeed = seed;
    this.overlays = new Map();
    this.inserts = 0;
    this.activityUntil = new Map();
  }

  /**
   * Applies every living merchant's activity between the last instant applied and the clock's
   * now, in event order. Runs before every read and write, so the data is what it would be had
   * the clock moved there in one step. A clock set back applies nothing: changes already made
   * stay, and activity resumes once the clock passes the latest instant applied.
   */
  catchUp(): void {
    const clock = this.options.clock;
    if (this.catchingUp || !clock) return;
    const now = clock.now();
    for (const m of this.options.merchants) {
      if (!isActive(m.activity)) continue;
      const from = this.activityUntil.get(m.id) ?? this.options.activityStart ?? m.to;
      if (!(now > from)) continue;
      this.catchingUp = true;
      try {
        const events = eventsIn(
          { seed: this.currentSeed, merchantId: m.id, activity: m.activity },
          { from, to: now },
        );
        for (const e of events) this.applyEvent(m.id, e);
        this.activityUntil.set(m.id, now);
      } finally {
        this.catchingUp = false;
        this.writeTime = null;
      }
    }
  }

  /** A random live record's position (a few tries), or -1. */
  private pickLive(merchantId: string, resource: ResourceName, rng: Prng): number {
    const table = this.overlay(merchantId)[resource];
    const deleted = table.accessor('deletedTime');
    for (let tries = 0; tries < 8 && table.count > 0; tries++) {
      const pos = Math.floor(rng.next() * table.count);
      if (table.live(pos) && (resource !== 'orders' || deleted?.(pos) === null)) return pos;
    }
    return -1;
  }

  private applyEvent(merchantId: string, e: ActivityEvent): void {
    const rng = new Prng(e.seed);
    const m = this.merchantsById.get(merchantId);
    if (!m) return;
    this.writeTime = e.at;
    const orders = this.overlay(merchantId).orders;
    switch (e.kind) {
      case 'order': {
        const items: MockRecord[] = [];
        const n = rng.int(1, 4);
        for (let i = 0; i < n; i++) {
          const product = rng.pick(m.pools.products);
          items.push({ name: product.name, price: product.price });
        }
        const total = items.reduce((sum, i) => sum + (i.price as number), 0);
        this.insertWith({
          merchantId,
          resource: 'orders',
          patch: { total },
          rng,
          lineItems: items,
        });
        return;
      }
      case 'payment': {
        const pos = this.pickLive(merchantId, 'orders', rng);
        if (pos < 0) return;
        const patch = { order: { id: orders.idOf(pos) } };
        this.insertWith({ merchantId, resource: 'payments', patch, rng });
        return;
      }
      case 'refund': {
        const pos = this.pickLive(merchantId, 'payments', rng);
        if (pos < 0) return;
        const patch = { payment: { id: this.overlay(merchantId).payments.idOf(pos) } };
        this.insertWith({ merchantId, resource: 'refunds', patch, rng });
        return;
      }
      case 'update': {
        const pos = this.pickLive(merchantId, 'orders', rng);
        if (pos < 0) return;
        const states = ORDER_ENUMS.state;
        const change = rng.int(0, 2);
        const patch: MockRecord =
          change === 0
            ? { state: rng.pick(states) }
            : change === 1
              ? { note: rng.pick(m.pools.notes) }
              : { total: Math.max(0, (orders.record(pos).total as number) + rng.int(-500, 1500)) };
        this.update(merchantId, 'orders', orders.idOf(pos), patch);
        return;
      }
      case 'delete': {
        const pos = this.pickLive(merchantId, 'orders', rng);
        if (pos >= 0) this.remove(merchantId, 'orders', orders.idOf(pos));
        return;
      }
      default: {
        const never: never = e.kind;
        throw new TypeError(`unknown activity ${String(never)}`);
      }
    }
  }

  /** How many records the overlays hold (inserted, changed or removed), over all merchants. */
  changedCount(): number {
    let n = 0;
    for (const o of this.overlays.values()) for (const r of RESOURCE_NAMES) n += o[r].changed;
    return n;
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
    this.catchUp();
    return this.overlay(merchantId)[resource];
  }

  /** How many records of a resource a merchant holds now (deleted orders excluded). */
  count(merchantId: string, resource: ResourceName): number {
    this.catchUp();
    return this.positions(merchantId, resource, 'live').length;
  }

  /** Positions oldest first (`createdTime`, then id): live records, or deleted orders. */
  private positions(
    merchantId: string,
    resource: ResourceName,
    which: 'live' | 'deleted',
  ): number[] {
    const table = this.overlay(merchantId)[resource];
    const deleted = table.accessor('deletedTime');
    const out: number[] = [];
    for (const pos of table.timeIndex('createdTime')?.scan(null, null, false) ?? []) {
      const isDeleted = deleted !== undefined && deleted(pos) !== null;
      if (isDeleted === (which === 'deleted')) out.push(pos);
    }
    return out;
  }

  /**
   * Every record of a resource the server holds now, oldest first (`createdTime`, then id),
   * deep-frozen; deleted orders are left out (see {@link deleted}). Each call materialises fresh
   * objects, so use it on test-sized datasets.
   */
  records(merchantId: string, resource: ResourceName): readonly MockRecord[] {
    this.catchUp();
    const table = this.table(merchantId, resource);
    return Object.freeze(
      this.positions(merchantId, resource, 'live').map((pos) => deepFreeze(table.record(pos))),
    );
  }

  /**
   * The deleted orders, oldest first by `createdTime`, each with its `deletedTime`.
   *
   * @example mock.store.deleted('MERCHANT00001', 'orders')[0]?.deletedTime
   */
  deleted(merchantId: string, resource: 'orders'): readonly MockRecord[] {
    this.catchUp();
    const table = this.table(merchantId, resource);
    return Object.freeze(
      this.positions(merchantId, resource, 'deleted').map((pos) => deepFreeze(table.record(pos))),
    );
  }

  /** One record the server holds by id, or undefined (also for a deleted order). */
  record(merchantId: string, resource: ResourceName, id: string): MockRecord | undefined {
    this.catchUp();
    const pos = this.livePosition(merchantId, resource, id);
    return pos < 0 ? undefined : deepFreeze(this.table(merchantId, resource).record(pos));
  }

  /** The position of a live record, or -1 (unknown, removed, or a deleted order). */
  private livePosition(merchantId: string, resource: ResourceName, id: string): number {
    const table = this.overlay(merchantId)[resource];
    const pos = table.findById(id);
    if (pos < 0) return -1;
    const deleted = table.accessor('deletedTime');
    return deleted !== undefined && deleted(pos) !== null ? -1 : pos;
  }

  private requirePosition(merchantId: string, resource: ResourceName, id: string): number {
    const pos = this.livePosition(merchantId, resource, id);
    if (pos < 0) {
      throw new MockError('NOT_FOUND', 'Not Found', { details: `${SINGULAR[resource]} not found` });
    }
    return pos;
  }

  private now(): number {
    if (this.writeTime !== null) return this.writeTime;
    const clock = this.options.clock;
    if (!clock) throw new TypeError('this store has no clock, so it cannot be written to');
    return clock.now();
  }

  private publish(ref: RecordRef, type: ChangeType) {
    this.options.changes?.publish({
      merchantId: ref.merchantId,
      objectId: OBJECT_PREFIX[ref.resource] + ref.id,
      type,
      ts: this.now(),
    });
  }

  /** A fresh id for the table: drawn from the rng, never one it holds. */
  private freshId(table: ResourceTable, rng: Prng): string {
    for (;;) {
      const id = encodeCloverId(rng.nextU32(), rng.nextU32());
      if (table.findById(id) < 0) return id;
    }
  }

  /**
   * Inserts a record: the fields given, checked against the catalogue, over a complete record
   * drawn deterministically from the merchant's pools (same seed and same sequence of inserts,
   * same records). `createdTime` defaults to virtual now. Publishes a `CREATE`.
   *
   * @example mock.store.insert('MERCHANT00001', 'orders', { note: 'table 4', total: 1250 })
   */
  insert(merchantId: string, resource: ResourceName, partial: MockRecord = {}): MockRecord {
    this.catchUp();
    const patch = checkPatch(resource, partial, { allowCreatedTime: true });
    const rng = new Prng(
      deriveSeed(this.currentSeed, merchantId, resource, `insert ${this.inserts++}`),
    );
    return this.insertWith({ merchantId, resource, patch, rng });
  }

  private insertWith(args: {
    merchantId: string;
    resource: ResourceName;
    patch: MockRecord;
    rng: Prng;
    lineItems?: readonly MockRecord[];
  }): MockRecord {
    const { merchantId, resource, patch, rng } = args;
    const m = this.merchantsById.get(merchantId);
    if (!m) throw new MockError('NOT_FOUND', `No merchant ${merchantId} in the mock`);
    const table = this.overlay(merchantId)[resource];
    const now = this.now();
    const parent = this.parentOf({ merchantId, resource, patch, rng });
    const base = newRecord({
      resource,
      id: this.freshId(table, rng),
      pools: m.pools,
      rng,
      now,
      ...(parent ? { parent } : {}),
    });
    const body = applyPatch(base, patch);
    const id = body.id as string;
    const lineItems =
      resource !== 'orders'
        ? null
        : (args.lineItems ?? []).map((item) => ({
            id: encodeCloverId(rng.nextU32(), rng.nextU32()),
            orderRef: { id },
            ...item,
            printed: false,
            createdTime: body.createdTime,
            isRevenue: true,
          }));
    table.put(table.count, { id, body, lineItems, gone: false });
    this.publish({ merchantId, resource, id }, 'CREATE');
    return this.record(merchantId, resource, id) as MockRecord;
  }

  /** The record a new payment or refund hangs off, when the patch does not name one. */
  private parentOf(args: {
    merchantId: string;
    resource: ResourceName;
    patch: MockRecord;
    rng: Prng;
  }): { id: string; orderId?: string; amount?: number } | undefined {
    const { merchantId, resource, patch, rng } = args;
    if (resource === 'orders') return undefined;
    const parentResource: ResourceName = resource === 'payments' ? 'orders' : 'payments';
    const named = (patch[resource === 'payments' ? 'order' : 'payment'] as { id?: unknown } | null)
      ?.id;
    const ids = this.positions(merchantId, parentResource, 'live');
    const table = this.table(merchantId, parentResource);
    let pos: number;
    if (typeof named === 'string') pos = this.livePosition(merchantId, parentResource, named);
    else if (ids.length > 0) pos = rng.pick(ids);
    else return undefined;
    if (pos < 0) return undefined;
    const r = table.record(pos);
    if (resource === 'payments') return { id: r.id as string, amount: r.total as number };
    const orderId = (r.order as { id?: string } | undefined)?.id;
    return {
      id: r.id as string,
      amount: r.amount as number,
      ...(orderId === undefined ? {} : { orderId }),
    };
  }

  /**
   * Changes fields of a live record and sets its `modifiedTime` to virtual now; a null value
   * removes a field. Throws `NOT_FOUND` for an unknown (or deleted) record and `BAD_REQUEST`
   * for a field that is unknown, read-only or of the wrong type. Publishes an `UPDATE`.
   *
   * @example mock.store.update('MERCHANT00001', 'orders', id, { state: 'locked' })
   */
  // biome-ignore lint/complexity/useMaxParams: the signature issue 11 gives tests, like insert's
  update(merchantId: string, resource: ResourceName, id: string, patch: MockRecord): MockRecord {
    this.catchUp();
    const checked = checkPatch(resource, patch, { allowCreatedTime: false });
    const pos = this.requirePosition(merchantId, resource, id);
    this.write({ merchantId, resource, pos }, (body) => applyPatch(body, checked));
    this.publish({ merchantId, resource, id }, 'UPDATE');
    return this.record(merchantId, resource, id) as MockRecord;
  }

  /**
   * Removes a record. An order is deleted as Clover deletes it: it leaves lists and GET by id
   * but keeps its data with `deletedTime` (and `modifiedTime`) set to virtual now, and a
   * `deletedTime` filter finds it; a payment or refund disappears outright. Throws `NOT_FOUND`
   * for an unknown or already deleted record. Publishes a `DELETE`; returns the record as it
   * was removed.
   *
   * @example mock.store.remove('MERCHANT00001', 'orders', id).deletedTime
   */
  remove(merchantId: string, resource: ResourceName, id: string): MockRecord {
    this.catchUp();
    const pos = this.requirePosition(merchantId, resource, id);
    const table = this.overlay(merchantId)[resource];
    if (resource === 'orders') {
      const now = this.now();
      this.write({ merchantId, resource, pos }, (body) =>
        applyPatch(body, { modifiedTime: now, deletedTime: now }),
      );
    } else {
      const row = table.row(pos);
      const body = row?.body ?? bodyOf(table.record(pos));
      table.put(pos, { id, body, lineItems: row?.lineItems ?? null, gone: true });
    }
    this.publish({ merchantId, resource, id }, 'DELETE');
    return deepFreeze(table.record(pos));
  }

  /** Rewrites the body of the record at `pos` (held in the overlay from now on). */
  private write(
    at: { merchantId: string; resource: ResourceName; pos: number },
    change: (body: MockRecord) => MockRecord,
    lineItems?: readonly MockRecord[],
  ): void {
    const { merchantId, resource, pos } = at;
    const table = this.overlay(merchantId)[resource];
    const row = table.row(pos);
    const body = change(row?.body ?? bodyOf(table.record(pos)));
    const stamped =
      resource === 'refunds' || 'deletedTime' in body
        ? body
        : applyPatch(body, { modifiedTime: this.now() });
    table.put(pos, {
      id: table.idOf(pos),
      body: stamped,
      lineItems: lineItems ?? row?.lineItems ?? null,
      gone: false,
    });
  }

  /**
   * The line items of a live order, as `GET /orders/{id}/line_items` lists them (every one, not
   * cut at 100).
   */
  lineItems(merchantId: string, orderId: string): readonly LineItemRecord[] {
    this.catchUp();
    const pos = this.requirePosition(merchantId, 'orders', orderId);
    return this.currentLineItems(merchantId, pos);
  }

  private currentLineItems(merchantId: string, pos: number): readonly LineItemRecord[] {
    const table = this.overlay(merchantId).orders;
    const held = table.row(pos)?.lineItems;
    if (held) return held;
    const r = table.baseRecord(pos, { expand: new Set(['lineItems']) });
    return (r.lineItems as { elements: LineItemRecord[] } | undefined)?.elements ?? [];
  }

  /**
   * Adds a line item to a live order (`name` and integer `price` in cents, or an `item`
   * reference) and bumps the order's `modifiedTime`. As on Clover, the order's `total` is not
   * recomputed: the app that adds items updates the total. Publishes an order `UPDATE`.
   */
  addLineItem(merchantId: string, orderId: string, input: unknown): LineItemRecord {
    this.catchUp();
    const item = checkLineItem(input);
    const pos = this.requirePosition(merchantId, 'orders', orderId);
    const items = this.currentLineItems(merchantId, pos);
    const rng = new Prng(
      deriveSeed(this.currentSeed, merchantId, 'lineItem', `insert ${this.inserts++}`),
    );
    let id = encodeCloverId(rng.nextU32(), rng.nextU32());
    while (items.some((i) => i.id === id)) id = encodeCloverId(rng.nextU32(), rng.nextU32());
    const created: Record<string, unknown> = { id, orderRef: { id: orderId } };
    if (item.item) created.item = { id: item.item.id };
    created.name = item.name ?? '';
    created.price = item.price;
    if (item.unitQty !== undefined) created.unitQty = item.unitQty;
    if (item.note !== undefined) created.note = item.note;
    created.printed = false;
    created.createdTime = this.now();
    created.isRevenue = item.isRevenue ?? true;
    this.write({ merchantId, resource: 'orders', pos }, (body) => body, [...items, created]);
    this.publish({ merchantId, resource: 'orders', id: orderId }, 'UPDATE');
    return deepFreeze(created);
  }

  /** Removes a line item from a live order; `NOT_FOUND` when the order or item is unknown. */
  removeLineItem(merchantId: string, orderId: string, lineItemId: string): void {
    this.catchUp();
    const pos = this.requirePosition(merchantId, 'orders', orderId);
    const items = this.currentLineItems(merchantId, pos);
    if (!items.some((i) => i.id === lineItemId)) {
      throw new MockError('NOT_FOUND', 'Not Found', { details: 'Line item not found' });
    }
    this.write(
      { merchantId, resource: 'orders', pos },
      (body) => body,
      items.filter((i) => i.id !== lineItemId),
    );
    this.publish({ merchantId, resource: 'orders', id: orderId }, 'UPDATE');
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

const LINE_ITEM_KEYS = ['name', 'price', 'note', 'unitQty', 'isRevenue', 'item'];

function badItem(message: string): MockError {
  return new MockError('BAD_REQUEST', message, { details: 'Bad Request' });
}

/** Checks a new line item's body; throws `BAD_REQUEST` naming the problem. */
export function checkLineItem(input: unknown): LineItemInput & { price: number } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw badItem('The body must be a JSON object with line item fields');
  }
  const v = input as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!LINE_ITEM_KEYS.includes(key)) throw badItem(`Unrecognized field "${key}" for line items`);
  }
  if (typeof v.price !== 'number' || !Number.isSafeInteger(v.price)) {
    throw badItem('Field price must be an integer number of cents');
  }
  if (v.name !== undefined && typeof v.name !== 'string')
    throw badItem('Field name must be a string');
  if (v.note !== undefined && typeof v.note !== 'string')
    throw badItem('Field note must be a string');
  if (v.isRevenue !== undefined && typeof v.isRevenue !== 'boolean') {
    throw badItem('Field isRevenue must be true or false');
  }
  if (
    v.unitQty !== undefined &&
    (typeof v.unitQty !== 'number' || !Number.isSafeInteger(v.unitQty))
  ) {
    throw badItem('Field unitQty must be an integer');
  }
  const item = v.item as { id?: unknown } | undefined;
  if (
    item !== undefined &&
    (item === null || typeof item !== 'object' || typeof item.id !== 'string')
  ) {
    throw badItem('Field item must be an object such as {"id": "..."}');
  }
  if (v.name === undefined && item === undefined)
    throw badItem('A line item needs a name or an item');
  return v as unknown as LineItemInput & { price: number };
}
