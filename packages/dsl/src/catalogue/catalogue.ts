/**
 * The field catalogue: every resource cloverql knows, its fields, their types and whether the
 * Clover server can filter on them. This is the single source of truth for the compiler (which
 * decides push-down vs client-side residual from it) and for the mock server (which answers
 * `X-Clover-Allowed-Filter-Fields` and validates `filter=` from it).
 *
 * Field `name`s are what users write in queries and what appears in `filter=`; `path` is where the
 * value lives in a record when it differs from the name (Clover filters orders on `orderType` but
 * the object carries `orderType: { id }`).
 */

/** The value type of a field, which decides the literals and operators a query may use with it. */
export type FieldType = 'time' | 'money' | 'number' | 'string' | 'enum' | 'boolean' | 'id';

/** One field of a resource. */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Whether Clover accepts this field in `filter=` (and lists it in the allowed-fields header). */
  readonly filterable: boolean;
  /** Whether records may carry `null` (or no value) for this field. */
  readonly nullable: boolean;
  /** Allowed values, canonical spelling, for `enum` fields. Comparisons are case-insensitive. */
  readonly values?: readonly string[];
  /** Dotted path of the value inside a record when it differs from `name`. */
  readonly path?: string;
  /** One line for docs and completion. */
  readonly doc: string;
  /**
   * Present (true) on time fields whose value never changes once the record exists: windows on
   * such a field can never see one record twice, so the client de-duplicates per window only.
   */
  readonly immutable?: true;
  /**
   * Present (true) on a time field that marks a record deleted (orders' `deletedTime`): Clover
   * returns deleted records only to requests that filter on it, so a query may use it only as a
   * top-level bound, and its plan windows on it.
   */
  readonly deletion?: true;
}

/** One REST resource. */
export interface ResourceSpec {
  readonly name: ResourceName;
  /** Path segment under `/v3/merchants/{mId}/`. */
  readonly segment: string;
  /** The Export API `type` when this resource can be exported, else null. */
  readonly exportType: 'ORDERS' | 'PAYMENTS' | null;
  /** Fields a plan may window on, in order of preference; the first is the default. */
  readonly timeFields: readonly string[];
  /**
   * Whether a request with no time filter at all only returns the most recent 90 days
   * (Clover API changelog, May 2023: true for orders and payments).
   */
  readonly clampWithoutTimeFilter: boolean;
  /**
   * For resources clamped only when certain filters are present (orders), the filter fields that
   * trigger the 90-day clamp; null means any time filter triggers it (payments, refunds).
   */
  readonly clampTriggers: readonly string[] | null;
  /**
   * A field whose null records the list endpoint hides unless a filter names the field (Clover's
   * `GET /orders` adds `stateIS NOT NULL`), or null.
   */
  readonly hiddenUnlessFiltered: string | null;
  /** Fields in the order Clover lists them in `X-Clover-Allowed-Filter-Fields`, then the rest. */
  readonly fields: readonly FieldSpec[];
}

export type ResourceName = 'orders' | 'payments' | 'refunds';

const FIELDS_BY_NAME = new WeakMap<ResourceSpec, ReadonlyMap<string, FieldSpec>>();

/**
 * The field of `resource` called `name`, or undefined. A map per resource, built on first use:
 * the compiler asks this for every literal at several steps, and a scan of the field list (with
 * its differently shaped specs) cost more than the rest of those steps.
 */
export function fieldNamed(resource: ResourceSpec, name: string): FieldSpec | undefined {
  // The last resource's map is kept at hand: a compile asks about one resource many times, and
  // the WeakMap lookup was most of this function's cost.
  if (resource === lastResource) return lastByName.get(name);
  let byName = FIELDS_BY_NAME.get(resource);
  if (byName === undefined) {
    byName = new Map(resource.fields.map((f) => [f.name, f]));
    FIELDS_BY_NAME.set(resource, byName);
  }
  lastResource = resource;
  lastByName = byName;
  return byName.get(name);
}

const DELETION_TIME_FIELDS = new WeakMap<ResourceSpec, readonly string[]>();

/**
 * The time fields of `resource` that mark a record deleted (orders' `deletedTime`), in
 * `timeFields` order; empty for most resources. Found once per resource: the compiler asks on
 * every compile, and scanning every field each time cost more than the answer.
 */
export function deletionTimeFields(resource: ResourceSpec): readonly string[] {
  let fields = DELETION_TIME_FIELDS.get(resource);
  if (fields === undefined) {
    fields = Object.freeze(resource.timeFields.filter((t) => fieldNamed(resource, t)?.deletion));
    DELETION_TIME_FIELDS.set(resource, fields);
  }
  return fields;
}

let lastResource: ResourceSpec | undefined;
let lastByName: ReadonlyMap<string, FieldSpec> = new Map();

const f = (
  name: string,
  type: FieldType,
  opts: {
    filterable: boolean;
    nullable?: boolean;
    values?: readonly string[];
    path?: string;
    doc: string;
    immutable?: true;
    deletion?: true;
  },
): FieldSpec => ({
  name,
  type,
  filterable: opts.filterable,
  nullable: opts.nullable ?? false,
  ...(opts.values ? { values: opts.values } : {}),
  ...(opts.path ? { path: opts.path } : {}),
  doc: opts.doc,
  ...(opts.immutable ? { immutable: true } : {}),
  ...(opts.deletion ? { deletion: true } : {}),
});

const ORDER_STATES = ['open', 'locked', 'paid'] as const;
const PAYMENT_STATES = [
  'OPEN',
  'PAID',
  'REFUNDED',
  'CREDITED',
  'PARTIALLY_PAID',
  'PARTIALLY_REFUNDED',
] as const;
const PAY_TYPES = ['SPLIT_GUEST', 'SPLIT_ITEM', 'SPLIT_CUSTOM', 'FULL'] as const;
const PAYMENT_RESULTS = [
  'SUCCESS',
  'FAIL',
  'INITIATED',
  'VOIDED',
  'VOIDING',
  'VOID_FAILED',
  'AUTH',
  'AUTH_COMPLETED',
  'DISCOUNT',
  'OFFLINE_PENDING',
  'OFFLINE_PENDING_APPROVAL',
] as const;
const CARD_TYPES = [
  'VISA',
  'MC',
  'AMEX',
  'DISCOVER',
  'DINERS_CLUB',
  'JCB',
  'MAESTRO',
  'INTERAC',
  'UNKNOWN',
] as const;
const CARD_ENTRY_TYPES = ['SWIPED', 'KEYED', 'EMV_CONTACT', 'EMV_CONTACTLESS', 'SCANNED'] as const;
const CARD_TX_TYPES = ['AUTH', 'PREAUTH', 'PREAUTH_CAPTURE', 'ADJUST', 'VOID', 'REFUND'] as const;
const VOID_REASONS = [
  'USER_CANCEL',
  'TRANSPORT_ERROR',
  'REJECT_SIGNATURE',
  'REJECT_PARTIAL_AUTH',
  'NOT_APPROVED',
  'FAILED',
  'AUTH_CLOSED_NEW_CARD',
  'DEVELOPER_PAY_PARTIAL_AUTH',
  'REJECT_DUPLICATE',
  'REJECT_OFFLINE',
  'GIFTCARD_LOAD_FAILED',
  'USER_GIFTCARD_LOAD_CANCEL',
  'DEVELOPER_PAY_TIP_ADJUST_FAILED',
  'USER_CUSTOMER_CANCEL',
  'FRAUD',
] as const;

const timeTriple = (what: string): FieldSpec[] => [
  f('createdTime', 'time', {
    immutable: true,
    filterable: true,
    doc: `When the ${what} was created on the server (UTC ms).`,
  }),
  f('clientCreatedTime', 'time', {
    immutable: true,
    filterable: true,
    doc: `When the ${what} was created on the device (UTC ms).`,
  }),
  f('modifiedTime', 'time', { filterable: true, doc: `When the ${what} last changed (UTC ms).` }),
];

/** Orders: `/v3/merchants/{mId}/orders`. Header order copied from a real Clover response. */
const ORDERS: ResourceSpec = {
  name: 'orders',
  segment: 'orders',
  exportType: 'ORDERS',
  // deletedTime last: a query windows on it only when it bounds deletedTime and no other time.
  timeFields: ['createdTime', 'clientCreatedTime', 'modifiedTime', 'deletedTime'],
  clampWithoutTimeFilter: true,
  clampTriggers: [
    'deletedTime',
    'externalReferenceId',
    'createdTime',
    'total',
    'payType',
    'title',
    'note',
    'state',
    'manualTransaction',
    'cardTransaction.last4',
    'testMode',
    'touched',
  ],
  hiddenUnlessFiltered: 'state',
  fields: [
    f('employee.id', 'id', { filterable: true, doc: 'Employee who opened the order.' }),
    f('note', 'string', { filterable: true, nullable: true, doc: 'Free-text note.' }),
    f('modifiedTime', 'time', { filterable: true, doc: 'When the order last changed (UTC ms).' }),
    f('orderType', 'id', {
      filterable: true,
      nullable: true,
      path: 'orderType.id',
      doc: 'Order type id (dine in, take out, ...).',
    }),
    f('cardTransaction.last4', 'string', {
      filterable: true,
      nullable: true,
      doc: 'Last four digits of the card that paid the order.',
    }),
    f('manualTransaction', 'boolean', { filterable: true, doc: 'Keyed in by hand.' }),
    f('employee.name', 'string', { filterable: true, nullable: true, doc: 'Employee name.' }),
    f('title', 'string', { filterable: true, nullable: true, doc: 'Order title.' }),
    f('device.id', 'id', { filterable: true, nullable: true, doc: 'Device the order came from.' }),
    f('clientCreatedTime', 'time', {
      immutable: true,
      filterable: true,
      doc: 'When the order was created on the device (UTC ms).',
    }),
    f('total', 'money', { filterable: true, doc: 'Order total in cents.' }),
    f('payType', 'enum', {
      filterable: true,
      nullable: true,
      values: PAY_TYPES,
      doc: 'How the bill was split.',
    }),
    f('customer.id', 'id', { filterable: true, nullable: true, doc: 'Customer on the order.' }),
    f('testMode', 'boolean', { filterable: true, doc: 'Created in test mode.' }),
    f('createdTime', 'time', {
      immutable: true,
      filterable: true,
      doc: 'When the order was created (UTC ms).',
    }),
    f('id', 'id', { filterable: true, doc: '13-character order id.' }),
    f('state', 'enum', {
      filterable: true,
      nullable: true,
      values: ORDER_STATES,
      doc: 'Order state; orders with no state are hidden unless a filter names state.',
    }),
    f('deletedTime', 'time', {
      filterable: true,
      nullable: true,
      deletion: true,
      doc: 'When the order was deleted (UTC ms), null if not.',
    }),
    f('currency', 'string', { filterable: false, doc: 'ISO currency code.' }),
    f('paymentState', 'enum', {
      filterable: false,
      nullable: true,
      values: PAYMENT_STATES,
      doc: 'Payment state of the order.',
    }),
    f('taxRemoved', 'boolean', { filterable: false, doc: 'Tax removed from the order.' }),
    f('isVat', 'boolean', { filterable: false, doc: 'VAT-inclusive pricing.' }),
    f('groupLineItems', 'boolean', { filterable: false, doc: 'Line items grouped on receipts.' }),
  ],
};

/**
 * Payments: `/v3/merchants/{mId}/payments`. Fields Clover removed from payment filters in May
 * 2023 are marked not filterable, so the compiler keeps them client-side.
 */
const PAYMENTS: ResourceSpec = {
  name: 'payments',
  segment: 'payments',
  exportType: 'PAYMENTS',
  timeFields: ['createdTime', 'clientCreatedTime', 'modifiedTime'],
  clampWithoutTimeFilter: true,
  clampTriggers: null,
  hiddenUnlessFiltered: null,
  fields: [
    f('id', 'id', { filterable: true, doc: '13-character payment id.' }),
    ...timeTriple('payment'),
    f('amount', 'money', { filterable: true, doc: 'Amount in cents, tip and tax included.' }),
    f('result', 'enum', {
      filterable: true,
      values: PAYMENT_RESULTS,
      doc: 'Outcome of the payment.',
    }),
    f('employee.id', 'id', { filterable: true, doc: 'Employee who took the payment.' }),
    f('device.id', 'id', { filterable: true, nullable: true, doc: 'Device that took it.' }),
    f('tender.id', 'id', { filterable: true, doc: 'Tender id.' }),
    f('externalPaymentId', 'string', {
      filterable: true,
      nullable: true,
      doc: 'Id given by an external payment app.',
    }),
    f('offline', 'boolean', { filterable: true, doc: 'Taken while offline.' }),
    f('cardTransaction.cardType', 'enum', {
      filterable: true,
      nullable: true,
      values: CARD_TYPES,
      doc: 'Card brand, null for non-card tenders.',
    }),
    f('cardTransaction.entryType', 'enum', {
      filterable: true,
      nullable: true,
      values: CARD_ENTRY_TYPES,
      doc: 'How the card was read.',
    }),
    f('cardTransaction.type', 'enum', {
      filterable: true,
      nullable: true,
      values: CARD_TX_TYPES,
      doc: 'Card transaction type.',
    }),
    f('tender.label', 'string', {
      filterable: false,
      doc: 'Tender name, e.g. Cash or Credit Card.',
    }),
    f('order.id', 'id', { filterable: false, doc: 'Order the payment belongs to.' }),
    f('tipAmount', 'money', { filterable: false, nullable: true, doc: 'Tip in cents.' }),
    f('taxAmount', 'money', { filterable: false, nullable: true, doc: 'Tax in cents.' }),
    f('cashTendered', 'money', {
      filterable: false,
      nullable: true,
      doc: 'Cash handed over, cash tenders only.',
    }),
    f('cardTransaction.last4', 'string', {
      filterable: false,
      nullable: true,
      doc: 'Last four digits of the card.',
    }),
    f('cardTransaction.transactionNo', 'string', {
      filterable: false,
      nullable: true,
      doc: 'Processor transaction number.',
    }),
    f('cardTransaction.captured', 'boolean', {
      filterable: false,
      nullable: true,
      doc: 'Whether the authorisation was captured.',
    }),
    f('voidReason', 'enum', {
      filterable: false,
      nullable: true,
      values: VOID_REASONS,
      doc: 'Why the payment was voided.',
    }),
    f('voidPaymentRef.id', 'id', {
      filterable: false,
      nullable: true,
      doc: 'The void that cancelled this payment.',
    }),
    f('deletedTime', 'time', {
      filterable: false,
      nullable: true,
      doc: 'When the payment was deleted (UTC ms).',
    }),
  ],
};

/** Refunds: `/v3/merchants/{mId}/refunds`. */
const REFUNDS: ResourceSpec = {
  name: 'refunds',
  segment: 'refunds',
  exportType: null,
  timeFields: ['createdTime', 'clientCreatedTime'],
  clampWithoutTimeFilter: false,
  clampTriggers: null,
  hiddenUnlessFiltered: null,
  fields: [
    f('id', 'id', { filterable: true, doc: '13-character refund id.' }),
    f('createdTime', 'time', {
      immutable: true,
      filterable: true,
      doc: 'When the refund was created (UTC ms).',
    }),
    f('clientCreatedTime', 'time', {
      immutable: true,
      filterable: true,
      doc: 'When the refund was created on the device (UTC ms).',
    }),
    f('amount', 'money', { filterable: true, doc: 'Refunded amount in cents.' }),
    f('payment.id', 'id', { filterable: true, doc: 'Payment that was refunded.' }),
    f('employee.id', 'id', { filterable: true, doc: 'Employee who made the refund.' }),
    f('device.id', 'id', { filterable: true, nullable: true, doc: 'Device used.' }),
    f('voided', 'boolean', { filterable: true, doc: 'Whether the refund was voided.' }),
    f('orderRef.id', 'id', { filterable: false, doc: 'Order of the refunded payment.' }),
    f('taxAmount', 'money', { filterable: false, nullable: true, doc: 'Refunded tax in cents.' }),
    f('tipAmount', 'money', { filterable: false, nullable: true, doc: 'Refunded tip in cents.' }),
    f('reason', 'string', { filterable: false, nullable: true, doc: 'Free-text reason.' }),
  ],
};

/** Every resource, by name. */
export const CATALOGUE: Readonly<Record<ResourceName, ResourceSpec>> = Object.freeze({
  orders: ORDERS,
  payments: PAYMENTS,
  refunds: REFUNDS,
});

/** Resource names in a stable order. */
export const RESOURCE_NAMES: readonly ResourceName[] = ['orders', 'payments', 'refunds'];

// Clover's regions, here too so that the CLI's start-up can read them without the compiler.
export { REGIONS } from '../limits/clover-limits.js';
export { EXPORT_REGIONS } from '../limits/export-hours.js';
