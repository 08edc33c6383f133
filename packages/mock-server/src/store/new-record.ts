import type { ResourceName } from '@cloverql/dsl';
import type { MerchantPools } from '../data/pools.js';
import type { Prng } from '../random/prng.js';
import type { MockRecord } from './resource-table.js';

/** What filling a new record draws on. */
export interface NewRecordContext {
  readonly resource: ResourceName;
  readonly id: string;
  readonly pools: MerchantPools;
  readonly rng: Prng;
  /** Virtual now: the record's `createdTime`, `clientCreatedTime` and `modifiedTime`. */
  readonly now: number;
  /** A payment's order id, or a refund's payment (with its order and amount), when known. */
  readonly parent?: { readonly id: string; readonly orderId?: string; readonly amount?: number };
}

/**
 * A complete new record drawn from the merchant's pools, in the key order generated records
 * have: what an insert fills in before the caller's fields are applied over it.
 *
 * @example newRecord({ resource: 'orders', id, pools, rng, now }).state // 'open'
 */
export function newRecord(ctx: NewRecordContext): MockRecord {
  const { pools, rng, now } = ctx;
  const employee = rng.pick(pools.employees);
  const device = pools.devices.length > 0 ? rng.pick(pools.devices) : null;
  const r: Record<string, unknown> = { id: ctx.id };
  switch (ctx.resource) {
    case 'orders': {
      r.currency = pools.currency;
      r.employee = { id: employee.id, name: employee.name };
      r.total = 0;
      r.taxRemoved = false;
      r.isVat = false;
      r.state = 'open';
      r.manualTransaction = false;
      r.groupLineItems = false;
      r.testMode = false;
      r.createdTime = now;
      r.clientCreatedTime = now;
      r.modifiedTime = now;
      if (device !== null) r.device = { id: device };
      return r;
    }
    case 'payments': {
      const tender = rng.pick(pools.tenders);
      if (ctx.parent) r.order = { id: ctx.parent.id };
      if (device !== null) r.device = { id: device };
      r.tender = { id: tender.id, label: tender.label, labelKey: tender.labelKey };
      r.amount = ctx.parent?.amount ?? rng.int(100, 10_000);
      r.employee = { id: employee.id };
      r.createdTime = now;
      r.clientCreatedTime = now;
      r.modifiedTime = now;
      r.offline = false;
      r.result = 'SUCCESS';
      return r;
    }
    case 'refunds': {
      if (ctx.parent?.orderId !== undefined) r.orderRef = { id: ctx.parent.orderId };
      if (device !== null) r.device = { id: device };
      r.amount = ctx.parent?.amount ?? rng.int(100, 5_000);
      r.createdTime = now;
      r.clientCreatedTime = now;
      r.payment = { id: ctx.parent?.id ?? null };
      r.employee = { id: employee.id };
      r.voided = false;
      return r;
    }
    default: {
      const never: never = ctx.resource;
      throw new TypeError(`unknown resource ${String(never)}`);
    }
  }
}
