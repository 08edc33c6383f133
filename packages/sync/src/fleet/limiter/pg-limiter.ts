/**
 * The SQL edge of the fleet's limiter: a `SharedLimiter` for the client whose state lives in
 * PostgreSQL, so every worker process on every machine draws from the same buckets. One look
 * is one statement, `cloverql_fleet_acquire` (fleet-migrations.ts): it locks the app's and the
 * token's bucket rows for the length of the statement only, refills them, and grants (a token
 * from each and a lease) or answers how long to wait — `decide()`'s arithmetic, in SQL.
 * Time is the database's (`clock_timestamp()`), the one clock all workers share. A lease expires
 * after `leaseMs`, so the slots of a worker killed mid-request come back.
 *
 * In a process, the waiting requests queue and a few looks run at a time: a grant lets the next
 * waiter look at once; a wait on the app (pause, in flight, rate) holds every look back exactly
 * until it is due; a wait on one token sets that waiter aside until its token is due and lets
 * waiters of other tokens look meanwhile.
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

/**
 * Looks of one process at once. One would do for the row locks (a look holds them for
 * microseconds), but on a loaded machine a round trip takes tens of ms, and waiters of other
 * tokens need not queue behind it.
 */
const MAX_LOOKS = 4;

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
  /** Its look runs now. */
  looking: boolean;
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
  /** Looks running now (at most {@link MAX_LOOKS}). */
  let looking = 0;
  /** No look before this instant: the app must wait (a pause, its in-flight cap or its rate). */
  let appNotBefore = 0;
  /** The armed timer: when it fires, and how to disarm it. */
  let timer: { due: number; stop: AbortController } | null = null;

  const settle = (w: Waiter) => {
    w.done = true;
    const i = queue.indexOf(w);
    if (i >= 0) queue.splice(i, 1);
  };

  /** Starts the looks that may start now, and arms the timer for the next that may not. */
  const kick = () => {
    const now = clock.now();
    while (looking < MAX_LOOKS && now >= appNotBefore) {
      const w = queue.find((x) => !x.looking && x.notBefore <= now);
      if (!w) break;
      w.looking = true;
      looking++;
      void lookFor(w).finally(() => {
        w.looking = false;
        looking--;
        kick();
      });
    }
    const idle = queue.filter((x) => !x.looking);
    if (idle.length === 0 || looking >= MAX_LOOKS) return;
    const due = Math.max(appNotBefore, Math.min(...idle.map((x) => x.notBefore)));
    if (due <= now || (timer && timer.due <= due)) return;
    timer?.stop.abort();
    const t = { due, stop: new AbortController() };
    timer = t;
    clock.sleep(Math.max(1, due - now), t.stop.signal).then(
      () => {
        if (timer === t) timer = null;
        kick();
      },
      () => undefined,
    );
  };

  /** One look for `w`: grants it, or sets when it (or the whole app) may look again. */
  const lookFor = async (w: Waiter) => {
    const id = randomUUID();
    let d: Awaited<ReturnType<typeof look>>;
    try {
      d = await look(w.tokenKey, id);
    } catch (e) {
      if (!w.done) w.reject(e);
      settle(w);
      return;
    }
    if (d.grant) {
      if (w.done) {
        // Aborted while its look ran: give the permit back.
        void release(id, w.tokenKey, {});
        return;
      }
      settle(w);
      // A lost release only holds the slot until the lease expires.
      w.resolve((outcome) => release(id, w.tokenKey, outcome).catch(() => undefined));
      return;
    }
    const appWide = d.reason.startsWith('app');
    const after = clock.now();
    for (const x of appWide ? [...queue] : [w]) {
      if (after - x.since >= maxWaitMs) {
        x.reject(
          new FleetError(
            'WAIT_TIMEOUT',
            `waited ${Math.round((after - x.since) / 1000)} s for the fleet's rate limiter (${d.reason}); giving up`,
          ),
        );
        settle(x);
        continue;
      }
      if (!x.told && (d.reason.endsWith('paused') || d.waitMs >= TELL_WAIT_MS)) {
        x.told = true;
        options.onWait?.({ reason: d.reason, waitMs: d.waitMs });
      }
    }
    // Exactly until it is due, with a little jitter so that processes woken by the same refill
    // do not all look at once.
    const until = after + Math.max(1, Math.min(d.waitMs + random() * 2, maxWaitMs));
    if (appWide) appNotBefore = Math.max(appNotBefore, until);
    else w.notBefore = until;
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
          looking: false,
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
        kick();
      });
    },
  };
}
