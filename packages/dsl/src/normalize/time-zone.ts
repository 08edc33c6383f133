/**
 * Wall-clock <-> UTC conversion in an IANA time zone, with `Intl` only (no tz tables of our own).
 * Formatters are costly to build, so one is cached per zone.
 */
import { DAY_MS } from '../limits/clover-limits.js';

/** A calendar date and wall-clock time. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether `tz` names UTC itself (no offsets, no transitions). */
export const isUtc = (tz: string) => tz === 'UTC' || tz === 'Etc/UTC';

/** Whether `tz` is an IANA zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (isUtc(tz)) return true;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Instants a `Date` can hold: ±8.64e15 ms. */
const MAX_DATE_MS = 8.64e15;

const INVALID_WALL_TIME: WallTime = Object.freeze({
  year: Number.NaN,
  month: Number.NaN,
  day: Number.NaN,
  hour: Number.NaN,
  minute: Number.NaN,
  second: Number.NaN,
  millisecond: Number.NaN,
});

/**
 * The wall-clock time at instant `ms` in `tz`. An instant a `Date` cannot hold gives NaN fields
 * rather than throwing (Intl throws on an invalid date), so callers can report it as a range error.
 */
export function toWallTime(ms: number, tz: string): WallTime {
  if (!(Math.abs(ms) <= MAX_DATE_MS)) return INVALID_WALL_TIME;
  if (isUtc(tz)) return utcWallTime(ms);
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/**
 * The UTC wall time of an instant by arithmetic (H. Hinnant's `civil_from_days`), not through a
 * `Date` and seven getters, which cost about half a microsecond per call on Node 20.
 */
function utcWallTime(instant: number): WallTime {
  const ms = Math.trunc(instant); // as a Date truncates
  const days = Math.floor(ms / DAY_MS);
  const inDay = ms - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / 3_600_000),
    minute: Math.floor(inDay / 60_000) % 60,
    second: Math.floor(inDay / 1000) % 60,
    millisecond: inDay % 1000,
  };
}

const asUtcMs = (w: WallTime) =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** Offset of `tz` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(ms: number, tz: string): number {
  return asUtcMs(toWallTime(ms, tz)) - ms;
}

/**
 * The instant a wall-clock time in `tz` denotes. A time skipped by a DST change resolves to the
 * instant after the gap; a repeated time resolves to its first occurrence. NaN when the wall time
 * is outside the range of `Date`.
 */
export function fromWallTime(w: WallTime, tz: string): number {
  const local = asUtcMs(w);
  if (isUtc(tz) || Number.isNaN(local)) return local;
  const o1 = offsetAt(local, tz);
  const guess = local - o1;
  const o2 = offsetAt(guess, tz);
  if (o1 === o2) {
    // Repeated hour: an earlier instant with a larger offset may show the same wall time.
    const earlier = local - offsetAt(guess - DAY_MS / 24, tz);
    return earlier < guess && asUtcMs(toWallTime(earlier, tz)) === local ? earlier : guess;
  }
  const second = local - o2;
  return asUtcMs(toWallTime(second, tz)) === local ? second : Math.max(guess, second);
}

/** Midnight at the start of a calendar day in `tz`. */
export function startOfDay(date: { year: number; month: number; day: number }, tz: string): number {
  // A literal, not `{ ...date, hour: 0, … }`: on Node 20 the spread of an object with a varying
  // shape costs microseconds (a third of a small compile), the literal tens of nanoseconds.
  if (isUtc(tz)) return utcStartOfDay(date.year, date.month, date.day);
  return fromWallTime(
    {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    },
    tz,
  );
}

/**
 * Date.UTC(year, month - 1, day) by day numbers for a calendar date (Date.UTC is a call into the
 * runtime, a visible part of compiling a query with dates on Node 20). Anything else — years
 * before 100 (Date.UTC reads them as 19xx) or after 9999, a month or day out of range, a
 * fraction — goes to Date.UTC.
 */
function utcStartOfDay(year: number, month: number, day: number): number {
  if (
    Number.isInteger(year) &&
    year >= 100 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= 31
  ) {
    return daysFromCivil(year, month, day) * DAY_MS;
  }
  return Date.UTC(year, month - 1, day);
}

/** How many days a month of the proleptic Gregorian calendar has (`month` 1 to 12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The calendar date `days` after (or before) the given one. */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  // Within the month, arithmetic; across months, day numbers (below): both without a `Date`,
  // which costs a quarter of a microsecond on Node 20 (5% of a small compile).
  const day = date.day + days;
  if (day >= 1 && day <= 28) return { year: date.year, month: date.month, day };
  return civilFromDays(daysFromCivil(date.year, date.month, date.day) + days);
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level
 * date algorithms"): eras of 400 years, years starting in March so the leap day comes last.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day number of daysFromCivil (Hinnant's `civil_from_days`). */
function civilFromDays(n: number): { year: number; month: number; day: number } {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
