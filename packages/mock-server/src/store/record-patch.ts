import { fieldSpec, type ResourceName, resourceSpec } from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';
import type { MockRecord } from './resource-table.js';

/** Top-level keys a write may set, per resource (the rest are the server's). */
const WRITABLE: Readonly<Record<ResourceName, readonly string[]>> = {
  orders: [
    'currency',
    'employee',
    'total',
    'paymentState',
    'title',
    'note',
    'orderType',
    'taxRemoved',
    'isVat',
    'state',
    'manualTransaction',
    'groupLineItems',
    'testMode',
    'payType',
    'clientCreatedTime',
    'device',
    'customer',
    'cardTransaction',
  ],
  payments: [
    'order',
    'device',
    'tender',
    'amount',
    'tipAmount',
    'taxAmount',
    'cashTendered',
    'externalPaymentId',
    'employee',
    'clientCreatedTime',
    'offline',
    'result',
    'cardTransaction',
    'voidReason',
    'voidPaymentRef',
  ],
  refunds: [
    'orderRef',
    'device',
    'amount',
    'taxAmount',
    'tipAmount',
    'clientCreatedTime',
    'payment',
    'employee',
    'voided',
    'reason',
  ],
};

/** Keys only the server sets: a write naming one is refused rather than silently ignored. */
const READ_ONLY = ['id', 'href', 'createdTime', 'modifiedTime', 'deletedTime', 'lineItems'];

/** How a patch is checked. */
export interface PatchMode {
  /** Whether `createdTime` may be given (a programmatic insert may place a record in the past). */
  readonly allowCreatedTime: boolean;
}

function bad(message: string): MockError {
  return new MockError('BAD_REQUEST', message, { details: 'Bad Request' });
}

function checkValue(resource: ResourceName, name: string, value: unknown): void {
  if (value === null) return;
  const spec = fieldSpec(resource, name);
  if (!spec) return;
  switch (spec.type) {
    case 'time':
    case 'money':
    case 'number':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw bad(`Field ${name} must be an integer, got ${JSON.stringify(value)}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw bad(`Field ${name} must be true or false, got ${JSON.stringify(value)}`);
      }
      return;
    case 'enum': {
      const values = spec.values ?? [];
      if (typeof value !== 'string' || !values.includes(value)) {
        throw bad(
          `Field ${name} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`,
        );
      }
      return;
    }
    case 'string':
    case 'id':
      if (typeof value !== 'string') {
        throw bad(`Field ${name} must be a string, got ${JSON.stringify(value)}`);
      }
      return;
    default: {
      const never: never = spec.type;
      throw new TypeError(`unknown field type ${String(never)}`);
    }
  }
}

/**
 * Checks a write's body against the catalogue: an object, only writable keys, each catalogue
 * field of the right type (enums in their canonical spelling), nested references as objects.
 * Throws `BAD_REQUEST` naming the first offending key.
 *
 * @example checkPatch('orders', { note: 'x', total: 500 }, { allowCreatedTime: false })
 */
export function checkPatch(resource: ResourceName, patch: unknown, mode: PatchMode): MockRecord {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw bad(`The body must be a JSON object with ${resource} fields`);
  }
  const record = patch as Record<string, unknown>;
  const writable = WRITABLE[resource];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'createdTime' && mode.allowCreatedTime) {
      checkValue(resource, key, value);
      if (value === null) throw bad('Field createdTime cannot be null');
      continue;
    }
    if (READ_ONLY.includes(key)) throw bad(`Field ${key} is read-only`);
    if (!writable.includes(key)) throw bad(`Unrecognized field "${key}" for ${resource}`);
    const nested = resourceSpec(resource).fields.filter((f) =>
      (f.path ?? f.name).startsWith(`${key}.`),
    );
    if (nested.length > 0) {
      if (value === null) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw bad(`Field ${key} must be an object such as {"id": "..."}`);
      }
      for (const f of nested) {
        const sub = (f.path ?? f.name).slice(key.length + 1);
        if (sub.includes('.')) continue;
        checkValue(resource, f.name, (value as Record<string, unknown>)[sub] ?? null);
      }
    } else {
      checkValue(resource, key, value);
    }
  }
  return record;
}

/**
 * A record with a patch applied: keys keep their place, a null value removes the key (Clover
 * omits absent fields), new keys go last.
 *
 * @example applyPatch({ id: 'X', note: 'a' }, { note: null }) // { id: 'X' }
 */
export function applyPatch(record: MockRecord, patch: MockRecord): MockRecord {
  const out: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}
