/**
 * A server that misbehaves on purpose, to prove that a run always ends (issue 8): it ignores
 * `offset`, invents records for ever, drips its body, sends bodies without end or asks to be left
 * alone for years. A plain `node:http` server on 127.0.0.1, any free port; it answers every
 * collection path (`/v3/merchants/{mId}/{resource}`) the same way.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server misbehaves. */
export type HostileMode =
  /** Honours `offset` and `limit` over `records` records (default 3), then a short page. */
  | { readonly kind: 'normal'; readonly records?: number }
  /** Ignores `offset`: every page is the same full page. */
  | { readonly kind: 'same-ids' }
  /** Every page is full of new ids, for ever. */
  | { readonly kind: 'endless-pages' }
  /** A valid page whose body arrives one byte every `intervalMs`. */
  | { readonly kind: 'drip'; readonly intervalMs: number }
  /**
   * A body without end: with `declared`, a `content-length` of that many bytes; without, a
   * chunked body. Either way it streams until the client hangs up.
   */
  | { readonly kind: 'huge-body'; readonly declared?: number }
  /** 429 with this `Retry-After` value (seconds or an HTTP-date). */
  | { readonly kind: 'retry-after'; readonly value: string }
  /** One record per page whose time field is this value (`undefined`: the field is absent). */
  | { readonly kind: 'record-time'; readonly value: unknown };

/** A running hostile server. */
export interface HostileServer {
  readonly url: string;
  /** Every request's URL, in order. */
  readonly requests: URL[];
  /** Body bytes written over all responses (what the socket accepted). */
  readonly bytesSent: number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/**
 * Starts a hostile server in `mode`.
 *
 * @example const server = await startHostileServer({ kind: 'same-ids' });
 */
export async function startHostileServer(mode: HostileMode): Promise<HostileServer> {
  const requests: URL[] = [];
  let bytesSent = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const time = lowerBound(url) ?? Date.UTC(2026, 0, 1);
    const page = (from: number, count: number) => ({
      elements: Array.from({ length: Math.max(0, count) }, (_, i) => ({
        id: `H${String(from + i).padStart(11, '0')}`,
        createdTime: time,
        amount: 100,
      })),
    });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const bytes = Buffer.from(JSON.stringify(body));
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': String(bytes.length),
        ...headers,
      });
      bytesSent += bytes.length;
      res.end(bytes);
    };
    switch (mode.kind) {
      case 'normal': {
        const total = mode.records ?? 3;
        json(200, page(offset, Math.min(limit, total - offset)));
        return;
      }
      case 'same-ids':
        json(200, page(0, limit));
        return;
      case 'endless-pages':
        json(200, page(offset, limit));
        return;
      case 'retry-after':
        json(429, { message: 'Too Many Requests' }, { 'retry-after': mode.value });
        return;
      case 'record-time': {
        const record: Record<string, unknown> = { id: 'NOTIME000001', amount: 1 };
        if (mode.value !== undefined) record.createdTime = mode.value;
        json(200, { elements: [record] });
        return;
      }
      case 'drip': {
        const bytes = Buffer.from(JSON.stringify(page(offset, 1)));
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(bytes.length),
        });
        let at = 0;
        const timer = setInterval(() => {
          if (at >= bytes.length) {
            clearInterval(timer);
            res.end();
            return;
          }
          bytesSent += 1;
          res.write(bytes.subarray(at, ++at));
        }, mode.intervalMs);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'huge-body':
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(mode.declared !== undefined ? { 'content-length': String(mode.declared) } : {}),
        });
        stream(res, (n) => {
          bytesSent += n;
        });
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    get bytesSent() {
      return bytesSent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `{"elements":[` and then spaces, as fast as the client reads, until it hangs up. */
function stream(res: ServerResponse, sent: (n: number) => void): void {
  const head = Buffer.from('{"elements":[');
  sent(head.length);
  res.write(head);
  const more = () => {
    while (!res.destroyed && !res.writableEnded) {
      sent(CHUNK.length);
      if (!res.write(CHUNK)) {
        res.once('drain', more);
        return;
      }
    }
  };
  more();
}

/** The lower bound of the request's `createdTime` filter, so records fall inside the window. */
function lowerBound(url: URL): number | undefined {
  for (const f of url.searchParams.getAll('filter')) {
    const m = /^createdTime>=?(\d+)$/.exec(f);
    if (m) return Number(m[1]) + (f.includes('>=') ? 0 : 1);
  }
  return undefined;
}
