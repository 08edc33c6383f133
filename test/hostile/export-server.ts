/**
 * A hostile Export API for tests of a client that must always end: a node:http server on
 * 127.0.0.1 whose exports never finish (PENDING, then IN_PROGRESS with `percentComplete` stuck,
 * forever), or finish only after a time on the test's clock; create requests can be made to
 * create an export and then lose the answer (connection dropped, body cut short, a 500), the
 * cases in which a client cannot know whether an export exists. It counts the exports it really
 * created, which is what the tests assert on.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What happens to one create request: the export is created and then the answer is lost
 * (`drop`, `truncate`, `error-500`), or it is throttled and nothing is created (`refuse-429`).
 */
export type CreateFault = 'drop' | 'truncate' | 'error-500' | 'refuse-429';

/** Behaviour of the server. */
export interface ExportServerOptions {
  /** `percentComplete` an unfinished export reports (default 42). */
  readonly percent?: number;
  /**
   * The time source of "finished" (the test's virtual clock); with `durationMs`, an export is DONE
   * that long after its creation. Without it exports never finish.
   */
  readonly now?: () => number;
  readonly durationMs?: number;
  /** The fault of each create request, in order; `undefined` entries and the rest answer normally. */
  readonly createFaults?: readonly (CreateFault | undefined)[];
  /** Exports not DONE at once before a create request gets the busy 503 (default 3, Clover's). */
  readonly maxRunning?: number;
  /** The objects of a DONE export's one file (default none). */
  readonly objects?: readonly unknown[];
}

/** A running hostile server. */
export interface ExportServer {
  readonly url: string;
  /** Ids of the exports created, in order (those whose answer was lost included). */
  readonly created: readonly string[];
  /** Create requests received, refused ones included. */
  readonly posts: number;
  /** Status requests received, per export id. */
  readonly polls: ReadonlyMap<string, number>;
  /** Create requests refused with the busy 503. */
  readonly busy: number;
  close(): Promise<void>;
}

const CREATE = /^\/v3\/merchants\/[^/]+\/exports\/?$/;
const STATUS = /^\/v3\/merchants\/[^/]+\/exports\/([^/]+)$/;

/**
 * @example
 * const server = await startExportServer({ createFaults: ['drop'] });
 * // POST .../exports creates EXP0001 and closes the socket without answering.
 */
export async function startExportServer(options: ExportServerOptions = {}): Promise<ExportServer> {
  const percent = options.percent ?? 42;
  const created: string[] = [];
  const createdAt = new Map<string, number>();
  const polls = new Map<string, number>();
  const tally = { posts: 0, busy: 0 };
  const info = { url: '' };
  const done = (id: string) =>
    options.now !== undefined &&
    options.durationMs !== undefined &&
    options.now() >= (createdAt.get(id) ?? 0) + options.durationMs;
  const view = (id: string) =>
    done(id)
      ? {
          id,
          status: 'DONE',
          percentComplete: 100,
          exportUrls: { elements: [{ url: `${info.url}/files/${id}.json`, export: { id } }] },
        }
      : { id, status: polls.has(id) ? 'IN_PROGRESS' : 'PENDING', percentComplete: percent };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(text.length),
    });
    return text;
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', info.url).pathname;
      if (req.method === 'POST' && CREATE.test(path)) {
        const fault = options.createFaults?.[tally.posts];
        tally.posts++;
        if (fault === 'refuse-429') {
          res.setHeader('retry-after', '1');
          res.end(json(res, 429, { message: 'Too Many Requests' }));
          return;
        }
        const running = created.filter((id) => !done(id)).length;
        if (running >= (options.maxRunning ?? 3)) {
          tally.busy++;
          res.end(json(res, 503, { message: 'Service Unavailable', details: 'Too many exports' }));
          return;
        }
        const id = `EXP${String(created.length + 1).padStart(10, '0')}`;
        created.push(id);
        createdAt.set(id, options.now?.() ?? 0);
        if (fault === 'drop') {
          req.socket.destroy();
          return;
        }
        if (fault === 'error-500') {
          res.end(json(res, 500, { message: 'Internal Server Error' }));
          return;
        }
        const body = json(res, 200, view(id));
        if (fault === 'truncate') {
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
          return;
        }
        res.end(body);
        return;
      }
      const status = req.method === 'GET' ? STATUS.exec(path) : null;
      if (status && createdAt.has(status[1]!)) {
        const id = status[1]!;
        const body = view(id);
        polls.set(id, (polls.get(id) ?? 0) + 1);
        res.end(json(res, 200, body));
        return;
      }
      if (req.method === 'GET' && path.startsWith('/files/')) {
        res.end(json(res, 200, { elements: options.objects ?? [] }));
        return;
      }
      res.end(json(res, 404, { message: 'Not Found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  info.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: info.url,
    created,
    get posts() {
      return tally.posts;
    },
    get busy() {
      return tally.busy;
    },
    polls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
