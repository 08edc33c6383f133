/**
 * The bottom of the chain: one attempt of one request over the run's undici dispatcher, with
 * the body read to the end. Nothing here retries, waits or counts. Two bounds keep a hostile
 * server from holding a run: a deadline over the whole attempt (headers and body) and a cap on
 * the body's size.
 */
import type { Dispatcher } from 'undici';
import type { HttpRequest, RawResponse, Send } from './http-types.js';

/** Time without progress after which an attempt counts as a network failure. */
const IDLE_TIMEOUT_MS = 120_000;

/** The `code` of the error an attempt past its deadline throws (retried: `TIMEOUT`). */
export const REQUEST_TIMEOUT_CODE = 'CLOVERQL_REQUEST_TIMEOUT';

/** The `code` of the error a body past the size cap throws (not retried: `BODY_TOO_LARGE`). */
export const BODY_TOO_LARGE_CODE = 'CLOVERQL_BODY_TOO_LARGE';

/** Settings of {@link createTransport}. */
export interface TransportOptions {
  readonly token: string;
  readonly userAgent: string;
  /** Deadline of one attempt, from sending to the last byte of the body. */
  readonly requestTimeoutMs: number;
  /** Largest body read; a larger one is dropped as soon as it is seen to be larger. */
  readonly maxBodyBytes: number;
}

/**
 * A {@link Send} over `dispatcher`. A body shorter than its `content-length` is an error with
 * undici's code `UND_ERR_RES_CONTENT_LENGTH_MISMATCH`, so the retry layer treats it as cut off.
 * An attempt past `requestTimeoutMs` throws an error with code {@link REQUEST_TIMEOUT_CODE}; a
 * body larger than `maxBodyBytes` (by its `content-length` or by what arrived) one with
 * {@link BODY_TOO_LARGE_CODE}, and the connection is dropped without reading further.
 *
 * The deadline runs on a real timer, like undici's own `headersTimeout` and `bodyTimeout`: it
 * bounds socket I/O, which a virtual clock does not drive. undici's timeouts only count idle
 * gaps, so a body dripping one byte a second would pass them for ever.
 *
 * @example
 * const send = createTransport(new Agent(), {
 *   token: 'secret', userAgent: 'cloverql', requestTimeoutMs: 120_000, maxBodyBytes: 64 << 20,
 * });
 */
export function createTransport(dispatcher: Dispatcher, options: TransportOptions): Send {
  return async (req: HttpRequest, signal: AbortSignal): Promise<RawResponse> => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': options.userAgent,
    };
    if (req.auth) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(requestTimeout(options.requestTimeoutMs)),
      options.requestTimeoutMs,
    );
    const attempt = AbortSignal.any([signal, deadline.signal]);
    try {
      const res = await dispatcher.request({
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers,
        body: body ?? null,
        signal: attempt,
        headersTimeout: IDLE_TIMEOUT_MS,
        bodyTimeout: IDLE_TIMEOUT_MS,
      });
      const declared = res.headers['content-length'];
      const length =
        typeof declared === 'string' && /^\d+$/.test(declared) ? Number(declared) : undefined;
      const bytes = await readCapped(res.body, {
        max: options.maxBodyBytes,
        ...(length !== undefined ? { declared: length } : {}),
      });
      if (length !== undefined && length !== bytes.length) {
        throw Object.assign(new Error(`body of ${bytes.length} bytes, content-length ${length}`), {
          code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
        });
      }
      return { status: res.statusCode, headers: res.headers, body: bytes };
    } catch (err) {
      // The run's own signal wins: an abort is not a timeout.
      if (deadline.signal.aborted && !signal.aborted) throw deadline.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Reads `body` into one buffer, never holding more than `max` bytes: a `declared` length over
 * the cap fails before the first byte, a stream passing it fails at the chunk that does. Either
 * way the stream is destroyed, which drops the connection.
 */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  cap: { readonly max: number; readonly declared?: number },
): Promise<Buffer> {
  if (cap.declared !== undefined && cap.declared > cap.max) {
    discard(body);
    throw bodyTooLarge(`its content-length is ${cap.declared} bytes`, cap.max);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap.max) {
      discard(body);
      throw bodyTooLarge(`more than ${cap.max} bytes arrived`, cap.max);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Drops a body unread, closing its connection; the abort it reports is expected, not a fault. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

function requestTimeout(ms: number): Error {
  return Object.assign(
    new Error(`no complete response within ${formatMs(ms)} (requestTimeoutMs)`),
    { code: REQUEST_TIMEOUT_CODE },
  );
}

function bodyTooLarge(what: string, max: number): Error {
  return Object.assign(
    new Error(`the response body is larger than maxBodyBytes (${max} bytes): ${what}`),
    { code: BODY_TOO_LARGE_CODE },
  );
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
