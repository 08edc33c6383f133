/**
 * Clover's documented limits, as named constants. Compiler, mock server and client all read them
 * from here so the three can never disagree.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Time filters on clamped endpoints return at most this many days ("Apply filters", 2025). */
export const CLAMP_DAYS = 90;
export const CLAMP_MS = CLAMP_DAYS * DAY_MS;

/** Export API: the maximum time range of one export. */
export const EXPORT_MAX_DAYS = 30;
export const EXPORT_MAX_MS = EXPORT_MAX_DAYS * DAY_MS;
/** Export API: objects per file. */
export const EXPORT_FILE_OBJECTS = 1000;
/** Export API: how long files stay downloadable after the export is done. */
export const EXPORT_TTL_MS = 24 * HOUR_MS;

/** Paging ("Add pagination requests"): default and hard maximum of `limit`. */
export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 1000;
/** Nested lists (line items, an order's payments) are cut at this many items. */
export const NESTED_LIST_MAX = 100;
/** Clover suggests at most this many values in one `in (...)` filter. */
export const IN_LIST_MAX = 100;

/** "API usage and rate limits": requests per second and concurrent requests. */
export const RATE_LIMITS = Object.freeze({
  tokenPerSecond: 16,
  appPerSecond: 50,
  tokenConcurrent: 5,
  appConcurrent: 10,
});

/** Clover's API regions: the one list every package (options, flags, the mock) checks against. */
export const REGIONS = Object.freeze(['us', 'ca', 'eu', 'la', 'sandbox'] as const);

export type Region = (typeof REGIONS)[number];

/** Clover's API hosts by region. */
export const REGION_BASE_URLS = Object.freeze({
  us: 'https://api.clover.com',
  ca: 'https://api.clover.com',
  eu: 'https://api.eu.clover.com',
  la: 'https://api.la.clover.com',
  sandbox: 'https://apisandbox.dev.clover.com',
} as const satisfies Record<Region, string>);
