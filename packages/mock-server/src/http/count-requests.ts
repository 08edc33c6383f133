import type { RequestHandler } from 'express';
import type { RequestCounters } from '../counters/request-counters.js';
import { routeKey } from '../counters/route-key.js';

/** Counts every request by route template and status (`aborted` when the response was cut off). */
export function countRequests(counters: RequestCounters): RequestHandler {
  return (req, res, next) => {
    const key = routeKey(req.method, req.path);
    let counted = false;
    const count = () => {
      if (counted) return;
      counted = true;
      counters.record(key, res.writableFinished ? res.statusCode : 'aborted');
    };
    res.once('finish', count);
    res.once('close', count);
    next();
  };
}
