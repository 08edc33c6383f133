import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  fromWallTime,
  isValidTimeZone,
  startOfDay,
  toWallTime,
  type WallTime,
} from './time-zone.js';

/** A wall time from `YYYY-MM-DD` or `YYYY-MM-DD hh:mm`. */
function wall(text: string): WallTime {
  const [year = Number.NaN, month = 1, day = 1, hour = 0, minute = 0] = text
    .split(/[- :]/)
    .map(Number);
  return { year, month, day, hour, minute, second: 0, millisecond: 0 };
}
const utc = (iso: string) => Date.parse(iso);
const has = (tz: string) => isValidTimeZone(tz);

describe('isValidTimeZone', () => {
  it('accepts UTC and IANA names', () => {
    for (const tz of ['UTC', 'Etc/UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata']) {
      expect(isValidTimeZone(tz), tz).toBe(true);
    }
  });

  it('rejects unknown names and empty strings', () => {
    for (const tz of ['Mars/Olympus', '', 'America/Nowhere', 'not a zone']) {
      expect(isValidTimeZone(tz), tz).toBe(false);
    }
  });
});

describe('UTC fast path', () => {
  it('converts both ways without Intl, milliseconds included', () => {
    const ms = utc('2024-02-29T23:59:59.999Z');
    expect(toWallTime(ms, 'UTC')).toEqual({
      year: 2024,
      month: 2,
      day: 29,
      hour: 23,
      minute: 59,
      second: 59,
      millisecond: 999,
    });
    expect(fromWallTime(toWallTime(ms, 'UTC'), 'UTC')).toBe(ms);
    expect(fromWallTime(wall('2024-01-01'), 'Etc/UTC')).toBe(utc('2024-01-01T00:00:00Z'));
  });

  it('handles instants before 1970', () => {
    expect(toWallTime(-1, 'UTC')).toMatchObject({
      year: 1969,
      month: 12,
      day: 31,
      millisecond: 999,
    });
  });
});

describe('America/New_York', () => {
  const tz = 'America/New_York';

  it('reads standard and daylight time', () => {
    expect(fromWallTime(wall('2024-01-15 09:00'), tz)).toBe(utc('2024-01-15T14:00:00Z'));
    expect(fromWallTime(wall('2024-07-15 09:00'), tz)).toBe(utc('2024-07-15T13:00:00Z'));
  });

  it('resolves a wall time in the spring gap to the instant after it', () => {
    // 2024-03-10 02:00 EST jumps to 03:00 EDT; 02:30 does not exist and reads as 03:30 EDT.
    expect(fromWallTime(wall('2024-03-10 02:30'), tz)).toBe(utc('2024-03-10T07:30:00Z'));
    expect(fromWallTime(wall('2024-03-10 03:00'), tz)).toBe(utc('2024-03-10T07:00:00Z'));
    expect(fromWallTime(wall('2024-03-10 01:59'), tz)).toBe(utc('2024-03-10T06:59:00Z'));
  });

  it('resolves a repeated wall time in the autumn fold to its first occurrence', () => {
    // 2024-11-03 02:00 EDT falls back to 01:00 EST; 01:30 happens at 05:30Z and 06:30Z.
    expect(fromWallTime(wall('2024-11-03 01:30'), tz)).toBe(utc('2024-11-03T05:30:00Z'));
    expect(toWallTime(utc('2024-11-03T06:30:00Z'), tz)).toMatchObject({ hour: 1, minute: 30 });
    expect(fromWallTime(wall('2024-11-03 02:00'), tz)).toBe(utc('2024-11-03T07:00:00Z'));
  });

  it('gives 23- and 25-hour days across the changes', () => {
    const len = (d: { year: number; month: number; day: number }) =>
      (startOfDay(addDays(d, 1), tz) - startOfDay(d, tz)) / 3_600_000;
    expect(startOfDay({ year: 2024, month: 3, day: 10 }, tz)).toBe(utc('2024-03-10T05:00:00Z'));
    expect(len({ year: 2024, month: 3, day: 10 })).toBe(23);
    expect(len({ year: 2024, month: 11, day: 3 })).toBe(25);
    expect(len({ year: 2024, month: 6, day: 1 })).toBe(24);
  });
});

describe('Europe/Berlin', () => {
  const tz = 'Europe/Berlin';

  it('resolves the spring gap (02:00 CET -> 03:00 CEST) to the instant after it', () => {
    expect(fromWallTime(wall('2024-03-31 02:30'), tz)).toBe(utc('2024-03-31T01:30:00Z'));
    expect(startOfDay({ year: 2024, month: 3, day: 31 }, tz)).toBe(utc('2024-03-30T23:00:00Z'));
  });

  it('resolves the autumn fold (03:00 CEST -> 02:00 CET) to the first occurrence', () => {
    expect(fromWallTime(wall('2024-10-27 02:30'), tz)).toBe(utc('2024-10-27T00:30:00Z'));
    expect(toWallTime(utc('2024-10-27T01:30:00Z'), tz)).toMatchObject({ hour: 2, minute: 30 });
  });
});

describe('Asia/Kolkata (+05:30, no DST)', () => {
  const tz = 'Asia/Kolkata';

  it('converts half-hour offsets exactly', () => {
    expect(startOfDay({ year: 2024, month: 1, day: 1 }, tz)).toBe(utc('2023-12-31T18:30:00Z'));
    expect(toWallTime(utc('2024-01-01T00:00:00Z'), tz)).toMatchObject({
      year: 2024,
      month: 1,
      day: 1,
      hour: 5,
      minute: 30,
    });
  });
});

describe.runIf(has('Australia/Lord_Howe'))('Australia/Lord_Howe (30-minute DST)', () => {
  const tz = 'Australia/Lord_Howe';

  it('resolves the half-hour spring gap to the instant after it', () => {
    // 2024-10-06 02:00 (+10:30) jumps to 02:30 (+11); 02:15 reads as 02:45.
    expect(fromWallTime(wall('2024-10-06 02:15'), tz)).toBe(utc('2024-10-05T15:45:00Z'));
  });

  it('resolves the half-hour autumn fold to the first occurrence', () => {
    // 2024-04-07 02:00 (+11) falls back to 01:30 (+10:30); 01:45 happens twice.
    expect(fromWallTime(wall('2024-04-07 01:45'), tz)).toBe(utc('2024-04-06T14:45:00Z'));
  });
});

describe.runIf(has('America/Santiago'))('America/Santiago (DST changes at midnight)', () => {
  const tz = 'America/Santiago';

  it('starts a day whose midnight is skipped at the first instant of that day', () => {
    // 2024-09-08 00:00 (-04) jumps to 01:00 (-03).
    expect(startOfDay({ year: 2024, month: 9, day: 8 }, tz)).toBe(utc('2024-09-08T04:00:00Z'));
    expect(toWallTime(utc('2024-09-08T04:00:00Z'), tz)).toMatchObject({ day: 8, hour: 1 });
  });
});

describe('round trips', () => {
  it('toWallTime then fromWallTime is the identity except in folds', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: utc('1971-01-01T00:00:00Z'), max: utc('2037-12-31T00:00:00Z') }),
        fc.constantFrom(...zones),
        (ms, tz) => {
          const w = toWallTime(ms, tz);
          const back = fromWallTime(w, tz);
          // In a fold the first occurrence wins, which is at most an hour earlier.
          expect(back === ms || (back < ms && ms - back <= 3_600_000)).toBe(true);
          expect(toWallTime(back, tz)).toEqual(w);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('addDays', () => {
  // [from, days, to]: month and year ends, leap days, century leap rules, the accepted years' ends.
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-06-01', -14, '2024-05-18'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1970-01-01', -1, '1969-12-31'],
    ['9999-12-31', 1, '10000-01-01'],
    ['2026-01-01', -7, '2025-12-25'],
  ] as const)('%s plus %i days is %s', (from, days, to) => {
    const date = (s: string) => {
      const [year, month, day] = s.split('-').map(Number) as [number, number, number];
      return { year, month, day };
    };
    expect(addDays(date(from), days)).toEqual(date(to));
  });
});

describe('instants outside the Date range', () => {
  it('give NaN instead of throwing, in every zone', () => {
    for (const tz of ['UTC', 'America/New_York']) {
      for (const ms of [Number.NaN, 9e15, -9e15, Number.POSITIVE_INFINITY]) {
        expect(() => toWallTime(ms, tz)).not.toThrow();
        expect(toWallTime(ms, tz).year).toBeNaN();
      }
      expect(fromWallTime(wall('NaN'), tz)).toBeNaN();
      expect(startOfDay(addDays({ year: 2024, month: 1, day: 1 }, 1e9), tz)).toBeNaN();
    }
  });
});

describe('addDays and daysInMonth', () => {
  const viaDate = (d: { year: number; month: number; day: number }, n: number) => {
    const x = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
    return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
  };

  it('agrees with Date for any date and shift, inside a month and across months and years', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(1970, 0, 1)),
          max: new Date(Date.UTC(9999, 0, 1)),
          noInvalidDate: true,
        }),
        fc.integer({ min: -800, max: 800 }),
        (t, n) => {
          const d = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
          expect(addDays(d, n)).toEqual(viaDate(d, n));
        },
      ),
    );
  });

  it('knows leap years', () => {
    expect([2024, 2023, 2000, 1900].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28]);
    for (let m = 1; m <= 12; m++)
      expect(daysInMonth(2023, m)).toBe(viaDate({ year: 2023, month: m + 1, day: 1 }, -1).day);
  });
});

describe('toWallTime in UTC', () => {
  it('agrees with Date over the whole range a Date holds', () => {
    fc.assert(
      fc.property(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), (ms) => {
        const d = new Date(ms);
        expect(toWallTime(ms, 'UTC')).toEqual({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
          millisecond: d.getUTCMilliseconds(),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date at the edges of days, leap days and centuries', () => {
    const edges = [
      '1970-01-01',
      '1969-12-31',
      '2000-02-29',
      '1900-03-01',
      '2100-02-28',
      '9999-12-31',
    ];
    for (const e of edges) {
      for (const delta of [-1, 0, 1, 86_399_999]) {
        const ms = Date.parse(`${e}T00:00:00Z`) + delta;
        const d = new Date(ms);
        expect(toWallTime(ms, 'Etc/UTC')).toMatchObject({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          millisecond: d.getUTCMilliseconds(),
        });
      }
    }
  });
});

describe('startOfDay in UTC', () => {
  it('is Date.UTC of the date, in and out of the calendar range', () => {
    const year = fc.oneof(
      fc.integer({ min: 1970, max: 9999 }),
      fc.integer({ min: -300_000, max: 300_000 }),
    );
    const part = (min: number, max: number) =>
      fc.oneof(fc.integer({ min, max }), fc.double({ min, max, noNaN: true }));
    fc.assert(
      fc.property(year, part(-2, 15), part(-40, 40), (y, m, d) => {
        expect(startOfDay({ year: y, month: m, day: d }, 'UTC')).toBe(Date.UTC(y, m - 1, d));
      }),
      { numRuns: 20_000 },
    );
    expect(startOfDay({ year: 50, month: 1, day: 1 }, 'UTC')).toBe(Date.UTC(50, 0, 1));
    expect(startOfDay({ year: 2024, month: 2, day: 31 }, 'Etc/UTC')).toBe(Date.UTC(2024, 2, 2));
  });
});
