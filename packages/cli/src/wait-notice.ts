/**
 * What the CLI says while a run waits: for the Export API's opening hours, or before a retry
 * that backs off for a while (a 429's `Retry-After`, a refused connection, a busy server). A
 * person must never stare at a silent command, so each new wait gets one line on stderr, with
 * what it waits for and until when — off a terminal as well as on one.
 */
import type { Progress } from '@cloverql/client';

/** Backoffs shorter than this are not announced (one line per short retry would be noise). */
export const ANNOUNCE_RETRY_MS = 1000;

/**
 * A stateful reader of progress snapshots that returns a line for each new wait and undefined
 * otherwise. `exportRegion` names whose opening hours apply, for the message.
 *
 * @example
 * const notice = waitNotices({ exportRegion: 'us', now: Date.now });
 * onProgress: (p) => { const line = notice(p); if (line) console.error(line); }
 */
export function waitNotices(ctx: {
  readonly exportRegion: string;
  readonly now: () => number;
}): (p: Progress) => string | undefined {
  let announcedOpening: number | undefined;
  let seenRetries = 0;
  return (p) => {
    if (p.phase === 'export-wait' && p.waitingUntil !== undefined) {
      if (p.waitingUntil === announcedOpening) return undefined;
      announcedOpening = p.waitingUntil;
      const at = new Date(p.waitingUntil).toISOString();
      return `cloverql: the Export API is closed now (${ctx.exportRegion} opening hours); waiting until it opens at ${at} (in ${duration(p.waitingUntil - ctx.now())}) — use --no-wait to fail at once instead`;
    }
    if (p.phase === 'export-orphan-wait' && p.waitingUntil !== undefined) {
      if (p.waitingUntil === announcedOpening) return undefined;
      announcedOpening = p.waitingUntil;
      const at = new Date(p.waitingUntil).toISOString();
      return `cloverql: an export request lost its answer; waiting until ${at} (in ${duration(p.waitingUntil - ctx.now())}) for an export it may have started to finish before creating it again`;
    }
    if (p.retries === seenRetries || p.lastRetry === undefined) return undefined;
    seenRetries = p.retries;
    const { status, delayMs, request } = p.lastRetry;
    if (delayMs < ANNOUNCE_RETRY_MS) return undefined;
    const what = typeof status === 'number' ? `HTTP ${status}` : status;
    return `cloverql: ${what} for ${request}; retrying in ${duration(delayMs)} (retry ${p.retries})`;
  };
}

/** `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return ms < 10_000 && ms > 0 ? `${(ms / 1000).toFixed(1)} s` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}
