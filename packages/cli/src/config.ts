/**
 * Resolves the CLI's configuration from flags, environment (`CLOVER_TOKEN`, `CLOVER_MERCHANT_ID`,
 * `CLOVER_BASE_URL`, `CLOVER_REGION`) and the config file's profile, validated with zod. With
 * none of the four given anywhere, the CLI runs against the embedded mock.
 */
// zod is loaded only when a connection is resolved: importing it costs about as much as starting
// node, and `--help` or a plain `explain` never needs it.

import type { Region } from '@cloverql/dsl';

/** A region `--region` / `CLOVER_REGION` accepts: one of `@cloverql/dsl`'s `REGIONS`. */
export type CloverRegion = Region;

/** Where queries go. */
export type Target =
  | { readonly kind: 'embedded' }
  | {
      readonly kind: 'remote';
      readonly token: string;
      readonly merchantId: string;
      readonly baseUrl?: string;
      readonly region?: CloverRegion;
    };

/** Flags common to the commands that talk to Clover. */
export interface ConnectionFlags {
  readonly token?: string | undefined;
  readonly merchantId?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly region?: string | undefined;
}

/** A configuration problem, reported as a usage error (exit 2). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ENV_NAMES: Readonly<Record<keyof ConnectionFlags, string>> = {
  token: 'CLOVER_TOKEN / --token',
  merchantId: 'CLOVER_MERCHANT_ID / --merchant-id',
  baseUrl: 'CLOVER_BASE_URL / --base-url',
  region: 'CLOVER_REGION / --region',
};

/**
 * Each setting from the flags, else the environment, else the profile (each setting on its own:
 * `CLOVER_TOKEN` may replace a profile's token and keep its merchant id); empty variables count
 * as unset.
 *
 * @example await resolveTarget({}, { CLOVER_TOKEN: 't' }, { merchantId: 'MERCHANT00001' })
 */
export async function resolveTarget(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
  profile: ConnectionFlags = {},
): Promise<Target> {
  const { connectionSchema } = await import('./connection-schema.js');
  const given = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const pick = (key: keyof ConnectionFlags, name: string) =>
    given(flags[key]) ?? given(env[name]) ?? given(profile[key]);
  const raw = {
    token: pick('token', 'CLOVER_TOKEN'),
    merchantId: pick('merchantId', 'CLOVER_MERCHANT_ID'),
    baseUrl: pick('baseUrl', 'CLOVER_BASE_URL'),
    region: pick('region', 'CLOVER_REGION'),
  };
  const parsed = connectionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues
        .map(
          (i) =>
            `${ENV_NAMES[i.path[0] as keyof ConnectionFlags] ?? String(i.path[0])} ${i.message}`,
        )
        .join('; '),
    );
  }
  const c = parsed.data;
  if (!c.token && !c.merchantId && !c.baseUrl && !c.region) return { kind: 'embedded' };
  const missing = [
    ...(c.token ? [] : ['CLOVER_TOKEN (or --token)']),
    ...(c.merchantId ? [] : ['CLOVER_MERCHANT_ID (or --merchant-id)']),
  ];
  if (missing.length > 0) {
    throw new ConfigError(
      `to query Clover set ${missing.join(' and ')}; or unset CLOVER_* to use the embedded mock`,
    );
  }
  return {
    kind: 'remote',
    token: c.token!,
    merchantId: c.merchantId!,
    ...(c.baseUrl ? { baseUrl: c.baseUrl.replace(/\/+$/, '') } : {}),
    ...(c.region ? { region: c.region } : {}),
  };
}

/** Parses an instant flag: unix ms, or an ISO date/datetime (UTC unless it has an offset). */
export function parseInstant(value: string, flag: string): number {
  const v = value.trim();
  const ms = /^\d+$/.test(v)
    ? Number(v)
    : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(ms)) {
    throw new ConfigError(
      `${flag} must be unix ms or an ISO date such as 2024-01-01, not '${value}'`,
    );
  }
  return ms;
}

/** Parses a number flag within bounds. */
export function parseNumber(
  value: string,
  spec: { flag: string; min: number; max: number; integer?: boolean },
): number {
  const n = Number(value);
  const ok =
    value.trim() !== '' &&
    Number.isFinite(n) &&
    n >= spec.min &&
    n <= spec.max &&
    (!spec.integer || Number.isInteger(n));
  if (!ok) {
    throw new ConfigError(
      `${spec.flag} must be a${spec.integer ? ' whole' : ''} number from ${spec.min} to ${spec.max}, not '${value}'`,
    );
  }
  return n;
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a duration flag: `90` (seconds), `90s`, `5m`, `2h`, `1d`, `500ms`; returns ms.
 *
 * @throws ConfigError naming the flag and the accepted forms.
 * @example parseDuration('5m', { flag: '--max-retry-after', minMs: 0, maxMs: 86_400_000 }) // 300000
 */
export function parseDuration(
  value: string,
  spec: { flag: string; minMs: number; maxMs: number },
): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  const ms = m ? Math.round(Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] ?? 1000)) : Number.NaN;
  if (!(ms >= spec.minMs && ms <= spec.maxMs)) {
    throw new ConfigError(
      `${spec.flag} must be a duration such as 90s, 5m or 2h (from ${spec.minMs / 1000} s to ${spec.maxMs / 1000} s), not '${value}'`,
    );
  }
  return ms;
}
