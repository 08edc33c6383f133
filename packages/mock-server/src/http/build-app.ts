import express, { type Express, type RequestHandler } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { adminRoutes } from './admin-routes.js';
import { countRequests } from './count-requests.js';
import { errorHandler } from './error-handler.js';
import { exportRoutes } from './export-routes.js';
import { faultMiddleware } from './fault-middleware.js';
import { fileRoutes } from './file-routes.js';
import { guard } from './guard.js';
import { restRoutes } from './rest-routes.js';
import { writeRoutes } from './write-routes.js';

/** Clover's answer to an unknown route or method: plain-text `Not Found`. */
const notFound: RequestHandler = (_req, res) => {
  res.status(404).type('text/plain').send('Not Found');
};

/**
 * The express adapter over a {@link MockCore}: counters, the admin API, the merchant API (auth,
 * rate limits, faults, routes), export files (faults, route), a plain-text 404 for anything else
 * (as Clover answers an unknown route) and one JSON error handler.
 */
export function buildApp(core: MockCore): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  app.set('case sensitive routing', true);
  app.use(countRequests(core.counters));
  // Clover's REST API is not a CORS API: OPTIONS is an unknown method everywhere, before auth,
  // rather than express's automatic 200 with an Allow header.
  app.use((req, res, next) => (req.method === 'OPTIONS' ? notFound(req, res, next) : next()));
  if (core.options.adminToken !== null)
    app.use('/_mock', adminRoutes(core, core.options.adminToken));
  // Auth and rate limits first: a slow (faulted) request is in flight and counts against the
  // concurrency limits, as on a slow server.
  const faults = faultMiddleware(core);
  const api = [guard(core), faults];
  app.use(
    '/v3/merchants/:mId',
    restRoutes(core, api),
    writeRoutes(core, api),
    exportRoutes(core, api),
  );
  app.use('/export-files', fileRoutes(core, [faults]));
  app.use(notFound);
  app.use(errorHandler());
  return app;
}
