import { realClock, type SharedLimiter, type SharedRelease } from '@cloverql/client';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../testing/test-postgres.js';
import { FleetError } from '../fleet-error.js';
import { migrateFleet } from '../schema/fleet-migrations.js';
import { CLOVER_FLEET_LIMITS } from './decide.js';
import { type PgLimiterOptions, pgLimiter } from './pg-limiter.js';

describe('the fleet limiter in PostgreSQL', () => {
  let server: TestPostgres;
  // biome-ignore lint/suspicious/noExplicitAny: raw SQL tables
  const dbs: Kysely<any>[] = [];
  let n = 0;

  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.destroy()));
    await server?.stop();
  });

  /** A fresh database and `processes` limiters on it, each with its own pool (own process). */
  async function fleet(processes: number, o: Omit<PgLimiterOptions, 'db'> = {}) {
    const url = await server.database(`limiter${n++}`);
    const open = () => {
      const pool = new pg.Pool({ connectionString: url, max: 3 });
      // The server stops after the test: idle clients then see it go.
      pool.on('error', () => undefined);
      const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
      dbs.push(db);
      return db;
    };
    const first = open();
    await migrateFleet(first);
    const limiters = [pgLimiter({ db: first, ...o })];
    for (let i = 1; i < processes; i++) limiters.push(pgLimiter({ db: open(), ...o }));
    return { limiters, db: first };
  }

  const take = (l: SharedLimiter, tokenKey: string, signal = new AbortController().signal) =>
    l.acquire({ tokenKey, signal });

  it('holds the app at 10 in flight across processes and lets the next in on a release', async () => {
    let looks = 0;
    const clock = {
      now: () => Date.now(),
      sleep: (ms: number, signal?: AbortSignal) => {
        looks++;
        return realClock.sleep(ms, signal);
      },
    };
    const { limiters } = await fleet(2, { clock });
    const held: SharedRelease[] = [];
    for (let i = 0; i < 10; i++) held.push(await take(limiters[i % 2]!, `t${i % 5}`));
    let granted = false;
    const eleventh = take(limiters[1]!, 't9').then((r) => {
      granted = true;
      return r;
    });
    // Several looks pass without a grant.
    await expect.poll(() => looks).toBeGreaterThanOrEqual(3);
    expect(granted).toBe(false);
    await held[0]!({ status: 200 });
    await (await eleventh)({ status: 200 });
    expect(granted).toBe(true);
    await Promise.all(held.slice(1).map((r) => r({})));
  });

  it('holds one token at 5 in flight while other tokens go on', async () => {
    const { limiters } = await fleet(2);
    const held: SharedRelease[] = [];
    for (let i = 0; i < 5; i++) held.push(await take(limiters[i % 2]!, 'busy'));
    const ac = new AbortController();
    const sixth = take(limiters[0]!, 'busy', ac.signal).catch((e: unknown) => e);
    const other = await take(limiters[1]!, 'other');
    await other({ status: 200 });
    ac.abort(new Error('stop'));
    expect(await sixth).toEqual(new Error('stop'));
    await Promise.all(held.map((r) => r({ status: 200 })));
  });

  it('pauses every process on a 429 that names the app limit, for its Retry-After', async () => {
    const waits: string[] = [];
    const { limiters } = await fleet(2, { onWait: (w) => waits.push(w.reason) });
    const r = await take(limiters[0]!, 'a');
    const paused = Date.now();
    await r({ status: 429, headers: { 'x-ratelimit-crosstokenlimit': '50', 'retry-after': '1' } });
    await (await take(limiters[1]!, 'b'))({ status: 200 });
    expect(Date.now() - paused).toBeGreaterThanOrEqual(900);
    expect(waits).toEqual(['app-paused']);
  });

  it('pauses only the token on a 429 of the token limit', async () => {
    const waits: string[] = [];
    const { limiters } = await fleet(2, { onWait: (w) => waits.push(w.reason) });
    await (await take(limiters[0]!, 'a'))({
      status: 429,
      headers: { 'x-ratelimit-tokenlimit': '16' },
    });
    const started = Date.now();
    await (await take(limiters[1]!, 'b'))({ status: 200 });
    expect(Date.now() - started).toBeLessThan(900);
    await (await take(limiters[1]!, 'a'))({ status: 200 });
    expect(waits).toEqual(['token-paused']);
  });

  it('gives back the slots of a process that died holding them once their leases expire', async () => {
    const { limiters } = await fleet(2, { leaseMs: 400 });
    // "Process 0" takes all ten slots and never releases them.
    const started = Date.now();
    for (let i = 0; i < 10; i++) await take(limiters[0]!, `t${i % 5}`);
    await (await take(limiters[1]!, 'x'))({ status: 200 });
    // The first slot comes back when its lease (taken after `started`) expires.
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('gives up a wait past maxWaitMs with WAIT_TIMEOUT', async () => {
    const { limiters } = await fleet(1, { maxWaitMs: 100 });
    for (let i = 0; i < 5; i++) await take(limiters[0]!, 'one');
    const e = await take(limiters[0]!, 'one').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FleetError);
    expect((e as FleetError).code).toBe('WAIT_TIMEOUT');
    expect((e as FleetError).message).toContain('token-in-flight');
  });

  it('grants no more than the burst plus the rate, across processes', async () => {
    const { limiters } = await fleet(3);
    const started = Date.now();
    let granted = 0;
    await Promise.all(
      limiters.map(async (l, p) => {
        for (let i = 0; i < 20; i++) {
          const r = await take(l, `p${p}-${i % 3}`);
          granted++;
          await r({ status: 200 });
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(granted).toBe(60);
    // 60 requests at most burst + rate × elapsed: the burst alone cannot cover them.
    expect(60).toBeLessThanOrEqual(
      CLOVER_FLEET_LIMITS.app.burst + CLOVER_FLEET_LIMITS.app.ratePerSecond * seconds + 1,
    );
    expect(seconds).toBeGreaterThan(0.3);
  });
});
