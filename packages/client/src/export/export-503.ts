/**
 * The Export API answers 503 for two different reasons that need different handling: outside
 * its opening hours ("Outside of these times, we return a 503 with available hours", Clover's
 * export README) — wait for the next opening — and when too many exports are in progress —
 * back off and try again. The hours answer is recognised by the available hours it states
 * (the mock also sends them as `availableHours`, see docs/decisions/2026-11-23-wire-contract.md);
 * every other 503 counts as busy.
 */
import type { RawResponse } from '../http/http-types.js';

/** Why a create request got 503. */
export type Export503 = 'hours' | 'busy';

const HOURS_TEXT = /\bavailab(le|ility)\b|\bhours?\b|\bUTC\b/i;

/**
 * Tells the hours 503 from the busy one.
 *
 * @example classifyExport503({ status: 503, headers: {}, body: Buffer.from('{"availableHours":"MON-FRI 10:00-15:00 UTC"}') }) // 'hours'
 */
export function classifyExport503(raw: RawResponse): Export503 {
  const text = raw.body.toString('utf8');
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object') {
      const o = json as Record<string, unknown>;
      if (o.availableHours !== undefined) return 'hours';
      const words = [o.message, o.details].filter((v) => typeof v === 'string').join(' ');
      return HOURS_TEXT.test(words) ? 'hours' : 'busy';
    }
  } catch {
    // Not JSON: read the text.
  }
  return HOURS_TEXT.test(text) ? 'hours' : 'busy';
}
