import type { RequestHandler } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { queryEntries } from './request-info.js';

const MERCHANT_PATH = /^\/v3\/merchants\/([^/]+)/;

/**
 * Records every API and export-file request in the core's journal when it ends (finished or
 * cut off): method, path, query, status, merchant, real duration and the virtual arrival time.
 * Admin requests (`/_mock/`) are not mounted behind it, so the journal holds only what an app sent.
 */
export function journalRequests(core: MockCore): RequestHandler {
  return (req, res, next) => {
    const started = core.env.monotonicNow();
    const at = core.clock.now();
    // Routers rewrite req.path for their mount point; keep the path as it arrived.
    const { method, path } = req;
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      core.journal.record({
        method,
        path,
        query: queryEntries(req),
        status: res.writableFinished ? res.statusCode : 'aborted',
        merchantId: MERCHANT_PATH.exec(path)?.[1] ?? null,
        durationMs: Math.max(0, core.env.monotonicNow() - started),
        at,
        overridden: res.locals.overridden === true,
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
