import { describe, expect, it } from 'vitest';
import { fleetStatusOf, type MerchantFacts } from './status.js';

const at = new Date('2026-01-07T12:00:00Z');
const facts = (id: string, o: Partial<MerchantFacts> = {}): MerchantFacts => ({
  merchantId: id,
  lastRun: { state: 'ok', finishedAt: at, error: null },
  lastFinishedAt: at,
  queued: false,
  rows: 10,
  ...o,
});

describe('fleetStatusOf', () => {
  it('puts failing merchants first, then running, pending and ok, each by id', () => {
    const s = fleetStatusOf([
      facts('OK2'),
      facts('NEVER', { lastRun: undefined, lastFinishedAt: null, rows: 0 }),
      facts('FAIL', { lastRun: { state: 'failed', finishedAt: at, error: 'AUTH: bad token' } }),
      facts('OK1'),
      facts('RUN', { lastRun: { state: 'running', finishedAt: null, error: null } }),
      facts('QUEUED', { queued: true }),
    ]);
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
    const s = fleetStatusOf([
      facts('A'),
      facts('B', {
        lastRun: { state: 'failed', finishedAt: at, error: 'boom' },
        queued: true,
      }),
    ]);
    expect(s).toEqual({
      merchants: [
        {
          merchantId: 'B',
          state: 'failed',
          lastFinishedAt: '2026-01-07T12:00:00.000Z',
          rows: 10,
          error: 'boom',
        },
        { merchantId: 'A', state: 'ok', lastFinishedAt: '2026-01-07T12:00:00.000Z', rows: 10 },
      ],
    });
  });
});
