import type { ResourceName } from '@cloverql/dsl';
import type { OrderedIndex } from './time-index.js';

/** A record as the API returns it: plain JSON. */
export type MockRecord = { readonly [key: string]: unknown };

/** A catalogue field's value in one record: null when the record has none. */
export type FieldValue = string | number | boolean | null;

/** Reads one catalogue field of the record at a position, straight from the columns. */
export type FieldAccessor = (pos: number) => FieldValue;

/** How to materialise a record. */
export interface RecordOptions {
  /** Nested lists to include (`expand=`), e.g. `lineItems` on orders. */
  readonly expand?: ReadonlySet<string>;
  /** Prefix of the record's own `href`; the id is appended. No `href` when absent. */
  readonly hrefBase?: string;
}

/**
 * One resource of one merchant, stored as columns in `(createdTime, id)` order. Filters read
 * fields through accessors; only the records of a page are materialised as objects.
 */
export interface ResourceTable {
  readonly resource: ResourceName;
  readonly count: number;
  /** The sorted index of a time field, or undefined when the field is not a time field. */
  timeIndex(field: string): OrderedIndex | undefined;
  /**
   * Whether positions are in `(createdTime, id)` order, so sorting positions sorts by
   * `createdTime` (false once records were inserted or changed).
   */
  readonly storedInCreatedOrder: boolean;
  /** Whether any record was removed outright, so a scan of all positions must ask {@link live}. */
  readonly hasGone: boolean;
  /** Whether the record at `pos` exists (not removed outright). */
  live(pos: number): boolean;
  /** The accessor of a catalogue field, or undefined for a name the resource lacks. */
  accessor(field: string): FieldAccessor | undefined;
  /** The id of the record at `pos`. */
  idOf(pos: number): string;
  /** Compares the ids of two positions as strings compare (`-1`, `0`, `1`). */
  compareIds(a: number, b: number): number;
  /** The position of the record with this id, or -1. */
  findById(id: string): number;
  /** The record at `pos` as the API returns it. */
  record(pos: number, options?: RecordOptions): MockRecord;
  /** Bytes held by the table's columns and indexes. */
  readonly byteSize: number;
}

/** Sentinel for a null value in an `Int32Array` column. */
export const NULL_INT = -2147483648;

/** Reads a nullable Int32 cell. */
export function intOrNull(column: Int32Array, pos: number): number | null {
  const v = column[pos] as number;
  return v === NULL_INT ? null : v;
}

/** Reads a nullable Float64 time cell (NaN is null). */
export function timeOrNull(column: Float64Array, pos: number): number | null {
  const v = column[pos] as number;
  return Number.isNaN(v) ? null : v;
}

/** Reads an enum cell stored as `index + 1` into `values`, 0 meaning null. */
export function enumOrNull(
  column: Uint8Array,
  values: readonly string[],
  pos: number,
): string | null {
  const v = column[pos] as number;
  return v === 0 ? null : (values[v - 1] ?? null);
}

/** Sets `record[key] = value` unless the value is null (Clover omits absent fields). */
export function setIf(record: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== null && value !== undefined) record[key] = value;
}
