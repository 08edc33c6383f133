import type { Progress } from '@cloverql/client';
import { describe, expect, it } from 'vitest';
import { duration, waitNotices } from './wait-notice.js';

const base: Progress = {
  phase: 'rest',
  windowsDone: 0,
  windowsTotal: 1,
  requests: 1,
  retries: 0,
  records: 0,
};
const NOW = Date.UTC(2026, 10, 29, 8, 0, 0);

describe('waitNotices', () => {
  it('announces each new export opening once, with the instant, the wait and --no-wait', () => {
    const notice = waitNotices({ exportRegion: 'us', now: () => NOW });
    const opens = NOW + 2 * 3_600_000;
    const line = notice({ ...base, phase: 'export-wait', waitingUntil: opens });
    expect(line).toContain('2026-11-29T10:00:00.000Z');
    expect(line).toContain('in 2 h');
    expect(line).toContain('us opening hours');
    expect(line).toContain('--no-wait');
    expect(notice({ ...base, phase: 'export-wait', waitingUntil: opens })).toBeUndefined();
    expect(notice({ ...base, phase: 'export-wait', waitingUntil: opens + 86_400_000 })).toContain(
      '2026-11-30T10:00:00.000Z',
    );
  });

  it('announces the wait after an export request lost its answer', () => {
    const notice = waitNotices({ exportRegion: 'sandbox', now: () => NOW });
    const line = notice({ ...base, phase: 'export-orphan-wait', waitingUntil: NOW + 300_000 });
    expect(line).toContain('lost its answer; waiting until 2026-11-29T08:05:00.000Z (in 5 min)');
  });

  it('announces a retry that waits a second or more, once per retry, and not the short ones', () => {
    const notice = waitNotices({ exportRegion: 'us', now: () => NOW });
    const request = 'GET /v3/merchants/M/payments?limit=1000&offset=0';
    expect(
      notice({ ...base, retries: 1, lastRetry: { status: 'ECONNREFUSED', delayMs: 200, request } }),
    ).toBeUndefined();
    const line = notice({
      ...base,
      retries: 2,
      lastRetry: { status: 429, delayMs: 12_000, request },
    });
    expect(line).toBe(`cloverql: HTTP 429 for ${request}; retrying in 12 s (retry 2)`);
    // The same snapshot again (another field changed): nothing new to say.
    expect(
      notice({
        ...base,
        records: 5,
        retries: 2,
        lastRetry: { status: 429, delayMs: 12_000, request },
      }),
    ).toBeUndefined();
    expect(
      notice({
        ...base,
        retries: 3,
        lastRetry: { status: 'ECONNREFUSED', delayMs: 1500, request },
      }),
    ).toBe(`cloverql: ECONNREFUSED for ${request}; retrying in 1.5 s (retry 3)`);
  });
});

describe('duration', () => {
  it.each([
    [0, '0 s'],
    [1500, '1.5 s'],
    [42_000, '42 s'],
    [185_000, '3 min 5 s'],
    [7_800_000, '2 h 10 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
  ])('%d ms is %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
