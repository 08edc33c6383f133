/**
 * The mocks the conformance cases run against: small seeded datasets with explicit `from`/`to`
 * on a frozen virtual clock, so the dates of the Clover examples (`{date1}` = Jan 1, 2024) mean something, and
 * "pin" merchants whose every record sits on one chosen instant, so each edge of a window is
 * checked on a record lying exactly on it. Rate limits are off unless a case is about them.
 *
 * Durations are written out here from the words of the Clover documentation rather than imported from the
 * packages under test, so a wrong constant there fails a case here.
 */
import type {
  LimitOptions,
  MerchantOptions,
  MockAppOptions,
  MockRegion,
} from '@cloverql/mock-server';
import type { RequestOptions } from './conformance-case.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** the Clover docs page "Apply filters to API requests": "the server returns a maximum of 90 days of data". */
export const NINETY_DAYS = 90 * DAY;
/** the Clover docs page "Export merchant data": "The maximum time range is 30 days". */
export const THIRTY_DAYS = 30 * DAY;
/** the Clover docs page "Export merchant data": "Deletes exported files after 24 hours". */
export const TWENTY_FOUR_HOURS = 24 * HOUR;

/** UTC ms of an ISO date (`2024-01-01`) or a UTC date-time (`2024-06-01T12:00Z`). */
export function utc(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || (iso.includes('T') && !iso.endsWith('Z'))) {
    throw new TypeError(`not a UTC date: ${iso}`);
  }
  return ms;
}

/** The virtual now of every mock: Saturday, June 1, 2024, 12:00 UTC. */
export const NOW = utc('2024-06-01T12:00Z');
/** the Clover docs page "Apply filters to API requests": "In these examples, {date1} is Jan 1, 2024." (midnight UTC, in ms) */
export const DATE1 = utc('2024-01-01');
/** A second date for the seed's date-range requests, 31 days after {date1}. */
export const DATE2 = utc('2024-02-01');
/** `{date1}` + 90 days: the first instant after "Mar 30, 2024". */
export const MAR_31_2024 = utc('2024-03-31');
/** `{date1}` - 90 days: "Oct 3, 2023". */
export const OCT_3_2023 = utc('2023-10-03');
/** A `{future date}`: 30 days after now. */
export const FUTURE = NOW + 30 * DAY;

const noRateLimits: LimitOptions = { rateLimits: false };

/** `Authorization: Bearer <token>`. */
export function bearer(token: string): RequestOptions {
  return { headers: { Authorization: `Bearer ${token}` } };
}

/** `/v3/merchants/{merchant}` + `path`. */
export function api(merchant: string, path: string): string {
  return `/v3/merchants/${merchant}${path}`;
}

/** A query string of `filter=` parameters (each encoded), then any extra `name=value` pairs. */
export function query(filters: readonly string[], extra: readonly string[] = []): string {
  return [...filters.map((f) => `filter=${encodeURIComponent(f)}`), ...extra].join('&');
}

/** A merchant of a setup: its id and token. */
export interface Merchant {
  readonly id: string;
  readonly token: string;
}

/** Two months of recent trade, inside the last 90 days, for the filter cases. */
export const RECENT: Merchant = { id: 'MERCHANTRCNT1', token: 'recent-token' };
/** A year of trade up to now, for the 90-day cases. */
export const YEAR: Merchant = { id: 'MERCHANTYEAR1', token: 'year-token' };
/** 75 days of dense trade, for the Export API cases. */
export const EXPORTER: Merchant = { id: 'MERCHANTEXPT1', token: 'export-token' };
/** A second merchant, for cases about one merchant's token or exports against another's. */
export const OTHER: Merchant = { id: 'MERCHANTOTHR1', token: 'other-token' };

/** The first instant of the {@link YEAR} dataset. */
export const YEAR_FROM = utc('2023-06-01');

/** The instants pin merchants sit on; each pin's order, payment and refund lie exactly there. */
export const PINS = {
  'date1 - 1ms': DATE1 - 1,
  date1: DATE1,
  'date1 + 1ms': DATE1 + 1,
  'date2 - 1ms': DATE2 - 1,
  date2: DATE2,
  'date2 + 1ms': DATE2 + 1,
  'Mar 31, 2024 - 1ms': MAR_31_2024 - 1,
  'Mar 31, 2024': MAR_31_2024,
  'Oct 3, 2023 - 1ms': OCT_3_2023 - 1,
  'Oct 3, 2023': OCT_3_2023,
  'now - 90 days - 1ms': NOW - NINETY_DAYS - 1,
  'now - 90 days': NOW - NINETY_DAYS,
  now: NOW,
  'now + 1ms': NOW + 1,
} as const;
export type PinName = keyof typeof PINS;

/** The merchant whose records all sit on the pin's instant. */
export function pin(name: PinName): Merchant {
  const key = name
    .replace(/ \+ /g, '-plus-')
    .replace(/ - /g, '-minus-')
    .replace(/[^a-zA-Z0-9]+/g, '-');
  return { id: `PIN-${key}`, token: `pin-token-${key}` };
}

function pinMerchants(): MerchantOptions[] {
  return (Object.keys(PINS) as PinName[]).map((name) => ({
    ...pin(name),
    orders: 1,
    payments: 1,
    refunds: 1,
    from: PINS[name],
    to: PINS[name],
  }));
}

const base = (merchants: readonly MerchantOptions[]): MockAppOptions => ({
  seed: 20240101,
  region: 'sandbox',
  clock: { start: NOW, frozen: true },
  limits: noRateLimits,
  merchants,
});

/** {@link RECENT}: 600 orders and payments, 100 refunds between 60 days and 1 day ago. */
export const recentSetup: MockAppOptions = base([
  {
    ...RECENT,
    orders: 600,
    payments: 600,
    refunds: 100,
    from: NOW - 60 * DAY,
    to: NOW - DAY,
  },
]);

/** {@link YEAR} (1500 orders and payments, 300 refunds from June 1, 2023 to now) and the pins. */
export const yearSetup: MockAppOptions = base([
  { ...YEAR, orders: 1500, payments: 1500, refunds: 300, from: YEAR_FROM, to: NOW },
  ...pinMerchants(),
]);

/** A setup with {@link RECENT} and {@link OTHER}, and options (limits, admin token) on top. */
export function twoMerchantSetup(extra: Partial<MockAppOptions> = {}): MockAppOptions {
  return {
    ...base([
      { ...RECENT, orders: 300, payments: 300, refunds: 50, from: NOW - 60 * DAY, to: NOW - DAY },
      { ...OTHER, orders: 50, payments: 50, refunds: 5, from: NOW - 60 * DAY, to: NOW - DAY },
    ]),
    ...extra,
    limits: { ...noRateLimits, ...extra.limits },
  };
}

/** The first instant of the {@link EXPORTER} dataset. */
export const EXPORT_FROM = NOW - 75 * DAY;
/** The last instant of the {@link EXPORTER} dataset. */
export const EXPORT_TO = NOW - HOUR;

/**
 * {@link EXPORTER} (6000 orders, 2000 payments over 75 days) and {@link OTHER}, in `region`;
 * exports take 10 s of virtual time, the first fifth PENDING, unless `limits` say otherwise.
 */
export function exportSetup(
  options: { readonly region?: MockRegion; readonly limits?: LimitOptions } = {},
): MockAppOptions {
  const duration = options.limits?.exportDurationMs ?? 10_000;
  return {
    ...base([
      { ...EXPORTER, orders: 6000, payments: 2000, refunds: 0, from: EXPORT_FROM, to: EXPORT_TO },
      { ...OTHER, orders: 20, payments: 20, refunds: 0, from: EXPORT_FROM, to: EXPORT_TO },
    ]),
    region: options.region ?? 'sandbox',
    limits: {
      ...noRateLimits,
      exportDurationMs: duration,
      exportPendingMs: Math.floor(duration / 5),
      ...options.limits,
    },
  };
}
