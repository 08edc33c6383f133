/**
 * TypeScript types of the records each resource returns, for embedders: `run(compile('payments
 * where …'))` yields `Payment`s. They describe the catalogue's fields only (records carry more,
 * which stay reachable as `unknown` through the index signature) and are kept equal to the
 * catalogue by `records.test.ts`: every catalogue field is a property of its type at its path,
 * with its value type and nullability, and nothing else is.
 */
import type { ResourceName } from './catalogue.js';

/** Order states (`state`). */
export type OrderState = 'open' | 'locked' | 'paid';
/** Payment states of an order (`paymentState`). */
export type PaymentState =
  | 'OPEN'
  | 'PAID'
  | 'REFUNDED'
  | 'CREDITED'
  | 'PARTIALLY_PAID'
  | 'PARTIALLY_REFUNDED';
/** How an order's bill was split (`payType`). */
export type PayType = 'SPLIT_GUEST' | 'SPLIT_ITEM' | 'SPLIT_CUSTOM' | 'FULL';
/** Outcome of a payment (`result`). */
export type PaymentResult =
  | 'SUCCESS'
  | 'FAIL'
  | 'INITIATED'
  | 'VOIDED'
  | 'VOIDING'
  | 'VOID_FAILED'
  | 'AUTH'
  | 'AUTH_COMPLETED'
  | 'DISCOUNT'
  | 'OFFLINE_PENDING'
  | 'OFFLINE_PENDING_APPROVAL';
/** Card brands (`cardTransaction.cardType`). */
export type CardType =
  | 'VISA'
  | 'MC'
  | 'AMEX'
  | 'DISCOVER'
  | 'DINERS_CLUB'
  | 'JCB'
  | 'MAESTRO'
  | 'INTERAC'
  | 'UNKNOWN';
/** How a card was read (`cardTransaction.entryType`). */
export type CardEntryType = 'SWIPED' | 'KEYED' | 'EMV_CONTACT' | 'EMV_CONTACTLESS' | 'SCANNED';
/** Card transaction types (`cardTransaction.type`). */
export type CardTransactionType =
  | 'AUTH'
  | 'PREAUTH'
  | 'PREAUTH_CAPTURE'
  | 'ADJUST'
  | 'VOID'
  | 'REFUND';
/** Why a payment was voided (`voidReason`). */
export type VoidReason =
  | 'USER_CANCEL'
  | 'TRANSPORT_ERROR'
  | 'REJECT_SIGNATURE'
  | 'REJECT_PARTIAL_AUTH'
  | 'NOT_APPROVED'
  | 'FAILED'
  | 'AUTH_CLOSED_NEW_CARD'
  | 'DEVELOPER_PAY_PARTIAL_AUTH'
  | 'REJECT_DUPLICATE'
  | 'REJECT_OFFLINE'
  | 'GIFTCARD_LOAD_FAILED'
  | 'USER_GIFTCARD_LOAD_CANCEL'
  | 'DEVELOPER_PAY_TIP_ADJUST_FAILED'
  | 'USER_CUSTOMER_CANCEL'
  | 'FRAUD';

/** Properties a record carries beyond the catalogue's fields. */
interface Extra {
  readonly [property: string]: unknown;
}

/** An order (`GET /v3/merchants/{mId}/orders`); times in UTC ms, money in cents. */
export interface Order extends Extra {
  readonly id: string;
  readonly createdTime: number;
  readonly clientCreatedTime: number;
  readonly modifiedTime: number;
  readonly deletedTime?: number | null;
  readonly employee: { readonly id: string; readonly name?: string | null };
  readonly note?: string | null;
  readonly orderType?: { readonly id?: string | null } | null;
  readonly cardTransaction?: { readonly last4?: string | null } | null;
  readonly manualTransaction: boolean;
  readonly title?: string | null;
  readonly device?: { readonly id?: string | null } | null;
  readonly total: number;
  readonly payType?: PayType | null;
  readonly customer?: { readonly id?: string | null } | null;
  readonly testMode: boolean;
  readonly state?: OrderState | null;
  readonly currency: string;
  readonly paymentState?: PaymentState | null;
  readonly taxRemoved: boolean;
  readonly isVat: boolean;
  readonly groupLineItems: boolean;
}

/** A payment (`GET /v3/merchants/{mId}/payments`); times in UTC ms, money in cents. */
export interface Payment extends Extra {
  readonly id: string;
  readonly createdTime: number;
  readonly clientCreatedTime: number;
  readonly modifiedTime: number;
  readonly deletedTime?: number | null;
  readonly amount: number;
  readonly result: PaymentResult;
  readonly employee: { readonly id: string };
  readonly device?: { readonly id?: string | null } | null;
  readonly tender: { readonly id: string; readonly label: string };
  readonly externalPaymentId?: string | null;
  readonly offline: boolean;
  /** Absent for tenders other than cards. */
  readonly cardTransaction?: {
    readonly cardType?: CardType | null;
    readonly entryType?: CardEntryType | null;
    readonly type?: CardTransactionType | null;
    readonly last4?: string | null;
    readonly transactionNo?: string | null;
    readonly captured?: boolean | null;
  } | null;
  readonly order: { readonly id: string };
  readonly tipAmount?: number | null;
  readonly taxAmount?: number | null;
  readonly cashTendered?: number | null;
  readonly voidReason?: VoidReason | null;
  readonly voidPaymentRef?: { readonly id?: string | null } | null;
}

/** A refund (`GET /v3/merchants/{mId}/refunds`); times in UTC ms, money in cents. */
export interface Refund extends Extra {
  readonly id: string;
  readonly createdTime: number;
  readonly clientCreatedTime: number;
  readonly amount: number;
  readonly payment: { readonly id: string };
  readonly employee: { readonly id: string };
  readonly device?: { readonly id?: string | null } | null;
  readonly voided: boolean;
  readonly orderRef: { readonly id: string };
  readonly taxAmount?: number | null;
  readonly tipAmount?: number | null;
  readonly reason?: string | null;
}

/** The record type of each resource. */
export interface RecordTypes {
  readonly orders: Order;
  readonly payments: Payment;
  readonly refunds: Refund;
}

/**
 * The record type of resource `R`; for the whole `ResourceName` union (a plan whose resource is
 * not known at the type level) a plain object with an `id`.
 *
 * @example type P = RecordOf<'payments'>; // Payment
 */
export type RecordOf<R extends ResourceName> = ResourceName extends R
  ? Readonly<Record<string, unknown>> & { readonly id: string }
  : RecordTypes[R];
