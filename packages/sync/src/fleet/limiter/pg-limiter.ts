/**
 * The SQL edge of the fleet's limiter: a `SharedLimiter` for the client whose state lives in
 * PostgreSQL, so every worker process on every machine draws from the same buckets. One acquire
 * is one short transaction: lock the app's and the token's bucket rows (always in the same
 * order), count the unexpired leases, ask {@link decide}, and on a grant write the buckets back
 * and insert a lease. Time is the database's (`clock_timestamp()`), the one clock all workers
 * share. A lease expires after `leaseMs`, so the slots of a worker killed mid-request come back.
 */
import { randomUUID } from 'node:crypto';
import { type AttemptOutcome, type Clock, realClock, type SharedLimiter } from '@cloverql/client';
import { type Kysely, sql } from 'kysely';
import { FleetError } from '../fleet-error.js';
import {
  type BucketRow,
  CLOVER_FLEET_LIMITS,
  decide,
  type FleetLimits,
  pauseOf,
  type WaitReason,
} from './decide.js';

/** The app's bucket row; a token's row is its key. */
export const APP_SCOPE = 'app';

/** Options of {@link pgLimiter}. */
export interface PgLimiterOptions {
  // biome-ignore lint/suspicious/noExplicitAny: raw SQL over the fleet's own tables.
  readonly db: Kysely<any>;
  /** Limits (default Clover's, with the guards of `decide.ts`). */
  readonly limits?: FleetLimits | undefined;
  /**
   * How long a lease holds its slot without being released (default 150 s: longer than the
   * fleet's request timeout of 120 s, so a live request never loses its slot).
   */
  readonly leaseMs?: number | undefined;
  /** Longest wait for one permit before giving up with `WAIT_TIMEOUT` (default 10 min). */
  readonly maxWaitMs?: number | undefined;
  /** Told once per wait that lasts longer than a moment, with why. */
  readonly onWait?: ((w: { reason: WaitReason; waitMs: number }) => void) | undefined;
  /** Sleeps between looks (default the real clock). */
  readonly clock?: Clock | undefined;
}

/** Longest sleep between two looks: a release is not announced, so look again soon. */
const MAX_STEP_MS = 250;

const NOW_MS = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::double precision`;

/**
 * A {@link SharedLimiter} over the fleet's tables.
 *
 * @example
 * const limiter = pgLimiter({ db });
 * await sync({ client: { token, merchantId, sharedLimiter: limiter }, db: url });
 */
export function pgLimiter(options: PgLimiterOptions): SharedLimiter {
  const { db } = options;
  const limits = options.limits ?? CLOVER_FLEET_LIMITS;
  const leaseMs = options.leaseMs ?? 150_000;
  const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
  const clock = options.clock ?? realClock;
  const known = new Set<string>();

  const ensureRows = async (tokenKey: string) => {
    if (known.has(tokenKey)) return;
    await sql`insert into fleet_limit_buckets (scope, tokens, updated_at)
      values (${APP_SCOPE}, ${limits.app.burst}, ${NOW_MS}), (${tokenKey}, ${limits.token.burst}, ${NOW_MS})
      on conflict (scope) do nothing`.execute(db);
    known.add(tokenKey);
  };

  /** One look: grants (returning the lease id) or says how long to wait. */
  const tryOnce = (tokenKey: string) =>
    db.transaction().execute(async (trx) => {
      const rows = await sql<{
        scope: string;
        tokens: number;
        updated_at: number;
        paused_until: number;
        now: number;
      }>`select scope, tokens, updated_at, paused_until, ${NOW_MS} as now
           from fleet_limit_buckets where scope in (${APP_SCOPE}, ${tokenKey})
           order by scope for update`.execute(trx);
      const now = Number(rows.rows[0]?.now ?? 0);
      const row = (scope: string): BucketRow | undefined => {
        const r = rows.rows.find((x) => x.scope === scope);
        return r
          ? {
              tokens: Number(r.tokens),
              updatedAt: Number(r.updated_at),
              pausedUntil: Number(r.paused_until),
            }
          : undefined;
      };
      const leases = await sql<{ app: string; token: string }>`
        select count(*) as app, count(*) filter (where token_key = ${tokenKey}) as token
          from fleet_limit_leases where expires_at > ${now}`.execute(trx);
      const d = decide({
        now,
        app: row(APP_SCOPE),
        token: row(tokenKey),
        appLeases: Number(leases.rows[0]?.app ?? 0),
        tokenLeases: Number(leases.rows[0]?.token ?? 0),
        limits,
      });
      if (!d.grant) return d;
      for (const [scope, b] of [
        [APP_SCOPE, d.app],
        [tokenKey, d.token],
      ] as const) {
        await sql`update fleet_limit_buckets set tokens = ${b.tokens}, updated_at = ${b.updatedAt}
          where scope = ${scope}`.execute(trx);
      }
      const id = randomUUID();
      await sql`delete from fleet_limit_leases where expires_at <= ${now}`.execute(trx);
      await sql`insert into fleet_limit_leases (id, token_key, expires_at)
        values (${id}, ${tokenKey}, ${now + leaseMs})`.execute(trx);
      return { grant: true as const, id };
    });

  const release = async (id: string, tokenKey: string, outcome: AttemptOutcome) => {
    await sql`delete from fleet_limit_leases where id = ${id}`.execute(db);
    const pause = pauseOf(outcome, 0);
    if (pause) {
      const scope = pause.scope === 'app' ? APP_SCOPE : tokenKey;
      await sql`update fleet_limit_buckets
        set paused_until = greatest(paused_until, ${NOW_MS} + ${pause.until})
        where scope = ${scope}`.execute(db);
    }
  };

  return {
    async acquire({ tokenKey, signal }) {
      signal.throwIfAborted();
      await ensureRows(tokenKey);
      let waited = 0;
      let told = false;
      for (;;) {
        signal.throwIfAborted();
        const d = await tryOnce(tokenKey);
        if (d.grant) {
          return (outcome) =>
            // A lost release only holds the slot until the lease expires.
            release(d.id, tokenKey, outcome).catch(() => undefined);
        }
        if (waited >= maxWaitMs) {
          throw new FleetError(
            'WAIT_TIMEOUT',
            `waited ${Math.round(waited / 1000)} s for the fleet's rate limiter (${d.reason}); giving up`,
          );
        }
        const step = Math.min(d.waitMs, MAX_STEP_MS, maxWaitMs - waited);
        if (!told && (d.reason.endsWith('paused') || d.waitMs > 1000)) {
          told = true;
          options.onWait?.({ reason: d.reason, waitMs: d.waitMs });
        }
        await clock.sleep(Math.max(1, step), signal);
        waited += Math.max(1, step);
      }
    },
  };
}
