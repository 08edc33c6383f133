import type { RequestHandler } from 'express';
import type { MockCore } from '../core/mock-core.js';

/**
 * One-off overrides (`mock.override`), before auth, rate limits and faults: an override replaces
 * the server for the requests it matches, as MSW replaces the network. A `status` reply is sent
 * as given; `drop` destroys the connection; `delayMs` waits that many real ms and then lets the
 * request through to the real route (auth, limits and faults included).
 */
export function overrideMiddleware(core: MockCore): RequestHandler {
  return async (req, res, next) => {
    const reply = core.overrides.take(req.method, req.path);
    if (reply === null) {
      next();
      return;
    }
    res.locals.overridden = true;
    if ('drop' in reply) {
      req.socket.destroy();
      return;
    }
    if ('delayMs' in reply) {
      await core.env.sleep(reply.delayMs);
      next();
      return;
    }
    res.status(reply.status);
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.set(name, value);
    const { body } = reply;
    if (body === undefined) res.end();
    else if (typeof body === 'string') {
      if (!res.get('content-type')) res.type('text/plain');
      res.send(body);
    } else res.json(body);
  };
}
