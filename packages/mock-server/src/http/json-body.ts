import type { IncomingHttpHeaders } from 'node:http';
import express, { type RequestHandler } from 'express';
import { MockError } from '../errors/mock-error.js';

/** Whether a request carries a body: a positive `Content-Length` or a chunked transfer. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length'] ?? 0);
  return Number.isNaN(length) || length > 0;
}

/**
 * The JSON body parser of the export and admin routes: a body whose `Content-Type` is missing or
 * not `application/json` is 415 `UNSUPPORTED_MEDIA_TYPE` (never silently ignored); otherwise
 * strict JSON within `limitBytes` (413 above it, 400 when malformed). A request with no body
 * passes with `req.body` undefined.
 *
 * @example router.post('/exports', jsonBody(65_536), handler)
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req.headers) && !req.is('application/json')) {
      const type = req.get('content-type');
      throw new MockError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type', {
        details:
          type === undefined
            ? 'A request body needs Content-Type: application/json'
            : `Content-Type ${JSON.stringify(type.slice(0, 80))} is not supported; send application/json`,
      });
    }
    next();
  };
  return [requireJson, express.json({ limit: limitBytes, strict: true })];
}
