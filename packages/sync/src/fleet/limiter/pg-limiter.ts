/**
 * The SQL edge of the fleet's limiter: a `SharedLimiter` for the client whose state lives in
 * PostgreSQL, so every worker process on every machine draws from the same buckets. One look
 * is one statement, `cloverql_fleet_acquire` (fleet-migrations.ts): it locks the app's and the
 * token's bucket rows for the length of the statement only, refills them, and grants (a token
 * from each and a lease) or answers how long to wait — `decide()`'s arithmetic, in SQL.
 * Time is the database's (`clock_timestamp()`), the one clock all workers share. A lease expires
 * after `leaseMs`, so the slots of a worker killed mid-request come back.
 *
 * In a process, the waiting requests queue and one look runs at a time (a process's own looks
 * would only queue for the same row lock): a grant lets the next waiter look at once; a wait on
 * the app (pause, in flight, rate) sleeps exactly until it is due; a wait on one token sets that
 * waiter aside until its token is due and lets waiters of other tokens look meanwhile.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttemptOutcome,
  type Clock,
  realClock,
  type SharedLimiter,
  type SharedRelease,
} from '@cloverql/client';
import { type Kysely, sql } from 'kysely';
import { FleetError } from '../fleet-error.js';
import {
  CLOVER_FLEET_LIMITS,
  type FleetLimits,
  IN_FLIGHT_POLL_MS,
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

const NOW_MS = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::double precision`;

/** When a look must wait this long or more, the waiter is told (`onWait`). */
const TELL_WAIT_MS = 1000;

/** One request waiting for its permit. */
interface Waiter {
  readonly tokenKey: string;
  readonly signal: AbortSignal;
  readonly since: number;
  /** Not before this instant (a wait on its token); 0 when it may look now. */
  notBefore: number;
  told: boolean;
  /** Settled (granted, failed or aborted). */
  done: boolean;
  readonly resolve: (release: SharedRelease) => void;
  readonly reject: (e: unknown) => void;
}

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

  /** One look: grants (and holds a lease `id`), or says why not and how long to wait. */
  const look = async (
    tokenKey: string,
    id: string,
  ): Promise<{ grant: true } | { grant: false; reason: WaitReason; waitMs: number }> => {
    const r = await sql<{ granted: boolean; reason: WaitReason | null; wait_ms: number }>`
      select granted, reason, wait_ms from cloverql_fleet_acquire(${tokenKey}, ${id},
        ${leaseMs}::double precision,
        ${limits.app.ratePerSecond}::double precision, ${limits.app.burst}::double precision,
        ${limits.app.inFlight}::integer,
        ${limits.token.ratePerSecond}::double precision, ${limits.token.burst}::double precision,
        ${limits.token.inFlight}::integer, ${IN_FLIGHT_POLL_MS}::double precision)`.execute(db);
    const row = r.rows[0];
    if (!row) throw new FleetError('DATABASE', 'the fleet limiter answered nothing');
    return row.granted
      ? { grant: true }
      : { grant: false, reason: row.reason ?? 'app-rate', waitMs: Number(row.wait_ms) };
  };

  const release = async (id: string, tokenKey: string, outcome: AttemptOutcome) => {
    const pause = pauseOf(outcome, 0);
    // Also drops the leases that expired (a dead process's): the table stays small.
    const drop = sql`delete from fleet_limit_leases where id = ${id} or expires_at <= ${NOW_MS}`
      .execute(db)
      .catch(() => undefined);
    if (!pause) {
      // Not awaited: until the delete lands the slot only counts as busy a moment longer.
      return;
    }
    await drop;
    const scope = pause.scope === 'app' ? APP_SCOPE : tokenKey;
    await sql`update fleet_limit_buckets
      set paused_until = greatest(paused_until, ${NOW_MS} + ${pause.until}),
        version = version + 1
      where scope = ${scope}`.execute(db);
  };

  const queue: Waiter[] = [];
  let pumping = false;
  /** Wakes the pump from a sleep on one token's wait (a new waiter may be able to go). */
  let wake: AbortController | null = null;

  const settle = (w: Waiter) => {
    w.done = true;
    const i = queue.indexOf(w);
    if (i >= 0) queue.splice(i, 1);
  };

  const pump = async () => {
    pumping = true;
    try {
      while (queue.length > 0) {
        const now = clock.now();
        const ready = queue.find((w) => w.notBefore <= now);
        if (!ready) {
          if (queue.length === 0) break;
          const next = Math.min(...queue.map((w) => w.notBefore));
          await sleepUntil(next - now, true);
          continue;
        }
        const id = randomUUID();
        let d: Awaited<ReturnType<typeof look>>;
        try {
          d = await look(ready.tokenKey, id);
        } catch (e) {
          if (!ready.done) ready.reject(e);
          settle(ready);
          continue;
        }
        if (d.grant) {
          if (ready.done) {
            // Aborted while its look ran: give the permit back.
            void release(id, ready.tokenKey, {});
          } else {
            settle(ready);
            // A lost release only holds the slot until the lease expires.
            ready.resolve((outcome) => release(id, ready.tokenKey, outcome).catch(() => undefined));
          }
          continue;
        }
        const appWide = d.reason.startsWith('app');
        const after = clock.now();
        for (const w of appWide ? [...queue] : [ready]) {
          if (after - w.since >= maxWaitMs) {
            settle(w);
            w.reject(
              new FleetError(
                'WAIT_TIMEOUT',
                `waited ${Math.round((after - w.since) / 1000)} s for the fleet's rate limiter (${d.reason}); giving up`,
              ),
            );
            continue;
          }
          if (!w.told && (d.reason.endsWith('paused') || d.waitMs >= TELL_WAIT_MS)) {
            w.told = true;
            options.onWait?.({ reason: d.reason, waitMs: d.waitMs });
          }
        }
        // Exactly until it is due, a little jitter so that processes woken by the same refill
        // do not all look at once, never past the longest wait of a waiter.
        const step = Math.max(1, Math.min(d.waitMs + random() * 2, maxWaitMs));
        if (appWide) await sleepUntil(step, false);
        else ready.notBefore = after + step;
      }
    } finally {
      pumping = false;
    }
  };

  /** Sleeps `ms`; a new waiter cuts a sleep that is `wakeable` (it may be free to go). */
  const sleepUntil = async (ms: number, wakeable: boolean) => {
    const ac = new AbortController();
    if (wakeable) wake = ac;
    try {
      await clock.sleep(Math.max(1, ms), ac.signal).catch(() => undefined);
    } finally {
      if (wake === ac) wake = null;
    }
  };

  return {
    acquire({ tokenKey, signal }) {
      signal.throwIfAborted();
      return new Promise<SharedRelease>((resolve, reject) => {
        const onAbort = () => {
          // As the SharedLimiter contract says: an abort rejects with the signal's reason.
          if (!w.done) reject(signal.reason);
          settle(w);
        };
        const w: Waiter = {
          tokenKey,
          signal,
          since: clock.now(),
          notBefore: 0,
          told: false,
          done: false,
          resolve: (release) => {
            signal.removeEventListener('abort', onAbort);
            resolve(release);
          },
          reject: (e) => {
            signal.removeEventListener('abort', onAbort);
            reject(e);
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(w);
        wake?.abort();
        if (!pumping) {
          void pump().catch((e: unknown) => {
            for (const w of queue.splice(0)) w.reject(e);
          });
        }
      });
    },
  };
}
