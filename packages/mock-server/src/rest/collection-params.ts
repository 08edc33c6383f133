/** Query parameters in order, as decoded from the raw query string. */
export type QueryEntries = readonly (readonly [string, string])[];

/** The parameters a collection request reads; every other parameter is ignored, as Clover does. */
export interface CollectionParams {
  readonly filters: readonly string[];
  readonly limit: readonly string[];
  readonly offset: readonly string[];
  readonly orderBy: readonly string[];
  readonly expand: readonly string[];
}

/**
 * Groups the parameters a collection request reads, keeping repeats (so paging can reject a
 * repeated `limit`) and order (so `href` echoes filters in the order sent).
 *
 * @example collectionParams([['filter', 'total>5'], ['limit', '10']]).limit // ['10']
 */
export function collectionParams(entries: QueryEntries): CollectionParams {
  const out = { filters: [], limit: [], offset: [], orderBy: [], expand: [] } as {
    filters: string[];
    limit: string[];
    offset: string[];
    orderBy: string[];
    expand: string[];
  };
  for (const [name, value] of entries) {
    if (name === 'filter') out.filters.push(value);
    else if (name === 'limit') out.limit.push(value);
    else if (name === 'offset') out.offset.push(value);
    else if (name === 'orderBy') out.orderBy.push(value);
    else if (name === 'expand') out.expand.push(value);
  }
  return out;
}

/**
 * The nested lists asked for by `expand` (comma-separated, repeatable); unknown names are
 * ignored.
 *
 * @example expandSet(['lineItems,payments']) // Set { 'lineItems', 'payments' }
 */
export function expandSet(values: readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const v of values) for (const part of v.split(',')) if (part.trim()) out.add(part.trim());
  return out;
}
