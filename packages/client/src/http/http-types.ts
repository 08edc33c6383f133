/** The plain values the HTTP layers pass to each other. */
import type { IncomingHttpHeaders } from 'node:http';

/** One request as the client means it; every layer sees the same value. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute URL. */
  readonly url: URL;
  /** Send `Authorization: Bearer <token>` (false for pre-signed export file URLs). */
  readonly auth: boolean;
  /** A JSON body. */
  readonly body?: unknown;
  /** `'GET /v3/merchants/M/orders?filter=...'`, for errors and progress. */
  readonly describe: string;
  /** The plan window the request serves, for errors. */
  readonly window?: { readonly index: number; readonly text: string };
  /** Statuses handed back to the caller as they are, instead of being retried or failing. */
  readonly passStatuses?: readonly number[];
}

/** A response whose body has been read completely. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One attempt: sends the request and reads the whole body. */
export type Send = (req: HttpRequest, signal: AbortSignal) => Promise<RawResponse>;
