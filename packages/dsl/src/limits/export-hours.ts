import { DAY_MS, HOUR_MS, type Region } from './clover-limits.js';

/** Regions whose Export API has opening hours of its own; `sandbox` is always open. */
export const EXPORT_REGIONS = Object.freeze(['us', 'eu', 'sandbox'] as const);

export type ExportRegion = (typeof EXPORT_REGIONS)[number];

/**
 * The Export API hours that apply to an API region: Clover lists US and EU hours only, so the
 * other North and Latin American regions follow the US.
 *
 * @example exportRegionOf('ca') // 'us'
 */
export function exportRegionOf(region: Region): ExportRegion {
  return region === 'eu' || region === 'sandbox' ? region : 'us';
}

/** One daily opening in UTC: `[from, to)` hours, on the given UTC weekdays (0 = Sunday). */
export interface ExportOpening {
  readonly days: readonly number[];
  readonly fromHour: number;
  readonly toHour: number;
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * Export API availability in UTC, exactly as Clover's "Export merchant data" page lists it:
 * US MON-FRI 10:00-15:00, SAT 10:00-15:00, SUN 10:00-15:00;
 * EU MON-FRI 01:00-05:00, SAT 02:00-05:00, SUN 02:00-06:00. The end hour is exclusive.
 */
export const EXPORT_HOURS: Readonly<Record<ExportRegion, readonly ExportOpening[] | null>> = {
  us: [
    { days: WEEKDAYS, fromHour: 10, toHour: 15 },
    { days: [6], fromHour: 10, toHour: 15 },
    { days: [0], fromHour: 10, toHour: 15 },
  ],
  eu: [
    { days: WEEKDAYS, fromHour: 1, toHour: 5 },
    { days: [6], fromHour: 2, toHour: 5 },
    { days: [0], fromHour: 2, toHour: 6 },
  ],
  sandbox: null,
};

function openingOn(region: ExportRegion, dayStart: number): ExportOpening | undefined {
  const day = new Date(dayStart).getUTCDay();
  return EXPORT_HOURS[region]?.find((o) => o.days.includes(day));
}

/** Whether the Export API of `region` accepts new exports at instant `at` (UTC ms). */
export function isExportOpen(region: ExportRegion, at: number): boolean {
  if (EXPORT_HOURS[region] === null) return true;
  const dayStart = Math.floor(at / DAY_MS) * DAY_MS;
  const o = openingOn(region, dayStart);
  return (
    o !== undefined && at >= dayStart + o.fromHour * HOUR_MS && at < dayStart + o.toHour * HOUR_MS
  );
}

/**
 * The next instant at or after `at` when the Export API of `region` is open, with the end of
 * that opening. For an open instant this is `at` itself.
 *
 * @example nextExportOpening('us', Date.UTC(2024, 0, 1, 16)) // { opensAt: Jan 2 10:00Z, closesAt: Jan 2 15:00Z }
 */
export function nextExportOpening(
  region: ExportRegion,
  at: number,
): { opensAt: number; closesAt: number } {
  if (EXPORT_HOURS[region] === null) return { opensAt: at, closesAt: Number.POSITIVE_INFINITY };
  const firstDay = Math.floor(at / DAY_MS) * DAY_MS;
  for (let i = 0; i < 8; i++) {
    const dayStart = firstDay + i * DAY_MS;
    const o = openingOn(region, dayStart);
    if (!o) continue;
    const from = dayStart + o.fromHour * HOUR_MS;
    const to = dayStart + o.toHour * HOUR_MS;
    if (at < to) return { opensAt: Math.max(at, from), closesAt: to };
  }
  /* c8 ignore next */
  throw new Error(`no export opening within a week for region ${region}`);
}

/** A human-readable list of the opening hours, as Clover's 503 body states them. */
export function describeExportHours(region: ExportRegion): string {
  const hours = EXPORT_HOURS[region];
  if (hours === null) return 'always available';
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const label = (days: readonly number[]) =>
    days.length === 5 ? 'MON-FRI' : days[0] === 6 ? 'SAT' : 'SUN';
  return `${hours.map((o) => `${label(o.days)} ${pad(o.fromHour)}-${pad(o.toHour)}`).join(', ')} UTC`;
}
