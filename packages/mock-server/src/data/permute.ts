import { sortByTimeThenId } from '../store/time-index.js';

/** Typed arrays a column may be stored in. */
export type Column =
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Uint8Array;

/**
 * A column reordered by a permutation: `out[i] = column[order[i]]`. Used once per column after
 * generation, to store every table in `(createdTime, id)` order.
 *
 * @example permute(Float64Array.of(3, 1, 2), Uint32Array.of(1, 2, 0)) // [1, 2, 3]
 */
export function permute<T extends Column>(column: T, order: Uint32Array): T {
  const out = column.slice() as T;
  const src = column as { [i: number]: number };
  const dst = out as { [i: number]: number };
  for (let i = 0; i < order.length; i++) dst[i] = src[order[i] as number] as number;
  return out;
}

/** Columns of rows that can be sorted by `(createdTime, id)`. */
export interface SortableRows {
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
  readonly createdTime: Float64Array;
}

/**
 * Reorders every column of a table by `(createdTime, id)` and adds `posOfSlot`, which maps a
 * row's generation slot (the input to its id permutation) to its new position.
 *
 * @example sortRows({ idHi, idLo, createdTime, amount }).amount
 */
export function sortRows<T extends SortableRows & Record<keyof T, Column>>(
  rows: T,
): T & { readonly posOfSlot: Uint32Array } {
  const order = sortByTimeThenId(rows.createdTime, rows);
  const sorted: Record<string, Column> = {};
  for (const [name, column] of Object.entries<Column>(rows)) sorted[name] = permute(column, order);
  return { ...(sorted as T), posOfSlot: invert(order) };
}

/**
 * The inverse of a permutation: `inverse[order[i]] = i`.
 *
 * @example invert(Uint32Array.of(2, 0, 1)) // [1, 2, 0]
 */
export function invert(order: Uint32Array): Uint32Array {
  const out = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) out[order[i] as number] = i;
  return out;
}
