import { isActive, type MerchantActivity } from '../activity/activity-events.js';
import { MockError } from '../errors/mock-error.js';
import { type FaultConfig, resolveFaults } from '../faults/fault-config.js';
import { MOCK_DEFAULTS } from './defaults.js';
import type { MerchantOptions, MockAppOptions, MockRegion } from './mock-options.js';
import { numberOption, timeOption } from './validate.js';

/** A merchant with every default filled in and times as UTC ms. */
export interface ResolvedMerchant {
  readonly id: string;
  readonly token: string;
  readonly orders: number;
  readonly payments: number;
  readonly refunds: number;
  readonly from: number;
  readonly to: number;
  /** Living-merchant activity; absent when every rate is 0 (the default). */
  readonly activity?: MerchantActivity;
}

/** Limits with defaults filled in; 0 means off for the four rate limits. */
export interface ResolvedLimits {
  readonly rateLimitPerSecond: number;
  readonly appRateLimitPerSecond: number;
  readonly maxConcurrentPerToken: number;
  readonly maxConcurrentPerApp: number;
  readonly maxConcurrentExports: number;
  readonly exportDurationMs: number;
  readonly exportPendingMs: number;
  readonly maxBodyBytes: number;
}

/** All options, validated, with defaults filled in. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly region: MockRegion;
  readonly adminToken: string | null;
  readonly acceptQueryToken: boolean;
  readonly merchants: readonly ResolvedMerchant[];
  readonly clockStart: number;
  readonly clockFrozen: boolean;
  readonly limits: ResolvedLimits;
  readonly faults: FaultConfig;
}

/** Most records one table may hold (ids and links are 32-bit). */
export const MAX_RECORDS = 20_000_000;

const REGIONS: readonly MockRegion[] = ['us', 'eu', 'sandbox'];

function resolveLimits(options: MockAppOptions): ResolvedLimits {
  const l = options.limits ?? {};
  const d = MOCK_DEFAULTS.limits;
  const on = l.rateLimits !== false;
  const count = (name: keyof typeof l & keyof typeof d, fallback: number) =>
    numberOption(`limits.${name}`, l[name], { min: 0, integer: true, fallback });
  const duration = numberOption('limits.exportDurationMs', l.exportDurationMs, {
    min: 0,
    fallback: d.exportDurationMs,
  });
  const pending = numberOption('limits.exportPendingMs', l.exportPendingMs, {
    min: 0,
    max: duration,
    fallback: Math.floor(duration * d.exportPendingFraction),
  });
  return {
    rateLimitPerSecond: on ? count('rateLimitPerSecond', d.rateLimitPerSecond) : 0,
    appRateLimitPerSecond: on ? count('appRateLimitPerSecond', d.appRateLimitPerSecond) : 0,
    maxConcurrentPerToken: on ? count('maxConcurrentPerToken', d.maxConcurrentPerToken) : 0,
    maxConcurrentPerApp: on ? count('maxConcurrentPerApp', d.maxConcurrentPerApp) : 0,
    maxConcurrentExports: numberOption('limits.maxConcurrentExports', l.maxConcurrentExports, {
      min: 1,
      integer: true,
      fallback: d.maxConcurrentExports,
    }),
    exportDurationMs: duration,
    exportPendingMs: pending,
    maxBodyBytes: numberOption('limits.maxBodyBytes', l.maxBodyBytes, {
      min: 1,
      integer: true,
      fallback: d.maxBodyBytes,
    }),
  };
}

const ACTIVITY_KEYS = [
  'ordersPerDay',
  'paymentsPerDay',
  'refundsPerDay',
  'updatesPerDay',
  'deletesPerDay',
] as const;

/** Activity rates: each a finite number >= 0 (default 0); unknown keys are an error. */
export function resolveActivity(value: unknown, where: string): MerchantActivity {
  if (
    value !== undefined &&
    (value === null || typeof value !== 'object' || Array.isArray(value))
  ) {
    throw new MockError('INVALID_OPTIONS', `${where} must be an object of rates per day`);
  }
  const given = (value ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(ACTIVITY_KEYS as readonly string[]).includes(key)) {
      throw new MockError(
        'INVALID_OPTIONS',
        `${where}.${key} is not an activity rate (use ${ACTIVITY_KEYS.join(', ')})`,
      );
    }
  }
  const rate = (key: (typeof ACTIVITY_KEYS)[number]) =>
    numberOption(`${where}.${key}`, given[key], { min: 0, max: 1_000_000, fallback: 0 });
  return {
    ordersPerDay: rate('ordersPerDay'),
    paymentsPerDay: rate('paymentsPerDay'),
    refundsPerDay: rate('refundsPerDay'),
    updatesPerDay: rate('updatesPerDay'),
    deletesPerDay: rate('deletesPerDay'),
  };
}

function resolveMerchants(options: MockAppOptions, clockStart: number): ResolvedMerchant[] {
  const given: readonly MerchantOptions[] = options.merchants ?? [MOCK_DEFAULTS.merchant];
  const d = MOCK_DEFAULTS.merchant;
  const ids = new Set<string>();
  const tokens = new Set<string>();
  return given.map((m, i) => {
    const where = `merchants[${i}]`;
    if (typeof m.id !== 'string' || m.id.length === 0 || !/^[\x21-\x7e]+$/.test(m.id)) {
      throw new MockError('INVALID_OPTIONS', `${where}.id must be a non-empty printable string`);
    }
    if (typeof m.token !== 'string' || m.token.length === 0 || !/^[\x21-\x7e]+$/.test(m.token)) {
      throw new MockError('INVALID_OPTIONS', `${where}.token must be a non-empty printable string`);
    }
    if (ids.has(m.id)) throw new MockError('INVALID_OPTIONS', `duplicate merchant id ${m.id}`);
    if (tokens.has(m.token)) throw new MockError('INVALID_OPTIONS', `${where}.token is not unique`);
    ids.add(m.id);
    tokens.add(m.token);
    const size = (name: 'orders' | 'payments' | 'refunds') =>
      numberOption(`${where}.${name}`, m[name], {
        min: 0,
        max: MAX_RECORDS,
        integer: true,
        fallback: d[name],
      });
    const to = timeOption(`${where}.to`, m.to, clockStart);
    const from = timeOption(`${where}.from`, m.from, to - MOCK_DEFAULTS.spanMs);
    if (from > to) throw new MockError('INVALID_OPTIONS', `${where}.from is after its to`);
    const activity = resolveActivity(m.activity, `${where}.activity`);
    return {
      id: m.id,
      token: m.token,
      orders: size('orders'),
      payments: size('payments'),
      refunds: size('refunds'),
      from,
      to,
      ...(isActive(activity) ? { activity } : {}),
    };
  });
}

/**
 * Validates options and fills in every default. `wallNow` is read only when no clock start is
 * given. Throws `MockError('INVALID_OPTIONS')` naming the first bad option.
 *
 * @example resolveOptions({ seed: 7 }, () => Date.UTC(2024, 5, 1)).merchants[0].to
 */
export function resolveOptions(options: MockAppOptions, wallNow: () => number): ResolvedOptions {
  const seed = numberOption('seed', options.seed, {
    integer: true,
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    fallback: MOCK_DEFAULTS.seed,
  });
  const region = options.region ?? MOCK_DEFAULTS.region;
  if (!REGIONS.includes(region)) {
    throw new MockError('INVALID_OPTIONS', `region must be one of ${REGIONS.join(', ')}`);
  }
  const adminToken = options.adminToken ?? null;
  if (adminToken !== null && (typeof adminToken !== 'string' || adminToken.length === 0)) {
    throw new MockError('INVALID_OPTIONS', 'adminToken must be a non-empty string');
  }
  const clockStart =
    options.clock?.start === undefined
      ? Math.floor(wallNow())
      : timeOption('clock.start', options.clock.start, 0);
  return {
    seed,
    region,
    adminToken,
    acceptQueryToken: options.acceptQueryToken ?? MOCK_DEFAULTS.acceptQueryToken,
    merchants: resolveMerchants(options, clockStart),
    clockStart,
    clockFrozen: options.clock?.frozen ?? false,
    limits: resolveLimits(options),
    faults: resolveFaults(options.faults),
  };
}
