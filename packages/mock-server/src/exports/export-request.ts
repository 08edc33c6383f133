import {
  CATALOGUE,
  EXPORT_MAX_DAYS,
  EXPORT_MAX_MS,
  RESOURCE_NAMES,
  type ResourceName,
  type ResourceSpec,
} from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';

/** The Export API `type`s: the catalogue's `exportType`s. */
export type ExportType = NonNullable<ResourceSpec['exportType']>;

/** The resource each export `type` reads, from the catalogue (`ORDERS` → `orders`, …). */
export const EXPORT_RESOURCES = Object.freeze(
  Object.fromEntries(
    RESOURCE_NAMES.flatMap((name) => {
      const type = CATALOGUE[name].exportType;
      return type === null ? [] : [[type, name]];
    }),
  ),
) as Readonly<Record<ExportType, ResourceName>>;

function isExportType(t: unknown): t is ExportType {
  return typeof t === 'string' && Object.hasOwn(EXPORT_RESOURCES, t);
}

/** A validated `POST /exports` body. Both times are inclusive bounds on `createdTime`. */
export interface ExportRequest {
  readonly type: ExportType;
  readonly startTime: number;
  readonly endTime: number;
}

function bad(message: string): MockError {
  return new MockError('BAD_EXPORT_REQUEST', message);
}

function time(body: Record<string, unknown>, name: 'startTime' | 'endTime'): number {
  const v = body[name];
  if (v === undefined || v === null) throw bad(`Missing ${name}`);
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v.trim()) ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw bad(`${name} must be UTC epoch milliseconds, as a number or numeric string`);
  }
  return n;
}

/**
 * Validates an export request (the Clover docs page "Export merchant data" "Step 1"): `type` ORDERS or PAYMENTS, `startTime` and
 * `endTime` in UTC ms as numbers or numeric strings, end not before start, and at most 30 days
 * apart. Throws `BAD_EXPORT_REQUEST` otherwise.
 *
 * @example parseExportRequest({ type: 'ORDERS', startTime: '1704067200000', endTime: 1704153599999 })
 */
export function parseExportRequest(body: unknown): ExportRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw bad('Expected a JSON object {"type", "startTime", "endTime"}');
  }
  const b = body as Record<string, unknown>;
  if (!isExportType(b.type)) {
    throw bad(
      `type must be ${Object.keys(EXPORT_RESOURCES).join(' or ')}, got ${JSON.stringify(b.type ?? null)?.slice(0, 40)}`,
    );
  }
  const startTime = time(b, 'startTime');
  const endTime = time(b, 'endTime');
  if (endTime < startTime) throw bad('endTime is before startTime');
  if (endTime - startTime > EXPORT_MAX_MS) {
    throw bad(`The maximum time range of an export is ${EXPORT_MAX_DAYS} days`);
  }
  return { type: b.type, startTime, endTime };
}
