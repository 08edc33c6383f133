import { MockError } from '../errors/mock-error.js';
import { compilePathPattern, type PathPattern } from './path-pattern.js';

/** What an override answers with: a response, a dropped connection, or a delay before the real answer. */
export type OverrideReply =
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>> | undefined;
      /** A string is sent as is (`text/plain` unless a header says otherwise); anything else as JSON. */
      readonly body?: unknown;
    }
  | { readonly drop: true }
  | { readonly delayMs: number };

/** A one-off override, as `mock.override(...)` and `POST /_mock/overrides` take it. */
export interface OverrideSpec {
  /** HTTP method (any case); `*` or omitted matches every method. */
  readonly method?: string | undefined;
  /** Path pattern: exact, with `:param` for one segment and `*` for any rest. */
  readonly path: string;
  /** How many requests it answers before it removes itself (default: until removed). */
  readonly times?: number | undefined;
  readonly reply: OverrideReply;
}

/** An override as listed: its spec, id and how many more requests it will answer. */
export interface OverrideInfo {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  /** Requests left before it removes itself; `null` for unlimited. */
  readonly remaining: number | null;
  /** Requests it has answered so far. */
  readonly hits: number;
  readonly reply: OverrideReply;
}

interface Entry {
  readonly id: number;
  readonly method: string;
  readonly pattern: PathPattern;
  remaining: number | null;
  hits: number;
  readonly reply: OverrideReply;
}

function fail(message: string): never {
  throw new MockError('INVALID_ARGUMENT', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Validates a reply from untrusted input (the admin API) or a typo in a test. */
function checkReply(reply: unknown): OverrideReply {
  if (!isObject(reply)) fail('reply must be an object');
  const kinds = ['status', 'drop', 'delayMs'].filter((k) => reply[k] !== undefined);
  if (kinds.length !== 1) fail('reply needs exactly one of "status", "drop" or "delayMs"');
  if (reply.drop !== undefined) {
    if (reply.drop !== true) fail('reply.drop must be true');
    return { drop: true };
  }
  if (reply.delayMs !== undefined) {
    const ms = reply.delayMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 600_000) {
      fail('reply.delayMs must be a number of ms from 0 to 600000');
    }
    return { delayMs: ms };
  }
  const status = reply.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    fail('reply.status must be an integer from 200 to 599');
  }
  const headers = reply.headers;
  if (headers !== undefined) {
    if (!isObject(headers)) fail('reply.headers must be an object of strings');
    for (const [k, v] of Object.entries(headers)) {
      if (typeof v !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) || /[\r\n]/.test(v)) {
        fail(`reply.headers.${k} must be a valid header name with a one-line string value`);
      }
    }
  }
  return {
    status,
    ...(headers === undefined ? {} : { headers: headers as Record<string, string> }),
    ...(reply.body === undefined ? {} : { body: reply.body }),
  };
}

/**
 * The one-off overrides of a mock, newest first (as MSW's `server.use` prepends): the first
 * whose method and path match a request answers it, and one with `times` removes itself after
 * that many answers. Plain data; the HTTP adapter applies the chosen reply.
 *
 * @example
 * const t = new OverrideTable();
 * const id = t.add({ method: 'GET', path: '/v3/merchants/:mId/orders', times: 1, reply: { status: 500 } });
 * t.take('GET', '/v3/merchants/M/orders'); // { status: 500 }, and the override is gone
 */
export class OverrideTable {
  private entries: Entry[] = [];
  private nextId = 1;

  /** Adds an override in front of the others; returns its id. Throws `INVALID_ARGUMENT` on a bad spec. */
  add(spec: OverrideSpec): number {
    if (!isObject(spec)) fail('an override must be an object');
    const method = spec.method === undefined ? '*' : spec.method;
    if (typeof method !== 'string' || !/^(\*|[A-Za-z]+)$/.test(method)) {
      fail('method must be an HTTP method name or "*"');
    }
    const times = spec.times;
    if (
      times !== undefined &&
      (typeof times !== 'number' || !Number.isInteger(times) || times < 1)
    ) {
      fail('times must be a positive integer');
    }
    const entry: Entry = {
      id: this.nextId++,
      method: method.toUpperCase(),
      pattern: compilePathPattern(spec.path),
      remaining: times ?? null,
      hits: 0,
      reply: checkReply(spec.reply),
    };
    this.entries.unshift(entry);
    return entry.id;
  }

  /** Removes one override; false when it was already gone (used up or removed). */
  remove(id: number): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    return this.entries.length < before;
  }

  /** Removes every override. */
  clear(): void {
    this.entries = [];
  }

  /** The reply of the first override matching this request, counting the use; `null` when none does. */
  take(method: string, path: string): OverrideReply | null {
    const m = method.toUpperCase();
    const entry = this.entries.find(
      (e) => (e.method === '*' || e.method === m) && e.pattern.test(path),
    );
    if (!entry) return null;
    entry.hits++;
    if (entry.remaining !== null) {
      entry.remaining--;
      if (entry.remaining === 0) this.remove(entry.id);
    }
    return entry.reply;
  }

  /** The active overrides, newest first. */
  list(): OverrideInfo[] {
    return this.entries.map((e) => ({
      id: e.id,
      method: e.method,
      path: e.pattern.source,
      remaining: e.remaining,
      hits: e.hits,
      reply: e.reply,
    }));
  }
}
