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
  /**
   * Whether a failed attempt that is otherwise worth another try may be sent again (default:
   * always). A POST that may have reached the server says no to an ambiguous failure; the
   * retry layer then ends the request with the attempt's error instead of re-sending it.
   */
  readonly mayResend?: (failed: FailedAttempt) => boolean;
}

/** One failed attempt: the response, if one came, or the error of sending or reading. */
export interface FailedAttempt {
  readonly raw: RawResponse | undefined;
  readonly cause: unknown;
}

/** A response whose body has been read completely. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One attempt: sends the request and reads the whole body. */
export type Send = (req: HttpRequest, signal: AbortSignal) => Promise<RawResponse>;
