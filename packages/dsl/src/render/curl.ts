/**
 * `toCurl(plan, ...)`: one shell command per request (its first page), for checking a plan by
 * hand against Clover. Every command can be pasted into bash as printed: values are quoted for
 * the shell, and a value given as a variable reference (`$CLOVER_BASE_URL`) stays one, expanded
 * by the shell inside double quotes instead of being URL-encoded. The token is read from
 * `$CLOVER_TOKEN` unless a literal one is given (the embedded mock's).
 */
import type { Plan } from '../planner/plan-types.js';

/** Options of `toCurl`. */
export interface CurlOptions {
  /** e.g. `https://apisandbox.dev.clover.com`, or `$CLOVER_BASE_URL` for the shell to fill in. */
  readonly baseUrl: string;
  /** A merchant id, or `$CLOVER_MERCHANT_ID` for the shell to fill in. */
  readonly merchantId: string;
  /** A token to print as is (a mock's); default: the shell's `$CLOVER_TOKEN`. */
  readonly token?: string | undefined;
}

/** A shell variable reference such as `$CLOVER_BASE_URL`. */
const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

/** A word for the shell: literal text, or a variable the shell expands. */
type Part = { readonly text: string } | { readonly variable: string };

/** Single-quotes a string for a POSIX shell. */
function sh(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Joins parts into one double-quoted shell word: literals escaped, variables as `${NAME}`. */
function dq(parts: readonly Part[]): string {
  const body = parts
    .map((p) => ('variable' in p ? `\${${p.variable}}` : p.text.replace(/[\\"$`]/g, '\\$&')))
    .join('');
  return `"${body}"`;
}

function part(value: string, encode: (s: string) => string): Part {
  const v = VARIABLE.exec(value);
  return v ? { variable: v[1]! } : { text: encode(value) };
}

/**
 * The curl commands of a plan's requests.
 *
 * @example toCurl(plan, { baseUrl: 'https://apisandbox.dev.clover.com', merchantId: 'MID' })
 * @example toCurl(plan, { baseUrl: '$CLOVER_BASE_URL', merchantId: '$CLOVER_MERCHANT_ID' })
 */
export function toCurl(plan: Plan, opts: CurlOptions): string[] {
  const base = part(opts.baseUrl, (s) => s.replace(/\/+$/, ''));
  const merchant = part(opts.merchantId, encodeURIComponent);
  const auth =
    opts.token === undefined
      ? `-H "Authorization: Bearer \${CLOVER_TOKEN}"`
      : `-H ${sh(`Authorization: Bearer ${opts.token}`)}`;
  return plan.requests.map((r) => {
    const [before, after = ''] = r.path.split('{mId}');
    const url = dq([base, { text: before ?? '' }, merchant, { text: after }]);
    if (r.method === 'POST') {
      return `curl -sS -X POST ${url} ${auth} -H 'Content-Type: application/json' --data ${sh(JSON.stringify(r.body))}`;
    }
    const params = r.query.map(([k, v]) => `--data-urlencode ${sh(`${k}=${v}`)}`).join(' ');
    return `curl -sS -G ${url} ${params} ${auth}`;
  });
}
