/**
 * The bottom of the chain: one attempt of one request over the run's undici dispatcher, with
 * the body read to the end. Nothing here retries, waits or counts.
 */
import type { Dispatcher } from 'undici';
import type { HttpRequest, RawResponse, Send } from './http-types.js';

/** Time without progress after which an attempt counts as a network failure. */
const IDLE_TIMEOUT_MS = 120_000;

/**
 * A {@link Send} over `dispatcher`. A body shorter than its `content-length` is an error with
 * undici's code `UND_ERR_RES_CONTENT_LENGTH_MISMATCH`, so the retry layer treats it as cut off.
 *
 * @example const send = createTransport(new Agent(), { token: 'secret', userAgent: 'cloverql' });
 */
export function createTransport(
  dispatcher: Dispatcher,
  options: { readonly token: string; readonly userAgent: string },
): Send {
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
    const res = await dispatcher.request({
      origin: req.url.origin,
      path: `${req.url.pathname}${req.url.search}`,
      method: req.method,
      headers,
      body: body ?? null,
      signal,
      headersTimeout: IDLE_TIMEOUT_MS,
      bodyTimeout: IDLE_TIMEOUT_MS,
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const declared = res.headers['content-length'];
    if (
      typeof declared === 'string' &&
      /^\d+$/.test(declared) &&
      Number(declared) !== bytes.length
    ) {
      throw Object.assign(new Error(`body of ${bytes.length} bytes, content-length ${declared}`), {
        code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
      });
    }
    return { status: res.statusCode, headers: res.headers, body: bytes };
  };
}
