import { describe, expect, it } from 'vitest';
import { fleetStatusOf, type MerchantFacts, watermarkLag } from './status.js';

const at = new Date('2026-01-07T12:00:00Z');
const facts = (id: string, o: Partial<MerchantFacts> = {}): MerchantFacts => ({
  merchantId: id,
  lastRun: { state: 'ok', finishedAt: at, error: null },
  lastFinishedAt: at,
  queued: false,
  rows: 10,
  watermarks: [at.getTime() - 60_000, at.getTime() - 5_000, at.getTime() - 5_000],
  ...o,
});
const NOW = at.getTime() + 1_000;

describe('fleetStatusOf', () => {
  it('puts failing merchants first, then running, pending and ok, each by id', () => {
    const s = fleetStatusOf(
      [
        facts('OK2'),
        facts('NEVER', { lastRun: undefined, lastFinishedAt: null, rows: 0 }),
        facts('FAIL', { lastRun: { state: 'failed', finishedAt: at, error: 'AUTH: bad token' } }),
        facts('OK1'),
        facts('RUN', { lastRun: { state: 'running', finishedAt: null, error: null } }),
        facts('QUEUED', { queued: true }),
      ],
      NOW,
    );
    expect(s.merchants.map((m) => [m.merchantId, m.state])).toEqual([
      ['FAIL', 'failed'],
      ['RUN', 'running'],
      ['NEVER', 'pending'],
      ['QUEUED', 'pending'],
      ['OK1', 'ok'],
      ['OK2', 'ok'],
    ]);
  });

  it('has exactly the documented keys, with error only on a failed merchant', () => {
    const s = fleetStatusOf(
      [
        facts('A'),
        facts('B', {
          lastRun: { state: 'failed', finishedAt: at, error: 'boom' },
          queued: true,
        }),
        facts('C', { lastRun: undefined, lastFinishedAt: null, rows: 0, watermarks: [] }),
      ],
      NOW,
    );
    expect(s).toEqual({
      merchants: [
        {
          merchantId: 'B',
          state: 'failed',
          lastFinishedAt: '2026-01-07T12:00:00.000Z',
          rows: 10,
          watermarkLagMs: 61_000,
          error: 'boom',
        },
        {
          merchantId: 'C',
          state: 'pending',
          lastFinishedAt: null,
          rows: 0,
          watermarkLagMs: null,
        },
        {
          merchantId: 'A',
          state: 'ok',
          lastFinishedAt: '2026-01-07T12:00:00.000Z',
          rows: 10,
          watermarkLagMs: 61_000,
        },
      ],
    });
  });

  it('takes the lag from the oldest watermark, and has none while any resource backfills', () => {
    expect(watermarkLag([9_000, 4_000, 7_000], 10_000)).toBe(6_000);
    expect(watermarkLag([4_000, null], 10_000)).toBeNull();
    expect(watermarkLag([], 10_000)).toBeNull();
    // A worker's clock ahead of the database's never makes a negative lag.
    expect(watermarkLag([10_500], 10_000)).toBe(0);
  });
});
