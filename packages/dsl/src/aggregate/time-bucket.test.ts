import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../limits/clover-limits.js';
import { bucketOf, createBucketer } from './time-bucket.js';

const at = (iso: string) => Date.parse(iso);
const NY = 'America/New_York';

describe('bucketOf', () => {
  it('cuts days at midnight in the zone, 23 hours long on the spring DST change', () => {
    const b = bucketOf(at('2025-03-09T12:00:00Z'), { unit: 'day', tz: NY });
    expect(b).toEqual({ start: at('2025-03-09T05:00:00Z'), end: at('2025-03-10T04:00:00Z') });
  });

  it('keeps the repeated hour of the autumn DST change as two buckets', () => {
    const first = bucketOf(at('2025-11-02T05:30:00Z'), { unit: 'hour', tz: NY });
    const second = bucketOf(at('2025-11-02T06:30:00Z'), { unit: 'hour', tz: NY });
    expect(first?.start).toBe(at('2025-11-02T05:00:00Z'));
    expect(second?.start).toBe(at('2025-11-02T06:00:00Z'));
    expect(second!.end - second!.start).toBe(HOUR_MS);
  });

  it('starts hours at whole wall-clock hours in half-hour zones', () => {
    expect(bucketOf(at('2025-01-01T00:10:00Z'), { unit: 'hour', tz: 'Asia/Kolkata' })?.start).toBe(
      at('2024-12-31T23:30:00Z'),
    );
  });

  it('starts weeks on Monday unless told otherwise', () => {
    const sunday = at('2025-02-09T12:00:00Z');
    expect(bucketOf(sunday, { unit: 'week', tz: 'UTC' })?.start).toBe(at('2025-02-03'));
    expect(bucketOf(sunday, { unit: 'week', tz: 'UTC', weekStart: 'sunday' })?.start).toBe(
      at('2025-02-09'),
    );
    expect(bucketOf(sunday, { unit: 'week', tz: 'UTC', weekStart: 'saturday' })?.start).toBe(
      at('2025-02-08'),
    );
  });

  it('cuts months and years in the zone', () => {
    const ms = at('2025-01-01T03:00:00Z'); // still December 31st in New York
    expect(bucketOf(ms, { unit: 'month', tz: NY })).toEqual({
      start: at('2024-12-01T05:00:00Z'),
      end: at('2025-01-01T05:00:00Z'),
    });
    expect(bucketOf(ms, { unit: 'year', tz: NY })?.start).toBe(at('2024-01-01T05:00:00Z'));
  });

  it('is null for an instant a Date cannot hold', () => {
    expect(bucketOf(9e15, { unit: 'day', tz: NY })).toBeNull();
  });
});

describe('createBucketer', () => {
  it('gives the same starts as bucketOf, in any order of instants', () => {
    const bucket = createBucketer({ unit: 'day', tz: NY });
    const times = [
      '2025-03-09T12:00:00Z',
      '2025-03-09T04:59:59Z',
      '2025-03-10T03:59:59Z',
      '2025-03-10T04:00:00Z',
    ];
    for (const t of times) {
      expect(bucket(at(t))).toBe(bucketOf(at(t), { unit: 'day', tz: NY })?.start);
    }
  });
});
