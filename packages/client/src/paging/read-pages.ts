/**
 * Paging one REST request of the plan: adds `offset` (the plan's `limit` param is the page
 * size) and reads until a page shorter than the page size. Each page goes through the
 * tripwire checks (a), (b) and (c) before its records are handed on. Two checks make sure paging
 * ends even when the server never sends a short page: a full page with no id beyond the last
 * two pages means the server ignores `offset`, and a request may take at most `maxPagesOf` pages.
 */
import { fieldPath, PAGE_LIMIT_MAX, type PlanRequestV2, readPath } from '@cloverql/dsl';
import { RecentIds } from '../dedupe/recent-ids.js';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { ClientError, type ClientErrorCode } from '../errors/client-error.js';
import type { RawResponse } from '../http/http-types.js';
import { BadBodyError } from '../retry/with-retry.js';
import { apiUrl, type RunContext, windowOf } from '../run/run-context.js';
import { timeBounds } from '../tripwire/time-bounds.js';
import {
  checkHref,
  checkPageSize,
  checkRecordTime,
  checkRecordTimePresent,
} from '../tripwire/tripwire.js';
import { maxPagesOf } from './page-cap.js';

/** A collection page as Clover sends it. */
export interface Envelope {
  readonly elements: ClientRecord[];
  readonly href?: unknown;
}

/**
 * Parses a collection response: `{ elements: [{ id, ... }], href }`. Anything else is a bad
 * body, which the retry layer retries.
 */
export function parseEnvelope(raw: RawResponse): Envelope {
  let json: unknown;
  try {
    json = JSON.parse(raw.body.toString('utf8'));
  } catch (err) {
    throw new BadBodyError(`the body is not JSON (${(err as Error).message})`);
  }
  if (!json || typeof json !== 'object' || !Array.isArray((json as Envelope).elements)) {
    throw new BadBodyError('the body has no "elements" array');
  }
  const env = json as Envelope;
  for (const e of env.elements) {
    if (!e || typeof e !== 'object' || typeof e.id !== 'string' || e.id === '') {
      throw new BadBodyError('an element has no string "id"');
    }
  }
  return env;
}

/** The page size of a request: a REST request's `pageLimit`, else the plan's page size. */
export function pageSizeOf(request: PlanRequestV2, fallback: number): number {
  const n = request.kind === 'rest' ? request.pageLimit : fallback;
  return Number.isInteger(n) && n >= 1 ? Math.min(n, PAGE_LIMIT_MAX) : fallback;
}

/**
 * The pages of plan request `index`, each already checked by the tripwire. `pageSize` replaces
 * the request's own `limit` param when the caller must read every record of the window anyway.
 *
 * @example for await (const records of readPages(ctx, 0, { signal })) ...
 */
export async function* readPages(
  ctx: RunContext,
  index: number,
  opts: { readonly signal: AbortSignal; readonly pageSize?: number | undefined },
): AsyncGenerator<ClientRecord[]> {
  const { plan } = ctx;
  const { signal } = opts;
  const request = plan.requests[index]!;
  if (request.kind !== 'rest')
    throw new TypeError(`readPages: request ${index} is not a REST request`);
  const window = windowOf(plan, request);
  const pageSize = opts.pageSize ?? pageSizeOf(request, plan.pageSize);
  const base: [string, string][] = request.query
    .filter(([k]) => k !== 'offset' && k !== 'limit')
    .map(([k, v]) => [k, v]);
  base.push(['limit', String(pageSize)]);
  const sent = request.filters;
  const checks = [...timeBounds(sent, ctx.timeFields)].map(([field, b]) => ({
    field,
    bounds: b,
    path: fieldPath(plan.resource, field),
  }));
  const windowBounds = checks.find((c) => c.field === plan.timeField)?.bounds;
  const maxPages = maxPagesOf(windowBounds, pageSize, ctx.options.paging);
  // The ids of the last two pages, as the record gate keeps them: a full page made only of
  // those brought nothing new.
  const recent = new RecentIds(2 * pageSize);
  for (let offset = 0, pages = 1; ; offset += pageSize, pages++) {
    const { url, describe } = apiUrl(ctx.options, request.path, [
      ...base,
      ['offset', String(offset)],
    ]);
    const req = { method: 'GET' as const, url, auth: true, describe: describe('GET'), window };
    const now = ctx.clock.now();
    const reply = await ctx.fetch(req, parseEnvelope, signal);
    if (!reply.ok)
      throw new ClientError('BAD_RESPONSE', `unexpected HTTP ${reply.status}`, {
        request: req.describe,
      });
    const { elements, href } = reply.value;
    const failure = (code: ClientErrorCode, reason: string) =>
      new ClientError(code, reason, {
        status: reply.status,
        window: window.index,
        windowText: window.text,
        request: req.describe,
      });
    const finding =
      checkHref({ sent, href, timeFields: ctx.timeFields, now }) ??
      checkPageSize(elements.length, pageSize);
    if (finding) throw failure('TRUNCATED', finding);
    for (const record of elements) {
      for (const c of checks) {
        const value = readPath(record, c.path);
        const absent = c.field === plan.timeField ? checkRecordTimePresent(value, c) : null;
        if (absent) throw failure('PROTOCOL', `${absent} (record ${record.id})`);
        const bad = checkRecordTime(value, c);
        if (bad) throw failure('TRUNCATED', `${bad} (record ${record.id})`);
      }
    }
    const full = elements.length >= pageSize;
    let fresh = 0;
    for (const record of elements) {
      if (!recent.has(record.id)) fresh++;
      recent.add(record.id);
    }
    if (full && offset > 0 && fresh === 0) {
      throw failure(
        'PROTOCOL',
        `the page at offset ${offset} is full but holds only records of the previous pages: the server ignores offset, so paging would never end`,
      );
    }
    yield elements;
    if (!full) return;
    if (pages >= maxPages) {
      throw failure(
        'PROTOCOL',
        `the server sent ${pages} full pages of ${pageSize} records and no last page; ${windowBounds?.lower && windowBounds.upper ? 'a window this long holds' : 'a request holds'} at most ${maxPages} pages (paging.maxRecordsPerSecond ${ctx.options.paging.maxRecordsPerSecond}, paging.maxPages ${ctx.options.paging.maxPages}), so the server is inventing records or ignoring offset`,
      );
    }
  }
}
