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

/** Width of the bar itself, in characters. */
const BAR_WIDTH = 20;

/** A progress bar on `stream`, or a no-op view when `enabled` is false. */
export function progressView(stream: Writable, enabled: boolean): ProgressView {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const tty = stream as NodeJS.WriteStream;
  const bar = new cliProgress.SingleBar({
    stream: tty,
    // The line is ours: a wait says what it waits for first, and nothing is wider than the
    // terminal (a line wider than the screen would wrap and break the redraw).
    format: (_o, _params, payload: { snapshot: Progress }) =>
      progressLine(payload.snapshot, { columns: tty.columns ?? 80, now: Date.now() }),
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  let started = false;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const payload = { snapshot: p };
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

/**
 * The progress line of a snapshot, at most `columns - 1` characters: while the run waits (the
 * Export API closed, an orphaned export), what it waits for and until when; otherwise a bar of
 * windows done, records, requests, retries and the export state.
 *
 * @example progressLine(p, { columns: 80, now: Date.now() })
 */
export function progressLine(p: Progress, at: { columns: number; now: number }): string {
  return fit(waitText(p, at.now) ?? barText(p), at.columns - 1);
}

function waitText(p: Progress, now: number): string | undefined {
  if (p.waitingUntil === undefined) return undefined;
  const iso = new Date(p.waitingUntil).toISOString();
  const until = `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z (in ${duration(p.waitingUntil - now)})`;
  // At most 79 characters for any wait under 10 days, so it fits an 80-column terminal.
  if (p.phase === 'export-wait') return ` export API closed, opens ${until}; --no-wait fails`;
  if (p.phase === 'export-orphan-wait') return ` export answer lost; waiting until ${until}`;
  return undefined;
}

function barText(p: Progress): string {
  const total = Math.max(1, p.windowsTotal);
  const done = Math.round((Math.min(p.windowsDone, total) / total) * BAR_WIDTH);
  const bar = '\u2588'.repeat(done) + '\u2591'.repeat(BAR_WIDTH - done);
  const retries = `${p.retries} retr${p.retries === 1 ? 'y' : 'ies'}`;
  return ` ${bar} ${p.windowsDone}/${p.windowsTotal} windows | ${p.records} records | ${p.requests} requests | ${retries}${extra(p)}`;
}

/** Cuts `line` to `width` characters, ending in an ellipsis when cut. */
function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}\u2026`;
}

function extra(p: Progress): string {
  switch (p.phase) {
    case 'export-create':
      return ' | creating export';
    case 'export-wait':
    case 'export-orphan-wait':
      return ' | waiting';
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
