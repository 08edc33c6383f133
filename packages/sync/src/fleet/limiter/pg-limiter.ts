/**
 * The SQL edge of the fleet's limiter: a `SharedLimiter` for the client whose state lives in
 * PostgreSQL, so every worker process on every machine draws from the same buckets. One look
 * is two statements and no transaction held open: read the app's and the token's bucket rows
 * and the unexpired leases, ask {@link decide}, then write the grant (both buckets and a lease)
 * in one statement that applies only if neither bucket changed since the read — the rows carry
 * a `version` — else look again. Time is the database's (`clock_timestamp()`), the one clock all
 * workers share. A lease expires after `leaseMs`, so the slots of a worker killed mid-request
 * come back.
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
  /** Jitter source in [0, 1) (default `Math.random`). */
  readonly random?: (() => number) | undefined;
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
  // The edge's one use of ambient randomness: jitter of the waits.
  const random = options.random ?? Math.random;
  const known = new Set<string>();

  const ensureRows = async (tokenKey: string) => {
    if (known.has(tokenKey)) return;
    await sql`insert into fleet_limit_buckets (scope, tokens, updated_at)
      values (${APP_SCOPE}, ${limits.app.burst}, ${NOW_MS}), (${tokenKey}, ${limits.token.burst}, ${NOW_MS})
      on conflict (scope) do nothing`.execute(db);
    known.add(tokenKey);
  };

  /**
   * One look: reads both buckets and the lease counts in one statement, decides, and writes
   * the grant in one statement that applies only if neither bucket was written since the read
   * (their `version`). No lock is held between the two, so looks of many processes overlap;
   * a look that lost the race returns `conflict` and looks again at once.
   */
  const tryOnce = async (
    tokenKey: string,
  ): Promise<
    | { grant: true; id: string }
    | { grant: false; conflict: true }
    | { grant: false; conflict: false; reason: WaitReason; waitMs: number }
  > => {
    const read = await sql<{
      scope: string;
      tokens: number;
      updated_at: number;
      paused_until: number;
      version: string;
      now: number;
      app_leases: string;
      token_leases: string;
    }>`with c as (select ${NOW_MS} as now)
       select b.scope, b.tokens, b.updated_at, b.paused_until, b.version, c.now,
         (select count(*) from fleet_limit_leases where expires_at > c.now) as app_leases,
         (select count(*) from fleet_limit_leases
            where expires_at > c.now and token_key = ${tokenKey}) as token_leases
       from fleet_limit_buckets b, c where b.scope in (${APP_SCOPE}, ${tokenKey})`.execute(db);
    const rows = read.rows;
    const now = Number(rows[0]?.now ?? 0);
    const find = (scope: string) => rows.find((x) => x.scope === scope);
    const row = (scope: string): BucketRow | undefined => {
      const r = find(scope);
      return r
        ? {
            tokens: Number(r.tokens),
            updatedAt: Number(r.updated_at),
            pausedUntil: Number(r.paused_until),
          }
        : undefined;
    };
    const d = decide({
      now,
      app: row(APP_SCOPE),
      token: row(tokenKey),
      appLeases: Number(rows[0]?.app_leases ?? 0),
      tokenLeases: Number(rows[0]?.token_leases ?? 0),
      limits,
    });
    if (!d.grant) return { ...d, conflict: false };
    const id = randomUUID();
    const appVersion = find(APP_SCOPE)?.version ?? '-1';
    const tokenVersion = find(tokenKey)?.version ?? '-1';
    // The token's bucket first, the app's only if it applied, the lease only if both did: a
    // lost race leaves at most one token taken from the token's bucket (never too many grants).
    const write = await sql<{ granted: string }>`
      with t as (
        update fleet_limit_buckets set tokens = ${d.token.tokens}, updated_at = ${d.token.updatedAt},
          version = version + 1
        where scope = ${tokenKey} and version = ${tokenVersion} returning 1),
      a as (
        update fleet_limit_buckets set tokens = ${d.app.tokens}, updated_at = ${d.app.updatedAt},
          version = version + 1
        where scope = ${APP_SCOPE} and version = ${appVersion} and exists (select 1 from t)
        returning 1),
      l as (
        insert into fleet_limit_leases (id, token_key, expires_at)
        select ${id}, ${tokenKey}, ${now + leaseMs} where exists (select 1 from a) returning 1)
      select count(*) as granted from l`.execute(db);
    return Number(write.rows[0]?.granted ?? 0) === 1
      ? { grant: true, id }
      : { grant: false, conflict: true };
  };

  const release = async (id: string, tokenKey: string, outcome: AttemptOutcome) => {
    // Also drops the leases that expired (a dead process's): the table stays small.
    await sql`delete from fleet_limit_leases where id = ${id} or expires_at <= ${NOW_MS}`.execute(
      db,
    );
    const pause = pauseOf(outcome, 0);
    if (pause) {
      const scope = pause.scope === 'app' ? APP_SCOPE : tokenKey;
      await sql`update fleet_limit_buckets
        set paused_until = greatest(paused_until, ${NOW_MS} + ${pause.until}),
          version = version + 1
        where scope = ${scope}`.execute(db);
    }
  };

  // One look at a time from this process: the looks of one process would only race each other
  // for the same row versions (measured: 8 concurrent looks grant half as many as 1).
  let turn: Promise<unknown> = Promise.resolve();
  const look = (tokenKey: string) => {
    const mine = turn.then(() => tryOnce(tokenKey));
    turn = mine.catch(() => undefined);
    return mine;
  };

  return {
    async acquire({ tokenKey, signal }) {
      signal.throwIfAborted();
      await ensureRows(tokenKey);
      let waited = 0;
      let told = false;
      for (;;) {
        signal.throwIfAborted();
        const d = await look(tokenKey);
        if (d.grant) {
          return (outcome) =>
            // A lost release only holds the slot until the lease expires.
            release(d.id, tokenKey, outcome).catch(() => undefined);
        }
        if (d.conflict) continue;
        if (waited >= maxWaitMs) {
          throw new FleetError(
            'WAIT_TIMEOUT',
            `waited ${Math.round(waited / 1000)} s for the fleet's rate limiter (${d.reason}); giving up`,
          );
        }
        // A little jitter, so that waiters woken by the same refill do not all look at once.
        const step = Math.min(d.waitMs + random() * 5, MAX_STEP_MS, maxWaitMs - waited);
        if (!told && (d.reason.endsWith('paused') || d.waitMs > 1000)) {
          told = true;
          options.onWait?.({ reason: d.reason, waitMs: d.waitMs });
        }
        await clock.sleep(Math.max(1, step), signal).catch((e: unknown) => {
          // As the SharedLimiter contract says: an abort rejects with the signal's reason.
          throw signal.aborted ? signal.reason : e;
        });
        waited += Math.max(1, step);
      }
    },
  };
}
