import { EXPORT_TTL_MS } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { createdPhase, exportPhase } from './export-phase.js';

const timing = { durationMs: 10_000, pendingMs: 2_000 };

describe('export state machine (the Clover docs page "Export merchant data" "Step 2": PENDING -> IN_PROGRESS -> DONE)', () => {
  it('is PENDING at 0 % until the pending time has passed', () => {
    expect(exportPhase(1000, timing, 1000)).toMatchObject({
      status: 'PENDING',
      percentComplete: 0,
    });
    expect(exportPhase(1000, timing, 2999)).toMatchObject({
      status: 'PENDING',
      percentComplete: 0,
    });
  });

  it('is IN_PROGRESS with a rising percentComplete below 100', () => {
    const seen = [3000, 4000, 7000, 10_999].map((t) => exportPhase(1000, timing, t));
    expect(seen.map((p) => p.status)).toEqual(Array(4).fill('IN_PROGRESS'));
    expect(seen.map((p) => p.percentComplete)).toEqual([0, 12, 50, 99]);
  });

  it('is DONE at 100 % when the duration has passed, available for 24 h', () => {
    const done = exportPhase(1000, timing, 11_000);
    expect(done).toMatchObject({
      status: 'DONE',
      percentComplete: 100,
      doneAt: 11_000,
      modifiedTime: 11_000,
      availableUntil: 11_000 + EXPORT_TTL_MS,
      expired: false,
    });
    expect(exportPhase(1000, timing, 11_000 + EXPORT_TTL_MS - 1).expired).toBe(false);
    expect(exportPhase(1000, timing, 11_000 + EXPORT_TTL_MS).expired).toBe(true);
  });

  it('with a zero duration is DONE at once; creation always answers PENDING', () => {
    expect(exportPhase(500, { durationMs: 0, pendingMs: 0 }, 500).status).toBe('DONE');
    expect(createdPhase(500)).toMatchObject({
      status: 'PENDING',
      percentComplete: 0,
      modifiedTime: 500,
    });
  });

  it('stays PENDING if the clock is set back before creation', () => {
    expect(exportPhase(5000, timing, 0).status).toBe('PENDING');
  });
});
