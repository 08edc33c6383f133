import { type ResourceName, resourceSpec } from '@cloverql/dsl';
import { Router as createRouter, type RequestHandler, type Router } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { MockError } from '../errors/mock-error.js';
import { exportFileName } from '../exports/export-view.js';
import type { MockRecord } from '../store/resource-table.js';
import { origin, param } from './request-info.js';

/**
 * Pre-signed export file downloads, `GET /export-files/{secret}/{name}`: no Authorization header,
 * the random secret in the URL is the credential; `before` (faults) runs first. Body `{ "elements": [...] }`, objects sorted by
 * `createdTime` then id, shaped as the REST API returns them. 404 for an unknown URL, 410 once
 * the export expired.
 */
export function fileRoutes(core: MockCore, before: readonly RequestHandler[]): Router {
  const router = createRouter({ caseSensitive: true });
  router.get('/:secret/:name', ...before, (req, res) => {
    const { job, file } = core.exports.file(param(req, 'secret'), param(req, 'name'));
    if (param(req, 'name') !== exportFileName(file)) {
      throw new MockError('NOT_FOUND', 'Not Found', { details: 'File not found' });
    }
    const resource: ResourceName = job.type === 'ORDERS' ? 'orders' : 'payments';
    const hrefBase = `${origin(req)}/v3/merchants/${encodeURIComponent(job.merchantId)}/${resourceSpec(resource).segment}/`;
    const elements: MockRecord[] = [];
    for (const pos of file.positions) elements.push(job.table.record(pos, { hrefBase }));
    res.json({ elements });
  });
  return router;
}
