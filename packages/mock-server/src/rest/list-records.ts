import { fieldSpec } from '@cloverql/dsl';
import { timeBounds } from '../clamp/time-ranges.js';
import type { Condition } from '../filter/filter-types.js';
import { parseFilter } from '../filter/parse-filter.js';
import { resolveFilter } from '../filter/resolve-filter.js';
import { parseOrderBy } from '../paging/order-by.js';
import { parsePaging } from '../paging/paging.js';
import { runQuery } from '../query/run-query.js';
import type { MockRecord, ResourceTable } from '../store/resource-table.js';
import { collectionHref, HIDDEN_STATE_FILTER } from './collection-href.js';
import { collectionParams, expandSet, type QueryEntries } from './collection-params.js';

/** A collection request. */
export interface ListInput {
  readonly table: ResourceTable;
  readonly params: QueryEntries;
  /** Virtual now, for the clamp. */
  readonly now: number;
  /** Absolute URL of the collection, e.g. `http://host/v3/merchants/M/orders`. */
  readonly collectionUrl: string;
}

/** A collection response. */
export interface ListResult {
  readonly elements: readonly MockRecord[];
  readonly href: string;
}

/**
 * Answers `GET /v3/merchants/{mId}/{resource}`: parses and checks `filter=` against the
 * catalogue, applies the 90-day clamp, hides stateless orders unless a filter names `state`,
 * pages, and echoes the effective request in `href`. Throws `MockError`s for bad input.
 *
 * @example listRecords({ table, params: [['filter', 'total>1000']], now, collectionUrl })
 */
export function listRecords(input: ListInput): ListResult {
  const { table } = input;
  const resource = table.resource;
  const params = collectionParams(input.params);
  const conditions = params.filters.map((f) => resolveFilter(parseFilter(f), resource));
  const bounds = timeBounds({ resource, conditions, now: input.now });
  const page = parsePaging(params);
  const orderBy = parseOrderBy(params.orderBy, resource);
  const hiddenState = resource === 'orders' && !conditions.some((c) => c.field.name === 'state');
  const stateSpec = fieldSpec('orders', 'state');
  const checks: Condition[] = [...bounds.rest];
  if (hiddenState && stateSpec) {
    checks.push({ kind: 'isNull', field: stateSpec, negated: true, source: HIDDEN_STATE_FILTER });
  }
  // A deleted order leaves the list unless the request filters on deletedTime (our reading of
  // Clover's May 2023 deletedTime filter; docs/mock-server.md, Assumptions).
  const deletedSpec = fieldSpec(resource, 'deletedTime');
  if (
    resource === 'orders' &&
    deletedSpec &&
    !conditions.some((c) => c.field.name === 'deletedTime')
  ) {
    checks.push({
      kind: 'isNull',
      field: deletedSpec,
      negated: false,
      source: 'deletedTime IS NULL',
    });
  }
  const positions = runQuery(table, {
    conditions: checks,
    ranges: bounds.ranges,
    orderBy,
    offset: page.offset,
    limit: page.limit,
  });
  const expand = expandSet(params.expand);
  const hrefBase = `${input.collectionUrl}/`;
  return {
    elements: positions.map((pos) => table.record(pos, { expand, hrefBase })),
    href: collectionHref({
      collectionUrl: input.collectionUrl,
      conditions: bounds.rest,
      ranges: bounds.ranges,
      hiddenState,
      orderBy: params.orderBy,
      expand: params.expand,
      page,
    }),
  };
}
