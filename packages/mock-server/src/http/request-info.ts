import type { Request } from 'express';
import type { QueryEntries } from '../rest/collection-params.js';

/**
 * The query parameters of a request in order, decoded as a browser's `URLSearchParams` does
 * (repeats kept, malformed escapes replaced, never throwing). The app's own query parser is off,
 * so `filter=__proto__=1` is just text.
 *
 * @example queryEntries(req) // [['filter', 'total>1000'], ['limit', '10']]
 */
export function queryEntries(req: Request): QueryEntries {
  const cached = parsed.get(req);
  if (cached) return cached;
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const entries: QueryEntries = q < 0 ? [] : [...new URLSearchParams(url.slice(q + 1))];
  parsed.set(req, entries);
  return entries;
}

/** Auth and the route both read the query; parse it once per request. */
const parsed = new WeakMap<Request, QueryEntries>();

/**
 * The absolute origin the client used, e.g. `http://127.0.0.1:8080`, for `href`s and export
 * file URLs.
 */
export function origin(req: Request): string {
  const host =
    req.get('host') ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  return `${req.protocol}://${host}`;
}

/** A path parameter as a string (express types allow arrays for wildcards). */
export function param(req: Request, name: string): string {
  const v = req.params[name];
  return typeof v === 'string' ? v : '';
}
