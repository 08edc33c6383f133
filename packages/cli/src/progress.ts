/**
 * Progress on stderr while a query runs: a bar of windows done with records, requests, retries
 * and the export state — only when stderr is a terminal, so pipes and logs stay clean.
 */
import type { Writable } from 'node:stream';
import type { Progress } from '@cloverql/client';
import cliProgress from 'cli-progress';
import { duration } from './wait-notice.js';

/**
 * Receives progress snapshots; `stop()` erases the bar for good (before results or the summary
 * are printed); updates after it are ignored.
 */
export interface ProgressView {
  update(p: Progress): void;
  stop(): void;
}

/** A progress bar on `stream`, or a no-op view when `enabled` is false. */
export function progressView(stream: Writable, enabled: boolean): ProgressView {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format:
        ' {bar} {value}/{total} windows | {records} records | {requests} requests | {retries} retries{extra}',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const payload = {
        records: p.records,
        requests: p.requests,
        retries: p.retries,
        extra: extra(p),
      };
      if (!started) {
        bar.start(Math.max(1, p.windowsTotal), p.windowsDone, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(1, p.windowsTotal));
        bar.update(p.windowsDone, payload);
      }
    },
    stop() {
      // Idempotent: the caller stops the bar before writing results and again when it ends.
      if (started) bar.stop();
      started = false;
      stopped = true;
    },
  };
}

function extra(p: Progress): string {
  switch (p.phase) {
    case 'export-create':
      return ' | creating export';
    case 'export-wait':
      return p.waitingUntil
        ? ` | export API closed, waiting until ${new Date(p.waitingUntil).toISOString()} (--no-wait fails instead)`
        : ' | waiting';
    case 'export-orphan-wait':
      return p.waitingUntil
        ? ` | an export create request lost its answer, waiting until ${new Date(p.waitingUntil).toISOString()}`
        : ' | waiting';
    case 'export-poll':
      return ` | export ${p.exportPercent ?? 0}%`;
    case 'export-download':
      return ' | downloading export files';
    default:
      return p.lastRetry
        ? ` | last retry: ${p.lastRetry.status}, waited ${duration(p.lastRetry.delayMs)}`
        : '';
  }
}
