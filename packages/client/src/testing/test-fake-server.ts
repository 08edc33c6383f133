/**
 * A tiny programmable HTTP server for tests of what the real mock cannot do on purpose: answers
 * that break the tripwire, bodies cut short, odd statuses. Listens on 127.0.0.1, any free port.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the fake server answers. */
export type FakeReply =
  | {
      readonly status?: number;
      readonly headers?: Record<string, string>;
      /** JSON-encoded unless a string. */
      readonly body?: unknown;
      /** Send the headers and half the body, then destroy the socket. */
      readonly truncate?: boolean;
    }
  | { readonly drop: true };

export interface FakeServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * @example
 * const fake = await startFakeServer((req) => ({ body: { elements: [] } }));
 */
export async function startFakeServer(
  handler: (req: SeenRequest, server: { readonly url: string }) => FakeReply | Promise<FakeReply>,
): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const info = { url: '' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', info.url),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const reply = await handler(seen, info);
      if ('drop' in reply) {
        req.socket.destroy();
        return;
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      const body = Buffer.from(text);
      res.writeHead(reply.status ?? 200, {
        'content-type': 'application/json',
        'content-length': String(body.length),
        ...reply.headers,
      });
      if (reply.truncate) {
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
        return;
      }
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  info.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: info.url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
