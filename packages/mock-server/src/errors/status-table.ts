import type { MockErrorCode } from './mock-error.js';

/**
 * The HTTP status of every {@link MockErrorCode}: the one place statuses are decided. The
 * `satisfies` clause makes a new code fail to compile until it has a status here.
 */
export const STATUS_BY_CODE = {
  INVALID_OPTIONS: 500,
  INVALID_ARGUMENT: 400,
  UNKNOWN_FILTER_FIELD: 400,
  BAD_FILTER_OPERATOR: 400,
  BAD_FILTER_VALUE: 400,
  BAD_PAGING: 400,
  BAD_ORDER_BY: 400,
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  BAD_EXPORT_REQUEST: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  GONE: 410,
  RATE_LIMITED: 429,
  EXPORT_LIMIT_REACHED: 503,
  EXPORT_OUTSIDE_HOURS: 503,
  NOT_STARTED: 500,
  INTERNAL: 500,
} as const satisfies Record<MockErrorCode, number>;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The HTTP status for an error code. */
export function statusOf(code: MockErrorCode): number {
  return STATUS_BY_CODE[code];
}

/**
 * The standard reason phrase of a status, e.g. `Not Found` for 404.
 *
 * @example reasonPhrase(503) // 'Service Unavailable'
 */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? `HTTP ${status}`;
}
