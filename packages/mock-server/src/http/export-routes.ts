import { Router as createRouter, type Request, type RequestHandler, type Router } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { createdPhase } from '../exports/export-phase.js';
import type { ExportFile, ExportJob } from '../exports/export-registry.js';
import { parseExportRequest } from '../exports/export-request.js';
import { exportFileName, exportView } from '../exports/export-view.js';
import { jsonBody } from './json-body.js';
import { origin, param } from './request-info.js';

/** The absolute, pre-signed URL of an export file. */
export function fileUrl(req: Request, file: ExportFile): string {
  return `${origin(req)}/export-files/${file.secret}/${exportFileName(file)}`;
}

/**
 * The Export API: `POST /v3/merchants/{mId}/exports` (JSON body, size-limited) and
 * `GET /v3/merchants/{mId}/exports/{id}`. Mounted under `/v3/merchants/:mId`; `before` (auth,
 * rate limits, faults) runs first on every route.
 */
export function exportRoutes(core: MockCore, before: readonly RequestHandler[]): Router {
  const router = createRouter({ caseSensitive: true, mergeParams: true });
  const json = jsonBody(core.options.limits.maxBodyBytes);
  const view = (req: Request, job: ExportJob, phase = core.exports.phase(job)) =>
    exportView(job, { phase, fileUrl: (f) => fileUrl(req, f) });
  router.post('/exports', ...before, ...json, (req, res) => {
    const request = parseExportRequest(req.body);
    const job = core.exports.create(param(req, 'mId'), request);
    res.json(view(req, job, createdPhase(job.createdTime)));
  });
  router.get('/exports/:exportId', ...before, (req, res) => {
    res.json(view(req, core.exports.get(param(req, 'mId'), param(req, 'exportId'))));
  });
  return router;
}
