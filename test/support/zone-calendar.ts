/**
 * Calendar arithmetic in an IANA zone for the aggregate oracle, written from scratch on
 * `Intl.DateTimeFormat#formatToParts` (no import from @cloverql/dsl, whose time-zone code is what
 * the oracle checks). Correct for instants and wall times that are not inside a DST gap or fold;
 * the zones the suites use change clocks away from midnight, so every day starts at 00:00.
 */

const DAY = 86_400_000;

/** A wall-clock reading: calendar fields as the zone shows them. */
export interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
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
    formats.set(tz, f);
  }
  return f;
}

const walls = new Map<string, Map<number, Wall>>();

/** The wall clock in `tz` at instant `ms` (remembered: the suites ask about the same records often). */
export function wallAt(ms: number, tz: string): Wall {
  let seen = walls.get(tz);
  if (!seen) {
    seen = new Map();
    walls.set(tz, seen);
  }
  let w = seen.get(ms);
  if (!w) {
    w = readWall(ms, tz);
    seen.set(ms, w);
  }
  return w;
}

function readWall(ms: number, tz: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    ms: ((ms % 1000) + 1000) % 1000,
  };
}

/** The wall reading as if it were UTC: the "local ms" of the reading. */
const localMs = (w: Wall): number =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);

/** The zone's offset from UTC at instant `ms`, in ms. */
const offsetAt = (ms: number, tz: string): number => localMs(wallAt(ms, tz)) - ms;

/** The instant whose wall clock in `tz` reads `w` (outside gaps and folds). */
export function instantOf(w: Wall, tz: string): number {
  const local = localMs(w);
  // Two rounds of fixing the offset settle unless the reading is inside a clock change.
  const guess = local - offsetAt(local, tz);
  return local - offsetAt(guess, tz);
}

/** A date `days` calendar days after the given one. */
export function plusDays(
  d: { readonly year: number; readonly month: number; readonly day: number },
  days: number,
): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const midnights = new Map<string, number>();

/** Midnight in `tz` at the start of a calendar date. */
export function midnight(
  d: { readonly year: number; readonly month: number; readonly day: number },
  tz: string,
): number {
  const id = `${tz} ${d.year}-${d.month}-${d.day}`;
  let m = midnights.get(id);
  if (m === undefined) {
    m = instantOf(
      { year: d.year, month: d.month, day: d.day, hour: 0, minute: 0, second: 0, ms: 0 },
      tz,
    );
    midnights.set(id, m);
  }
  return m;
}

export type Unit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** Week days by `Date#getUTCDay` number. */
export const WEEK_DAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** The start (UTC ms) of the calendar hour/day/week/month/year in `tz` that holds instant `ms`. */
export function periodStart(
  ms: number,
  rule: { readonly unit: Unit; readonly tz: string; readonly weekStart: WeekDay },
): number {
  const w = wallAt(ms, rule.tz);
  switch (rule.unit) {
    case 'hour':
      // The instant of the last whole wall-clock hour: walk back the minutes shown.
      return ms - (w.minute * 60_000 + w.second * 1000 + w.ms);
    case 'day':
      return midnight(w, rule.tz);
    case 'week': {
      const dow = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
      const back = (dow - WEEK_DAYS.indexOf(rule.weekStart) + 7) % 7;
      return midnight(plusDays(w, -back), rule.tz);
    }
    case 'month':
      return midnight({ year: w.year, month: w.month, day: 1 }, rule.tz);
    case 'year':
      return midnight({ year: w.year, month: 1, day: 1 }, rule.tz);
  }
}
