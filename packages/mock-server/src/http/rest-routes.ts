import {
  allowedFilterFields,
  RESOURCE_NAMES,
  type ResourceName,
  resourceSpec,
} from '@cloverql/dsl';
import { Router as createRouter, type RequestHandler, type Router } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { MockError } from '../errors/mock-error.js';
import { collectionParams, expandSet } from '../rest/collection-params.js';
import { listRecords } from '../rest/list-records.js';
import { origin, param, queryEntries } from './request-info.js';

const SINGULAR: Readonly<Record<ResourceName, string>> = {
  orders: 'Order',
  payments: 'Payment',
  refunds: 'Refund',
};

/**
 * `GET /v3/merchants/{mId}/{orders|payments|refunds}` and `.../{id}`: a thin adapter over
 * {@link listRecords} and the tables. Mounted under `/v3/merchants/:mId`; `before` (auth, rate
 * limits, faults) runs first on every route.
 */
export function restRoutes(core: MockCore, before: readonly RequestHandler[]): Router {
  const router = createRouter({ caseSensitive: true, mergeParams: true });
  for (const resource of RESOURCE_NAMES) {
    const segment = resourceSpec(resource).segment;
    router.get(`/${segment}`, ...before, (req, res) => {
      const merchantId = param(req, 'mId');
      // Set first, so a 400 for a bad filter also tells the client what it may filter on.
      res.set('X-Clover-Allowed-Filter-Fields', allowedFilterFields(resource));
      const result = listRecords({
        table: core.store.table(merchantId, resource),
        params: queryEntries(req),
        now: core.clock.now(),
        collectionUrl: `${origin(req)}/v3/merchants/${encodeURIComponent(merchantId)}/${segment}`,
      });
      res.json({ elements: result.elements, href: result.href });
    });
    router.get(`/${segment}/:id`, ...before, (req, res) => {
      const merchantId = param(req, 'mId');
      const table = core.store.table(merchantId, resource);
      const pos = table.findById(param(req, 'id'));
      if (pos < 0 || table.accessor('deletedTime')?.(pos) != null) {
        throw new MockError('NOT_FOUND', 'Not Found', {
          details: `${SINGULAR[resource]} not found`,
        });
      }
      const expand = expandSet(collectionParams(queryEntries(req)).expand);
      const hrefBase = `${origin(req)}/v3/merchants/${encodeURIComponent(merchantId)}/${segment}/`;
      res.json(table.record(pos, { expand, hrefBase }));
    });
  }
  return router;
}
