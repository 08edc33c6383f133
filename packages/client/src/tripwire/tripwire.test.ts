import type { ServerFilter } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { highest, inclusiveRange, lowest, parseEchoedFilter, timeBounds } from './time-bounds.js';
import {
  CLOCK_SKEW_MS,
  checkExportFileCount,
  checkExportObjectTime,
  checkHref,
  checkPageSize,
  checkRecordTime,
  checkRecordTimePresent,
} from './tripwire.js';

const TIME = new Set(['createdTime', 'clientCreatedTime', 'modifiedTime']);
const DAY = 86_400_000;
/** Structured filters from `field op number` text (the wire form). */
const filters = (...texts: string[]): ServerFilter[] =>
  texts.map((t) => {
    const f = parseEchoedFilter(t);
    if (!f) throw new Error(`not a comparison: ${t}`);
    return f;
  });
const href = (...filters: string[]) =>
  `http://127.0.0.1:1/v3/merchants/M/payments?${filters.map((f) => `filter=${encodeURIComponent(f)}`).join('&')}&limit=100`;

describe('timeBounds', () => {
  it('reads range filters as inclusive integer bounds and intersects them per field', () => {
    const b = timeBounds(
      [
        ...filters('createdTime>=10', 'createdTime<20', 'createdTime>12', 'total>5'),
        ...filters('modifiedTime<=7'),
        { kind: 'isNull', field: 'createdTime', negated: true },
        { kind: 'in', field: 'createdTime', values: [1], negated: false },
        { kind: 'comparison', field: 'createdTime', op: '=', value: 'x' },
      ],
      TIME,
    );
    expect(Object.fromEntries(b)).toEqual({
      createdTime: inclusiveRange(13, 19),
      modifiedTime: { lower: null, upper: { value: 7, inclusive: true } },
    });
  });

  it('treats `<b` and `<=b-1` alike and `=v` as [v, v]', () => {
    expect(timeBounds(filters('createdTime<100'), TIME)).toEqual(
      timeBounds(filters('createdTime<=99'), TIME),
    );
    expect(timeBounds(filters('createdTime=5'), TIME).get('createdTime')).toEqual(
      inclusiveRange(5, 5),
    );
  });

  it('reads the first and last millisecond of any range, open ends infinite', () => {
    const r = { lower: { value: 5, inclusive: false }, upper: { value: 10, inclusive: false } };
    expect([lowest(r), highest(r)]).toEqual([6, 9]);
    expect([lowest(inclusiveRange(5, 10)), highest(inclusiveRange(5, 10))]).toEqual([5, 10]);
    const open = { lower: null, upper: null };
    expect([lowest(open), highest(open)]).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('reads only numeric comparisons from echoed filter text', () => {
    expect(parseEchoedFilter('createdTime >= 10')).toEqual({
      kind: 'comparison',
      field: 'createdTime',
      op: '>=',
      value: 10,
    });
    expect(parseEchoedFilter('state IS NULL')).toBeNull();
    expect(parseEchoedFilter("id in ('A')")).toBeNull();
  });
});

describe('tripwire (a): href bounds against the bounds sent', () => {
  const text = ['createdTime>=1000', `createdTime<${1000 + 90 * DAY}`, 'amount>5'];
  const sent = filters(...text);
  const now = 1000 + 400 * DAY;

  it('passes when the server echoes the same bounds, in either spelling', () => {
    expect(checkHref({ sent, href: href(...text), timeFields: TIME, now })).toBeNull();
    expect(
      checkHref({
        sent,
        href: href('amount>5', 'createdTime>=1000', `createdTime<=${1000 + 90 * DAY - 1}`),
        timeFields: TIME,
        now,
      }),
    ).toBeNull();
  });

  it('fails when the server raised the lower bound (the 90-day clamp)', () => {
    const clamped = href(`createdTime>=${2000}`, `createdTime<${1000 + 90 * DAY}`);
    expect(checkHref({ sent, href: clamped, timeFields: TIME, now })).toMatch(/clamped the range/);
  });

  it('fails when the server added bounds to a request that sent none', () => {
    const unwindowed = href(`createdTime>=${now - 90 * DAY}`, `createdTime<=${now}`);
    expect(checkHref({ sent: [], href: unwindowed, timeFields: TIME, now })).toMatch(/clamped/);
  });

  it('accepts an upper bound lowered to the server\'s "now" (a future bound), within the skew', () => {
    const future = filters('createdTime>=1000', `createdTime<=${now + 1000}`);
    const echoed = href('createdTime>=1000', `createdTime<=${now - 1000}`);
    expect(checkHref({ sent: future, href: echoed, timeFields: TIME, now })).toBeNull();
    const tooLow = href('createdTime>=1000', `createdTime<=${now - CLOCK_SKEW_MS - 1}`);
    expect(checkHref({ sent: future, href: tooLow, timeFields: TIME, now })).toMatch(/clamped/);
  });

  it('says nothing when there is no href or it does not echo time filters', () => {
    expect(checkHref({ sent, href: undefined, timeFields: TIME, now })).toBeNull();
    expect(
      checkHref({
        sent,
        href: 'http://x/v3/merchants/M/payments?limit=100',
        timeFields: TIME,
        now,
      }),
    ).toBeNull();
    expect(checkHref({ sent, href: 42, timeFields: TIME, now })).toBeNull();
  });
});

describe('tripwire (b): record time inside the bounds sent', () => {
  const bounds = inclusiveRange(100, 199);
  it('passes inside, fails outside, on both ends', () => {
    expect(checkRecordTime(100, { field: 'createdTime', bounds })).toBeNull();
    expect(checkRecordTime(199, { field: 'createdTime', bounds })).toBeNull();
    expect(checkRecordTime(99, { field: 'createdTime', bounds })).toMatch(/outside the requested/);
    expect(checkRecordTime(200, { field: 'createdTime', bounds })).toMatch(/outside/);
  });
  it('checks nothing for a request without bounds or a non-numeric value', () => {
    expect(checkRecordTime(5, { field: 'createdTime', bounds: undefined })).toBeNull();
    expect(checkRecordTime(null, { field: 'createdTime', bounds })).toBeNull();
  });
});

describe("tripwire (b'): the window's time field is a number", () => {
  const bounds = inclusiveRange(100, 199);
  it('fails for a missing, null, string or non-finite time in a windowed request', () => {
    const at = { field: 'createdTime', bounds };
    expect(checkRecordTimePresent(undefined, at)).toMatch(/no numeric createdTime \(missing\)/);
    expect(checkRecordTimePresent(null, at)).toMatch(/\(null\)/);
    expect(checkRecordTimePresent('150', at)).toMatch(/\("150"\)/);
    expect(checkRecordTimePresent(Number.NaN, at)).toMatch(/no numeric/);
    expect(checkRecordTimePresent({ t: 1 }, at)).toMatch(/no numeric/);
  });
  it('passes any number (the range is checked by (b)) and anything without bounds', () => {
    expect(checkRecordTimePresent(150, { field: 'createdTime', bounds })).toBeNull();
    expect(checkRecordTimePresent(5000, { field: 'createdTime', bounds })).toBeNull();
    expect(checkRecordTimePresent(null, { field: 'createdTime', bounds: undefined })).toBeNull();
  });
});

describe('tripwire (c): page size', () => {
  it('fails only for more elements than the page size', () => {
    expect(checkPageSize(100, 100)).toBeNull();
    expect(checkPageSize(3, 100)).toBeNull();
    expect(checkPageSize(101, 100)).toMatch(/page size is 100/);
  });
});

describe('tripwire (d): export files', () => {
  it('wants exactly 1000 objects in every file but the last, and at most 1000 in the last', () => {
    expect(checkExportFileCount({ index: 0, files: 3, count: 1000 })).toBeNull();
    expect(checkExportFileCount({ index: 2, files: 3, count: 500 })).toBeNull();
    expect(checkExportFileCount({ index: 0, files: 1, count: 0 })).toBeNull();
    expect(checkExportFileCount({ index: 1, files: 3, count: 999 })).toMatch(
      /file 2 of 3 holds 999/,
    );
    expect(checkExportFileCount({ index: 0, files: 2, count: 1001 })).toMatch(/holds 1001/);
    expect(checkExportFileCount({ index: 2, files: 3, count: 1001 })).toMatch(/at most 1000/);
  });
  it('wants every object inside the inclusive [startTime, endTime]', () => {
    const range = inclusiveRange(100, 200);
    expect(checkExportObjectTime(100, range)).toBeNull();
    expect(checkExportObjectTime(200, range)).toBeNull();
    expect(checkExportObjectTime(201, range)).toMatch(/outside the export/);
    expect(checkExportObjectTime(99, range)).toMatch(/outside/);
  });
});
