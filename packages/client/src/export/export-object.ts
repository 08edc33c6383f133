/**
 * The export object of the Export API (the Clover docs page "Export merchant data", "Step 2" and "Step 3"): the fields the client
 * relies on, checked when the response is parsed.
 */
import type { RawResponse } from '../http/http-types.js';
import { BadBodyError } from '../retry/with-retry.js';

/** What the client reads from an export object. */
export interface ExportObject {
  readonly id: string;
  /** `PENDING`, `IN_PROGRESS`, `DONE`; anything else (e.g. `FAILED`) ends the run. */
  readonly status: string;
  readonly percentComplete: number | undefined;
  /** The pre-signed file URLs, in file order (DONE only). */
  readonly urls: readonly string[];
  readonly availableUntil: number | undefined;
}

/**
 * Parses an export object; a body that is not one is a bad body (retried).
 *
 * @example parseExportObject(raw).status // 'PENDING'
 */
export function parseExportObject(raw: RawResponse): ExportObject {
  let json: unknown;
  try {
    json = JSON.parse(raw.body.toString('utf8'));
  } catch (err) {
    throw new BadBodyError(`the export object is not JSON (${(err as Error).message})`);
  }
  if (!json || typeof json !== 'object')
    throw new BadBodyError('the export object is not an object');
  const o = json as Record<string, unknown>;
  if (typeof o.id !== 'string' || o.id === '')
    throw new BadBodyError('the export object has no "id"');
  if (typeof o.status !== 'string') throw new BadBodyError('the export object has no "status"');
  const urls: string[] = [];
  const list = (o.exportUrls as { elements?: unknown } | undefined)?.elements;
  if (list !== undefined && !Array.isArray(list)) {
    throw new BadBodyError('"exportUrls.elements" is not an array');
  }
  for (const e of list ?? []) {
    const url = (e as { url?: unknown } | null)?.url;
    if (typeof url !== 'string' || !URL.canParse(url)) {
      throw new BadBodyError('an export file has no absolute "url"');
    }
    urls.push(url);
  }
  return {
    id: o.id,
    status: o.status.toUpperCase(),
    percentComplete: typeof o.percentComplete === 'number' ? o.percentComplete : undefined,
    urls,
    availableUntil: typeof o.availableUntil === 'number' ? o.availableUntil : undefined,
  };
}
