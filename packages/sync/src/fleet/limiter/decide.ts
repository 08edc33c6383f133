/**
 * The fleet limiter's decisions, as plain functions over plain rows: whether one more request may
 * start now given the app's and the token's buckets, the leases in flight and any pause; and what
 * a 429 asks of the whole fleet. The SQL edge runs the same rules in one statement
 * (`cloverql_fleet_acquire`, schema/fleet-migrations.ts); `acquire-sql.test.ts` checks that it
 * agrees with {@link decide}.
 *
 * Why the figures sit below Clover's: Clover (and the mock) count on a token bucket of one
 * second's worth (50 for the app, 16 per token). A grant is stamped in PostgreSQL a little before
 * the request reaches Clover, and that delay varies; grants bunched by up to `jitterMs` can arrive
 * together. A bucket of rate r' ≤ r and burst b' with b' + r'·jitter ≤ b never overruns Clover's
 * bucket however the delays fall, so the burst is cut by the jitter allowance and the rate runs at
 * 1000/1025 of Clover's (the same guard as the client's `RATE_WINDOW_MS`).
 */
import { RATE_LIMITS } from '@cloverql/dsl';

/** One bucket's stored state. */
export interface BucketRow {
  /** Tokens left at `updatedAt` (fractional). */
  readonly tokens: number;
  /** When `tokens` was computed, in ms of the database's clock. */
  readonly updatedAt: number;
  /** No request may start before this instant (a 429 paused the scope); 0 when not paused. */
  readonly pausedUntil: number;
}

/** One scope's limits: a token bucket and a cap on requests in flight. */
export interface ScopeLimits {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** Bucket size: the largest burst. */
  readonly burst: number;
  /** Requests in flight at most. */
  readonly inFlight: number;
}

/** The fleet's limits: for the app as a whole and for each token. */
export interface FleetLimits {
  readonly app: ScopeLimits;
  readonly token: ScopeLimits;
}

/** The spread of delays between a grant and Clover seeing the request that the limits absorb. */
export const JITTER_ALLOWANCE_MS = 200;

/** The guard on the rate, as the client's: 1000 ms of Clover's for every 1025 ms of ours. */
const RATE_GUARD = 1000 / 1025;

/**
 * Limits that stay inside Clover's `perSecond` / `concurrent` for any delay spread up to
 * {@link JITTER_ALLOWANCE_MS}.
 *
 * @example scopeLimits(50, 10) // { ratePerSecond: 48.78…, burst: 40, inFlight: 10 }
 */
export function scopeLimits(perSecond: number, concurrent: number): ScopeLimits {
  const ratePerSecond = perSecond * RATE_GUARD;
  const burst = Math.max(1, Math.floor(perSecond - (ratePerSecond * JITTER_ALLOWANCE_MS) / 1000));
  return { ratePerSecond, burst, inFlight: concurrent };
}

/** Clover's limits (50/s and 10 in flight per app, 16/s and 5 per token), with the guards above. */
export const CLOVER_FLEET_LIMITS: FleetLimits = Object.freeze({
  app: scopeLimits(RATE_LIMITS.appPerSecond, RATE_LIMITS.appConcurrent),
  token: scopeLimits(RATE_LIMITS.tokenPerSecond, RATE_LIMITS.tokenConcurrent),
});

/** What {@link decide} reads. */
export interface LimiterView {
  /** The database's now, in ms. */
  readonly now: number;
  /** The app's bucket; undefined before the first request ever (a full bucket). */
  readonly app: BucketRow | undefined;
  /** The token's bucket; undefined before its first request. */
  readonly token: BucketRow | undefined;
  /** Unexpired leases of the whole fleet, and of this token. */
  readonly appLeases: number;
  readonly tokenLeases: number;
  readonly limits: FleetLimits;
}

/** Why a request must wait. */
export type WaitReason =
  | 'app-paused'
  | 'token-paused'
  | 'app-in-flight'
  | 'token-in-flight'
  | 'app-rate'
  | 'token-rate';

/** {@link decide}'s answer. */
export type Decision =
  | { readonly grant: true; readonly app: BucketRow; readonly token: BucketRow }
  | { readonly grant: false; readonly reason: WaitReason; readonly waitMs: number };

/** How long to look again when only a release (which is not announced) can free a slot. */
export const IN_FLIGHT_POLL_MS = 10;

/** The bucket refilled to `now`. */
export function refill(row: BucketRow | undefined, limits: ScopeLimits, now: number): BucketRow {
  if (!row) return { tokens: limits.burst, updatedAt: now, pausedUntil: 0 };
  const elapsed = Math.max(0, now - row.updatedAt);
  const tokens = Math.min(limits.burst, row.tokens + (elapsed * limits.ratePerSecond) / 1000);
  return { tokens, updatedAt: Math.max(now, row.updatedAt), pausedUntil: row.pausedUntil };
}

/** Ms until `row` holds one whole token. */
function untilToken(row: BucketRow, limits: ScopeLimits): number {
  return Math.max(1, Math.ceil(((1 - row.tokens) * 1000) / limits.ratePerSecond));
}

/**
 * Whether one request may start at `view.now`; if so, the buckets with one token taken each.
 * Pauses come first (Clover asked the fleet to stop), then the caps in flight, then the rates.
 *
 * @example
 * const d = decide({ now, app: undefined, token: undefined, appLeases: 0, tokenLeases: 0, limits: CLOVER_FLEET_LIMITS });
 * d.grant // true
 */
export function decide(view: LimiterView): Decision {
  const { now, limits } = view;
  const app = refill(view.app, limits.app, now);
  const token = refill(view.token, limits.token, now);
  if (app.pausedUntil > now)
    return { grant: false, reason: 'app-paused', waitMs: app.pausedUntil - now };
  if (token.pausedUntil > now)
    return { grant: false, reason: 'token-paused', waitMs: token.pausedUntil - now };
  if (view.appLeases >= limits.app.inFlight)
    return { grant: false, reason: 'app-in-flight', waitMs: IN_FLIGHT_POLL_MS };
  if (view.tokenLeases >= limits.token.inFlight)
    return { grant: false, reason: 'token-in-flight', waitMs: IN_FLIGHT_POLL_MS };
  if (app.tokens < 1)
    return { grant: false, reason: 'app-rate', waitMs: untilToken(app, limits.app) };
  if (token.tokens < 1)
    return { grant: false, reason: 'token-rate', waitMs: untilToken(token, limits.token) };
  return {
    grant: true,
    app: { ...app, tokens: app.tokens - 1 },
    token: { ...token, tokens: token.tokens - 1 },
  };
}

/** A pause that a response asks for: which scope, until when. */
export interface Pause {
  readonly scope: 'app' | 'token';
  readonly until: number;
}

/** How long a 429 without `Retry-After` pauses its scope: Clover's counting window. */
export const DEFAULT_PAUSE_MS = 1000;

/**
 * The pause a response asks for, or null. A 429 whose `X-RateLimit-*` header names an app-wide
 * limit (`crossTokenLimit`, `crossTokenConcurrentLimit`) pauses the whole fleet; one naming a
 * token's limit (or none) pauses that token. For `Retry-After` seconds when given, else one second.
 *
 * @example pauseOf({ status: 429, headers: { 'x-ratelimit-crosstokenlimit': '50' } }, 0) // { scope: 'app', until: 1000 }
 */
export function pauseOf(
  outcome: {
    readonly status?: number | undefined;
    readonly headers?: Readonly<Record<string, string | string[] | undefined>> | undefined;
  },
  now: number,
): Pause | null {
  if (outcome.status !== 429) return null;
  const headers = outcome.headers ?? {};
  const app =
    headers['x-ratelimit-crosstokenlimit'] !== undefined ||
    headers['x-ratelimit-crosstokenconcurrentlimit'] !== undefined;
  const raw = headers['retry-after'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  const ms = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_PAUSE_MS;
  return { scope: app ? 'app' : 'token', until: now + ms };
}
