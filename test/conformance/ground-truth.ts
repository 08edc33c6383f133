/**
 * What a response should hold, computed with plain JS from the mock's ground truth
 * (`store.records`), and the small readers cases use to compare responses with it.
 */
import { readPath } from '@cloverql/dsl';
import { expect } from 'vitest';
import type { ConformanceClient, Reply } from './conformance-case.js';
import type { Merchant } from './mock-setups.js';

/** A record as the API returns it, with the fields every resource has. */
export type Row = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly createdTime: number;
};

export type Resource = 'orders' | 'payments' | 'refunds';

/** Every record of a merchant's resource, oldest first. */
export function truth(client: ConformanceClient, merchant: Merchant, resource: Resource): Row[] {
  return client.mock.store.records(merchant.id, resource) as unknown as Row[];
}

/** The deleted orders of a merchant: what a filter on deletedTime sees (and nothing else). */
export function deletedTruth(client: ConformanceClient, merchant: Merchant): Row[] {
  return client.mock.store.deleted(merchant.id, 'orders') as unknown as Row[];
}

/** A number field of a record (dotted paths allowed), or undefined. */
export function numberAt(row: Row, path: string): number | undefined {
  const v = readPath(row, path);
  return typeof v === 'number' ? v : undefined;
}

/** One end of a time window. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** `{ value, inclusive: true }`. */
export const closed = (value: number): Bound => ({ value, inclusive: true });
/** `{ value, inclusive: false }`. */
export const open = (value: number): Bound => ({ value, inclusive: false });

/** A window on one time field; a null end is unbounded. */
export interface Window {
  readonly field: string;
  readonly lower: Bound | null;
  readonly upper: Bound | null;
}

/** Whether a record's `window.field` lies in the window. */
export function inWindow(window: Window): (row: Row) => boolean {
  return (row) => {
    const t = numberAt(row, window.field);
    if (t === undefined) return false;
    const { lower, upper } = window;
    if (lower && (lower.inclusive ? t < lower.value : t <= lower.value)) return false;
    if (upper && (upper.inclusive ? t > upper.value : t >= upper.value)) return false;
    return true;
  };
}

/** `GET /orders` shows only orders with a state unless a filter names `state`. */
export const hasState = (row: Row): boolean => row.state !== undefined;

/** The API's default order: newest first by `createdTime`, ties by id descending. */
export function newestFirst(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) =>
    a.createdTime !== b.createdTime
      ? b.createdTime - a.createdTime
      : a.id < b.id
        ? 1
        : a.id > b.id
          ? -1
          : 0,
  );
}

/** The ids of a list of records. */
export const ids = (rows: readonly { readonly id: string }[]): string[] => rows.map((r) => r.id);

/** A collection response body: `{ "elements": [...], "href": "..." }`. */
export interface Envelope {
  readonly elements: Row[];
  readonly href: string;
}

/** Asserts a 200 collection response and returns its envelope. */
export function envelope(reply: Reply): Envelope {
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  const body = reply.body as Envelope;
  expect(Object.keys(body).sort()).toEqual(['elements', 'href']);
  expect(Array.isArray(body.elements)).toBe(true);
  expect(typeof body.href).toBe('string');
  return body;
}

/** The `filter` values a response `href` echoes, decoded, in order. */
export function hrefFilters(href: string): string[] {
  return new URL(href).searchParams.getAll('filter');
}

/** Path and query of an absolute URL (supertest listens on a new port for every request). */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** The filter text for a bound: `createdTime>=1704067200000`. */
export function boundFilter(field: string, side: 'lower' | 'upper', bound: Bound): string {
  const op = side === 'lower' ? (bound.inclusive ? '>=' : '>') : bound.inclusive ? '<=' : '<';
  return `${field}${op}${bound.value}`;
}

/**
 * GETs `path` as `merchant` and asserts the response holds exactly `expected`, in the API's
 * order (the caller passes them newest first). Returns the envelope for further checks.
 */
export async function expectExactly(
  client: ConformanceClient,
  request: { readonly merchant: Merchant; readonly path: string },
  expected: readonly Row[],
): Promise<Envelope> {
  const reply = await client.get(request.path, {
    headers: { Authorization: `Bearer ${request.merchant.token}` },
  });
  const body = envelope(reply);
  expect(ids(body.elements), `${client.transport} ${request.path}`).toEqual(ids(expected));
  return body;
}
