import { Writable } from 'node:stream';
import type { Progress } from '@cloverql/client';
import { describe, expect, it } from 'vitest';
import { progressLine, progressView } from './progress.js';

class FakeTty extends Writable {
  text = '';
  isTTY = true;
  columns = 160;
  cursorTo() {
    return true;
  }
  clearLine() {
    return true;
  }
  moveCursor() {
    return true;
  }
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

const snap = (p: Partial<Progress>): Progress => ({
  phase: 'rest',
  windowsDone: 1,
  windowsTotal: 4,
  requests: 7,
  retries: 2,
  records: 1234,
  ...p,
});

describe('progress on stderr', () => {
  it('draws windows, records, requests, retries and the export state on a terminal', () => {
    const tty = new FakeTty();
    const view = progressView(tty, true);
    view.update(snap({}));
    view.update(snap({ phase: 'export-poll', exportPercent: 40, windowsDone: 2 }));
    view.stop();
    expect(tty.text).toContain('1/4 windows');
    expect(tty.text).toContain('1234 records');
    expect(tty.text).toContain('7 requests');
    expect(tty.text).toContain('2 retries');
    expect(tty.text).toContain('export 40%');
  });
  it('says when the client waits after a create request lost its answer', () => {
    const tty = new FakeTty();
    const view = progressView(tty, true);
    view.update(
      snap({
        phase: 'export-orphan-wait',
        waitingUntil: Date.UTC(2026, 0, 7, 12, 5),
        orphanedExports: 1,
      }),
    );
    view.stop();
    expect(tty.text).toContain('export answer lost; waiting until 2026-01-07 12:05Z');
  });
  it('writes nothing when disabled (stderr is not a terminal, or --quiet)', () => {
    const tty = new FakeTty();
    const view = progressView(tty, false);
    view.update(snap({}));
    view.stop();
    expect(tty.text).toBe('');
  });

  it('puts a wait first and never draws a line wider than the terminal', () => {
    const now = Date.UTC(2026, 10, 29, 8, 0);
    const waiting = snap({ phase: 'export-wait', waitingUntil: now + 2 * 3_600_000 + 300_000 });
    const line = progressLine(waiting, { columns: 80, now });
    expect(line).toBe(
      ' export API closed, opens 2026-11-29 10:05Z (in 2 h 5 min); --no-wait fails',
    );
    const longest = snap({
      phase: 'export-wait',
      waitingUntil: now + 9 * 86_400_000 + 23 * 3_600_000,
    });
    expect(progressLine(longest, { columns: 80, now })).toMatch(/--no-wait fails$/);
    const wide = progressLine(waiting, { columns: 120, now });
    expect(wide).toContain('--no-wait fails');
    for (const columns of [20, 40, 80, 200]) {
      const bar = progressLine(
        snap({ lastRetry: { status: 503, delayMs: 1500, request: 'GET /x' } }),
        { columns, now },
      );
      expect(bar.length).toBeLessThan(columns);
    }
  });
});
