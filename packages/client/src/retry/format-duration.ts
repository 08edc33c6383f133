/** Waits in words, for messages about waits the client refuses or makes. */

const YEAR = 365.25 * 86_400_000;
const UNITS: readonly (readonly [string, number])[] = [
  ['day', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
];

/**
 * A wait in words, to its two largest units (rounded down): seconds below a minute, years
 * beyond one.
 *
 * @example formatDuration(999_999_000) // '11 days 13 h'
 * @example formatDuration(1500) // '1.5 s'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'for ever';
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms >= YEAR) {
    const years = Math.floor(ms / YEAR);
    return `${years} year${years === 1 ? '' : 's'}`;
  }
  const parts: string[] = [];
  let left = ms;
  for (const [name, size] of UNITS) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n > 0) parts.push(name === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${name}`);
    else if (parts.length) break;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
