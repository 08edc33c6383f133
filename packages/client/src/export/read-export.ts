/**
 * One export window, start to finish: wait for the Export API's opening hours, create the
 * export (backing off while the server is busy), poll it with a growing delay until DONE, then
 * download its files a few at a time and hand on their objects in file order. A file that has
 * expired (404/410) makes the window start over with a new export, at most
 * `MAX_RECREATIONS` times; the window's id set keeps objects already handed on from coming
 * twice. An export not DONE within `exports.deadlineMs` ends the run (`EXPORT_TIMEOUT`); a
 * create request whose answer was lost is not re-sent at once (see `create-ambiguity.ts`).
 */
import {
  describeExportHours,
  type ExportRegion,
  type ExportRequest,
  isExportOpen,
  nextExportOpening,
  type TimeRange,
} from '@cloverql/dsl';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { ClientError, type ClientErrorContext } from '../errors/client-error.js';
import type { FailedAttempt, HttpRequest } from '../http/http-types.js';
import { serverMessage } from '../http/server-message.js';
import { parseEnvelope } from '../paging/read-pages.js';
import { backoffDelay } from '../retry/backoff.js';
import { apiUrl, fieldValue, type RunContext, windowOf } from '../run/run-context.js';
import { inclusiveRange } from '../tripwire/time-bounds.js';
import {
  checkExportFileCount,
  checkExportObjectTime,
  checkRecordTimePresent,
} from '../tripwire/tripwire.js';
import { describeAmbiguity, nothingCreated } from './create-ambiguity.js';
import { classifyExport503 } from './export-503.js';
import { ExportDeadline, formatDuration } from './export-deadline.js';
import { type ExportObject, parseExportObject } from './export-object.js';

/** How many times one window's export is created again after its files expired. */
export const MAX_RECREATIONS = 2;

/** Poll delays grow by this factor up to `exports.maxPollMs`. */
export const POLL_GROWTH = 1.5;

/** Statuses of an export that is still running. */
const RUNNING = new Set(['PENDING', 'IN_PROGRESS']);

type Window = { readonly index: number; readonly text: string };

/**
 * Runs plan request `index` (a POST /exports) and emits its objects that pass the gate.
 *
 * @example await readExport(ctx, 0, async (records) => out.push(...records), signal);
 */
export async function readExport(
  ctx: RunContext,
  index: number,
  io: { readonly emit: (records: ClientRecord[]) => Promise<void>; readonly signal: AbortSignal },
): Promise<void> {
  const request = ctx.plan.requests[index]!;
  if (request.kind !== 'export')
    throw new TypeError(`readExport: request ${index} is not an export request`);
  const window = windowOf(ctx.plan, request);
  // The export's inclusive range, the bounds objects are checked against.
  const range = inclusiveRange(request.startTime, request.endTime);
  const pass = ctx.gate.open(index);
  for (let round = 0; ; round++) {
    // Each export, a re-created one too, gets the whole allowance.
    const deadline = new ExportDeadline(ctx.clock, ctx.options.exports.deadlineMs);
    const step = { request, window, deadline, signal: io.signal };
    const created = await createExport(ctx, step);
    const done = await pollExport(ctx, { ...step, created });
    const outcome = await downloadFiles(ctx, { done, window, range, pass, ...io });
    if (outcome === 'complete') break;
    if (round >= MAX_RECREATIONS) {
      throw new ClientError(
        'EXPORT_EXPIRED',
        `the export's files expired before they could be downloaded, ${round + 1} times`,
        { ...at(window), status: outcome.status, request: outcome.request },
      );
    }
  }
  ctx.gate.close(index);
  ctx.progress.windowDone();
}

function at(window: Window): ClientErrorContext {
  return { window: window.index, windowText: window.text };
}

/**
 * Waits (or, with `wait: false`, fails) until the region's Export API is open by the clock; the
 * wait does not count against the deadline.
 */
async function waitForOpening(
  ctx: RunContext,
  c: {
    readonly window: Window;
    readonly request: string;
    readonly deadline: ExportDeadline;
    readonly signal: AbortSignal;
  },
): Promise<void> {
  const region = ctx.options.exports.region;
  for (;;) {
    const now = ctx.clock.now();
    if (isExportOpen(region, now)) return;
    const { opensAt } = nextExportOpening(region, now);
    if (!ctx.options.exports.wait) {
      throw new ClientError(
        'EXPORT_UNAVAILABLE',
        `the Export API is closed now (${region} hours: ${describeExportHours(region)}); it opens at ${new Date(opensAt).toISOString()}`,
        { ...at(c.window), request: c.request },
      );
    }
    ctx.progress.phase('export-wait', { waitingUntil: opensAt, exportPercent: undefined });
    await sleep(ctx, { ms: opensAt - now, window: c.window, request: c.request, signal: c.signal });
    c.deadline.exclude(ctx.clock.now() - now);
  }
}

/** Sleeps on the run's clock; an abort names the window and the request waited on. */
async function sleep(
  ctx: RunContext,
  s: { ms: number; window: Window; request: string; signal: AbortSignal },
): Promise<void> {
  try {
    await ctx.clock.sleep(s.ms, s.signal);
  } catch (err) {
    const reason: unknown = s.signal.aborted ? s.signal.reason : err;
    if (reason instanceof ClientError) throw reason;
    throw new ClientError('ABORTED', 'the run was aborted', {
      ...at(s.window),
      request: s.request,
      cause: reason,
    });
  }
}

/** The window's export is not DONE in time. */
function timeoutError(
  c: { readonly window: Window; readonly deadline: ExportDeadline },
  s: { readonly state: string; readonly request: string },
): ClientError {
  return new ClientError(
    'EXPORT_TIMEOUT',
    `the export did not finish within ${formatDuration(c.deadline.ms)} (exports.deadlineMs): ${s.state}`,
    { ...at(c.window), request: s.request },
  );
}

/**
 * POSTs the export, waiting for opening hours and backing off on a busy 503. After a failure
 * that may have created an export (its answer lost) it counts an orphan and waits
 * `exports.orphanWaitMs` before creating again, at most `exports.maxAmbiguousCreates` times.
 */
async function createExport(
  ctx: RunContext,
  c: {
    readonly request: ExportRequest;
    readonly window: Window;
    readonly deadline: ExportDeadline;
    readonly signal: AbortSignal;
  },
): Promise<ExportObject> {
  const { url, describe } = apiUrl(ctx.options, c.request.path, c.request.query);
  const lost: { last: FailedAttempt | undefined } = { last: undefined };
  const req: HttpRequest = {
    method: 'POST',
    url,
    auth: true,
    body: c.request.body,
    describe: `${describe('POST')} ${JSON.stringify(c.request.body)}`,
    window: c.window,
    passStatuses: [503],
    // Re-sent at once only when the failure proves no export was created.
    mayResend: (failed) => {
      if (nothingCreated(failed)) return true;
      lost.last = failed;
      return false;
    },
  };
  const region: ExportRegion = ctx.options.exports.region;
  const { orphanWaitMs, maxAmbiguousCreates } = ctx.options.exports;
  const { policy, budget, random } = ctx.retry;
  const sleepFor = (ms: number) =>
    sleep(ctx, { ms, window: c.window, request: req.describe, signal: c.signal });
  let ambiguous = 0;
  for (let attempt = 1; ; attempt++) {
    await waitForOpening(ctx, { ...c, request: req.describe });
    c.deadline.start();
    if (c.deadline.remaining() <= 0) {
      const orphans = ambiguous ? `, after ${ambiguous} create requests whose answer was lost` : '';
      throw timeoutError(c, { state: `no export was created${orphans}`, request: req.describe });
    }
    ctx.progress.phase('export-create', { waitingUntil: undefined, exportPercent: undefined });
    lost.last = undefined;
    let reply: Awaited<ReturnType<typeof ctx.fetch<ExportObject>>>;
    try {
      reply = await ctx.fetch(req, parseExportObject, c.signal);
    } catch (err) {
      const failed = lost.last;
      if (failed === undefined || !(err instanceof ClientError)) throw err;
      ambiguous++;
      ctx.progress.orphaned();
      const what = describeAmbiguity(failed);
      if (ambiguous > maxAmbiguousCreates) {
        throw new ClientError(
          'EXPORT_AMBIGUOUS',
          `${ambiguous} create requests failed after they may have reached Clover (last: ${what}); each may have started an export that Clover cannot list and the client cannot read, so it stops instead of creating more (exports.maxAmbiguousCreates is ${maxAmbiguousCreates})`,
          { ...at(c.window), request: req.describe, attempts: ambiguous, cause: err },
        );
      }
      if (!budget.take()) {
        throw new ClientError(
          'RETRY_BUDGET',
          `the run's retry budget of ${budget.spent} retries is spent`,
          { ...at(c.window), request: req.describe, cause: err },
        );
      }
      // Give the orphan, if there is one, time to finish and free its export slot.
      const delayMs = Math.min(orphanWaitMs, c.deadline.remaining());
      ctx.progress.retried({ status: what, delayMs, request: req.describe });
      ctx.progress.phase('export-orphan-wait', {
        waitingUntil: ctx.clock.now() + delayMs,
        exportPercent: undefined,
      });
      await sleepFor(delayMs);
      continue;
    }
    if (reply.ok) return reply.value;
    const kind = classifyExport503(reply.raw);
    // Closed by our clock too: the loop waits for the opening (or fails with wait: false).
    if (kind === 'hours' && !isExportOpen(region, ctx.clock.now())) continue;
    const context = {
      ...at(c.window),
      status: reply.status,
      serverMessage: serverMessage(reply.raw.body),
      request: req.describe,
      attempts: attempt,
    };
    if (attempt >= policy.maxAttempts) {
      throw kind === 'hours'
        ? new ClientError(
            'EXPORT_UNAVAILABLE',
            `Clover says the Export API is outside its hours, but by the ${region} hours (${describeExportHours(region)}) it is open now; check the exports.region option`,
            context,
          )
        : new ClientError(
            'UNAVAILABLE',
            'Clover kept refusing to start the export (too many exports in progress)',
            context,
          );
    }
    if (!budget.take()) {
      throw new ClientError(
        'RETRY_BUDGET',
        `the run's retry budget of ${budget.spent} retries is spent`,
        context,
      );
    }
    const delayMs = Math.min(
      backoffDelay(policy, { retry: attempt - 1, random }),
      c.deadline.remaining(),
    );
    ctx.progress.retried({ status: reply.status, delayMs, request: req.describe });
    await sleepFor(delayMs);
  }
}

/** Polls until DONE; FAILED or an unknown status ends the run. */
async function pollExport(
  ctx: RunContext,
  c: {
    readonly created: ExportObject;
    readonly request: ExportRequest;
    readonly window: Window;
    readonly deadline: ExportDeadline;
    readonly signal: AbortSignal;
  },
): Promise<ExportObject> {
  const { pollMs, maxPollMs } = ctx.options.exports;
  const path = `${c.request.path.replace(/\/+$/, '')}/${encodeURIComponent(c.created.id)}`;
  const { url, describe } = apiUrl(ctx.options, path);
  const req: HttpRequest = {
    method: 'GET',
    url,
    auth: true,
    describe: describe('GET'),
    window: c.window,
  };
  let exp = c.created;
  let delay = pollMs;
  for (;;) {
    ctx.progress.phase('export-poll', {
      exportPercent: exp.percentComplete ?? 0,
      waitingUntil: undefined,
    });
    if (exp.status === 'DONE') return exp;
    if (!RUNNING.has(exp.status)) {
      throw new ClientError('EXPORT_FAILED', `export ${exp.id} ended with status ${exp.status}`, {
        ...at(c.window),
        request: req.describe,
      });
    }
    const left = c.deadline.remaining();
    if (left <= 0) {
      const state = `export ${exp.id} was still ${exp.status} at ${exp.percentComplete ?? 0}%`;
      throw timeoutError(c, { state, request: req.describe });
    }
    // The last poll falls on the deadline itself.
    await sleep(ctx, {
      ms: Math.min(delay, left),
      window: c.window,
      request: req.describe,
      signal: c.signal,
    });
    delay = Math.min(maxPollMs, Math.round(delay * POLL_GROWTH));
    const reply = await ctx.fetch(req, parseExportObject, c.signal);
    if (!reply.ok)
      throw new ClientError('BAD_RESPONSE', `unexpected HTTP ${reply.status}`, {
        ...at(c.window),
        request: req.describe,
      });
    exp = reply.value;
  }
}

/** A file that answered 404/410: the export's files are gone. */
interface Expired {
  readonly status: number;
  readonly request: string;
}

type FileResult = { readonly records: ClientRecord[] } | { readonly expired: Expired };

/**
 * Downloads every file of a DONE export, `downloadConcurrency` at a time, and emits their
 * objects in file order after the tripwire checks (d).
 */
async function downloadFiles(
  ctx: RunContext,
  c: {
    readonly done: ExportObject;
    readonly window: Window;
    readonly range: TimeRange;
    readonly pass: (r: ClientRecord) => boolean;
    readonly emit: (records: ClientRecord[]) => Promise<void>;
    readonly signal: AbortSignal;
  },
): Promise<'complete' | Expired> {
  const urls = c.done.urls;
  const files = urls.length;
  ctx.progress.phase('export-download', { exportPercent: 100, waitingUntil: undefined });
  const controller = new AbortController();
  const onAbort = () => controller.abort(c.signal.reason);
  c.signal.addEventListener('abort', onAbort, { once: true });
  const started: Promise<FileResult>[] = [];
  const start = (i: number) => {
    if (i >= files || started[i]) return;
    const p = downloadFile(ctx, {
      url: urls[i]!,
      index: i,
      files,
      window: c.window,
      signal: controller.signal,
    });
    p.catch(() => undefined);
    started[i] = p;
  };
  try {
    for (let i = 0; i < files; i++) {
      for (let j = i; j < i + ctx.options.exports.downloadConcurrency; j++) start(j);
      const result = await started[i]!;
      if ('expired' in result) return result.expired;
      const truncated = (reason: string) =>
        new ClientError('TRUNCATED', reason, {
          ...at(c.window),
          request: describeFile(urls[i]!, { index: i, files }),
        });
      const count = checkExportFileCount({ index: i, files, count: result.records.length });
      if (count) throw truncated(count);
      for (const r of result.records) {
        const created = fieldValue(ctx.plan, r, 'createdTime');
        // An object with no numeric createdTime cannot be shown to lie in the export's range.
        const missing = checkRecordTimePresent(created, { field: 'createdTime', bounds: c.range });
        if (missing)
          throw new ClientError('PROTOCOL', `${missing} (object ${r.id})`, {
            ...at(c.window),
            request: describeFile(urls[i]!, { index: i, files }),
          });
        const bad = checkExportObjectTime(created, c.range);
        if (bad) throw truncated(`${bad} (object ${r.id})`);
      }
      const kept = result.records.filter(c.pass);
      if (kept.length) await c.emit(kept);
    }
    return 'complete';
  } finally {
    controller.abort();
    c.signal.removeEventListener('abort', onAbort);
    await Promise.allSettled(started);
  }
}

async function downloadFile(
  ctx: RunContext,
  f: { url: string; index: number; files: number; window: Window; signal: AbortSignal },
): Promise<FileResult> {
  const req: HttpRequest = {
    method: 'GET',
    url: new URL(f.url),
    // Pre-signed: the URL is the credential; the API token must not travel to the file host.
    auth: false,
    describe: describeFile(f.url, f),
    window: f.window,
    passStatuses: [404, 410],
  };
  const reply = await ctx.fetch(req, parseEnvelope, f.signal);
  if (!reply.ok) return { expired: { status: reply.status, request: req.describe } };
  return { records: reply.value.elements };
}

/**
 * A file request for messages, without the secret part of its pre-signed URL: the origin and
 * the file's name only.
 */
function describeFile(url: string, f: { index: number; files: number }): string {
  const u = new URL(url);
  const name = u.pathname.split('/').filter(Boolean).at(-1) ?? '';
  return `GET ${u.origin}/…/${name} (export file ${f.index + 1} of ${f.files})`;
}
