/**
 * Progress on stderr while a query runs: a bar of windows done with records, requests, retries
 * and the export state — only when stderr is a terminal, so pipes and logs stay clean.
 */
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Progress } from '../index.js';

/** Receives progress snapshots; `stop()` clears the bar before the summary is printed. */
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
  return {
    update(p) {
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
      if (started) bar.stop();
    },
  };
}

function extra(p: Progress): string {
  switch (p.phase) {
    case 'export-create':
      return ' | creating export';
    case 'export-wait':
      return p.waitingUntil
        ? ` | export API closed, waiting until ${new Date(p.waitingUntil).toISOString()}`
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
      return p.lastRetry ? ` | last retry: ${p.lastRetry.status}` : '';
  }
}
