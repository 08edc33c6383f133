import type { RequestHandler, Response } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { reasonPhrase } from '../errors/status-table.js';

/** Makes `res` send only the first half of its body and then cut the connection. */
function truncate(res: Response): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const cut = (...args: unknown[]): Response => {
    const [chunk] = args;
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) return end(...args);
    const body = Buffer.from(chunk);
    // Headers (with the full Content-Length) go out with the first half, then the socket closes,
    // as when a connection breaks mid-body.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return res;
  };
  Object.assign(res, { end: cut });
}

/**
 * Injected faults, decided per request by the core's {@link FaultInjector}: latency, an error
 * status (with `Retry-After: 1` for 429 and 503), a dropped connection or a truncated body.
 * Mounted on the API and file routes only, never on `/_mock/`.
 */
export function faultMiddleware(core: MockCore): RequestHandler {
  return async (req, res, next) => {
    if (!core.faults.active) {
      next();
      return;
    }
    const decision = core.faults.decide();
    if (decision.latencyMs > 0) await core.env.sleep(decision.latencyMs);
    switch (decision.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'error': {
        const { status } = decision;
        if (status === 429 || status === 503) res.set('Retry-After', '1');
        res
          .status(status)
          .set('X-Mock-Error-Code', 'INJECTED_FAULT')
          .json({ details: 'Injected fault', message: reasonPhrase(status) });
        return;
      }
      case 'truncate':
        truncate(res);
        next();
        return;
      case 'none':
        next();
        return;
      default: {
        const never: never = decision;
        throw new TypeError(`unknown fault ${JSON.stringify(never)}`);
      }
    }
  };
}
