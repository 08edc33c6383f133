/**
 * `cloverql_fleet_acquire` (the limiter's one statement, in SQL) against `decide()` (the same
 * rules as a plain function): on random bucket rows, leases and instants, the two agree on
 * whether to grant, why not, how long to wait, and the buckets a grant leaves.
 */
import fc from 'fast-check';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../testing/test-postgres.js';
import { migrateFleet } from '../schema/fleet-migrations.js';
import { type BucketRow, CLOVER_FLEET_LIMITS, decide, IN_FLIGHT_POLL_MS } from './decide.js';

describe('cloverql_fleet_acquire agrees with decide()', () => {
  let server: TestPostgres;
  // biome-ignore lint/suspicious/noExplicitAny: raw SQL tables
  let db: Kysely<any>;
  beforeAll(async () => {
    server = await startTestPostgres();
    const pool = new pg.Pool({ connectionString: await server.database('acquire'), max: 1 });
    pool.on('error', () => undefined);
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    await migrateFleet(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  const L = CLOVER_FLEET_LIMITS;
  const row = (burst: number) =>
    fc.option(
      fc.record({
        tokens: fc.double({ min: -2, max: burst, noNaN: true }),
        ago: fc.integer({ min: -50, max: 3000 }),
        paused: fc.integer({ min: -2000, max: 2000 }),
      }),
      { nil: undefined },
    );

  it('on random views', async () => {
    const now = 1_800_000_000_000;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          app: row(L.app.burst),
          token: row(L.token.burst),
          otherLeases: fc.integer({ min: 0, max: 12 }),
          tokenLeases: fc.integer({ min: 0, max: 6 }),
        }),
        async ({ app, token, otherLeases, tokenLeases }) => {
          await sql`delete from fleet_limit_buckets`.execute(db);
          await sql`delete from fleet_limit_leases`.execute(db);
          const stored = (r: typeof app): BucketRow | undefined =>
            r && {
              tokens: r.tokens,
              updatedAt: now - r.ago,
              pausedUntil: r.paused > 0 ? now + r.paused : 0,
            };
          for (const [scope, r] of [
            ['app', stored(app)],
            ['tk', stored(token)],
          ] as const) {
            if (r) {
              await sql`insert into fleet_limit_buckets (scope, tokens, updated_at, paused_until)
                values (${scope}, ${r.tokens}, ${r.updatedAt}, ${r.pausedUntil})`.execute(db);
            }
          }
          // Leases: some of this token, some of others, one expired (never counted).
          for (let i = 0; i < otherLeases + tokenLeases; i++) {
            await sql`insert into fleet_limit_leases (id, token_key, expires_at)
              values (${`l${i}`}, ${i < tokenLeases ? 'tk' : 'other'}, ${now + 1000})`.execute(db);
          }
          await sql`insert into fleet_limit_leases (id, token_key, expires_at)
            values ('old', 'tk', ${now - 1})`.execute(db);
          const expected = decide({
            now,
            app: stored(app),
            token: stored(token),
            appLeases: otherLeases + tokenLeases,
            tokenLeases,
            limits: L,
          });
          const got = (
            await sql<{ granted: boolean; reason: string | null; wait_ms: number }>`
            select * from cloverql_fleet_acquire('tk', 'new', 1000::double precision,
              ${L.app.ratePerSecond}::double precision, ${L.app.burst}::double precision,
              ${L.app.inFlight}::integer, ${L.token.ratePerSecond}::double precision,
              ${L.token.burst}::double precision, ${L.token.inFlight}::integer,
              ${IN_FLIGHT_POLL_MS}::double precision, ${now}::double precision)`.execute(db)
          ).rows[0]!;
          if (!expected.grant) {
            expect({ granted: got.granted, reason: got.reason, wait: Number(got.wait_ms) }).toEqual(
              { granted: false, reason: expected.reason, wait: expected.waitMs },
            );
            return;
          }
          expect(got.granted).toBe(true);
          const after = new Map(
            (
              await sql<{ scope: string; tokens: number; updated_at: number }>`
              select scope, tokens, updated_at from fleet_limit_buckets`.execute(db)
            ).rows.map((r) => [r.scope, r]),
          );
          expect(after.get('app')?.tokens).toBeCloseTo(expected.app.tokens, 9);
          expect(after.get('tk')?.tokens).toBeCloseTo(expected.token.tokens, 9);
          expect(Number(after.get('app')?.updated_at)).toBe(expected.app.updatedAt);
          const lease = await sql<{ n: string }>`
            select count(*) as n from fleet_limit_leases where id = 'new'
              and token_key = 'tk' and expires_at = ${now + 1000}`.execute(db);
          expect(Number(lease.rows[0]?.n)).toBe(1);
        },
      ),
      { numRuns: 150 },
    );
  });
});
