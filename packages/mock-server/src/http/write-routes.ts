import { Router as createRouter, type Request, type RequestHandler, type Router } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { parsePaging } from '../paging/paging.js';
import { collectionParams } from '../rest/collection-params.js';
import type { MockRecord } from '../store/resource-table.js';
import { jsonBody } from './json-body.js';
import { origin, param, queryEntries } from './request-info.js';

/** The body of a write; no body at all is an empty object (Clover creates an empty order). */
function bodyOf(req: Request): unknown {
  return req.body === undefined ? {} : req.body;
}

/**
 * Clover's write endpoints for orders and their line items: create, update and delete an
 * order; list, add and delete line items. Thin adapters over the store's writes, mounted under
 * `/v3/merchants/:mId` after `before` (auth, rate limits, faults), like the reads.
 */
export function writeRoutes(core: MockCore, before: readonly RequestHandler[]): Router {
  const router = createRouter({ caseSensitive: true, mergeParams: true });
  const json = jsonBody(core.options.limits.maxBodyBytes);
  const ordersUrl = (req: Request) =>
    `${origin(req)}/v3/merchants/${encodeURIComponent(param(req, 'mId'))}/orders`;
  const withHref = (record: MockRecord, base: string) => ({ href: base + record.id, ...record });

  router.post('/orders', ...before, ...json, (req, res) => {
    const order = core.store.insert(param(req, 'mId'), 'orders', bodyOf(req) as MockRecord);
    res.json(withHref(order, `${ordersUrl(req)}/`));
  });
  router.post('/orders/:orderId', ...before, ...json, (req, res) => {
    const order = core.store.update(
      param(req, 'mId'),
      'orders',
      param(req, 'orderId'),
      bodyOf(req) as MockRecord,
    );
    res.json(withHref(order, `${ordersUrl(req)}/`));
  });
  router.delete('/orders/:orderId', ...before, (req, res) => {
    core.store.remove(param(req, 'mId'), 'orders', param(req, 'orderId'));
    res.status(200).end();
  });
  router.get('/orders/:orderId/line_items', ...before, (req, res) => {
    const orderId = param(req, 'orderId');
    const items = core.store.lineItems(param(req, 'mId'), orderId);
    const page = parsePaging(collectionParams(queryEntries(req)));
    const base = `${ordersUrl(req)}/${encodeURIComponent(orderId)}/line_items`;
    res.json({
      elements: items
        .slice(page.offset, page.offset + page.limit)
        .map((i) => withHref(i, `${base}/`)),
      href: base,
    });
  });
  router.post('/orders/:orderId/line_items', ...before, ...json, (req, res) => {
    const orderId = param(req, 'orderId');
    const item = core.store.addLineItem(param(req, 'mId'), orderId, req.body);
    res.json(withHref(item, `${ordersUrl(req)}/${encodeURIComponent(orderId)}/line_items/`));
  });
  router.delete('/orders/:orderId/line_items/:lineItemId', ...before, (req, res) => {
    core.store.removeLineItem(param(req, 'mId'), param(req, 'orderId'), param(req, 'lineItemId'));
    res.status(200).end();
  });
  return router;
}
