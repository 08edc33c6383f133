/**
 * `Retry-After` (RFC 9110 §10.2.3) is either a number of seconds or an HTTP-date. Clover sends
 * seconds on its concurrency 429s; an HTTP-date is read against the injected clock.
 */

/**
 * The wait a `Retry-After` value asks for, in ms from `now`, or undefined when the header is
 * missing or unreadable. A date in the past means "now" (0).
 *
 * @example parseRetryAfter('2', 0) // 2000
 * @example parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 0)) // 60000
 */
export function parseRetryAfter(
  value: string | readonly string[] | undefined,
  now: number,
): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  // Only well-formed dates: `Date.parse` alone accepts too much (e.g. "1").
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
