/**
 * `toCurl(plan, ...)`: one shell command per request (its first page), for checking a plan by
 * hand against Clover. The token is read from `$CLOVER_TOKEN` rather than printed.
 */
import type { Plan } from '../planner/plan-types.js';

/** Options of `toCurl`. */
export interface CurlOptions {
  /** e.g. `https://apisandbox.dev.clover.com` */
  readonly baseUrl: string;
  readonly merchantId: string;
}

/** Quotes a string for a POSIX shell. */
function sh(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * The curl commands of a plan's requests.
 *
 * @example toCurl(plan, { baseUrl: 'https://apisandbox.dev.clover.com', merchantId: 'MID' })
 */
export function toCurl(plan: Plan, opts: CurlOptions): string[] {
  const base = opts.baseUrl.replace(/\/+$/, '');
  return plan.requests.map((r) => {
    const url = base + r.path.replace('{mId}', encodeURIComponent(opts.merchantId));
    const auth = `-H "Authorization: Bearer $CLOVER_TOKEN"`;
    if (r.method === 'POST') {
      return `curl -sS -X POST ${sh(url)} ${auth} -H 'Content-Type: application/json' --data ${sh(JSON.stringify(r.body))}`;
    }
    const params = r.query.map(([k, v]) => `--data-urlencode ${sh(`${k}=${v}`)}`).join(' ');
    return `curl -sS -G ${sh(url)} ${params} ${auth}`;
  });
}
