/**
 * The fleet's tables, in the same PostgreSQL as the merchants' rows, through versioned migrations
 * of their own (bookkept in `_cloverql_fleet_migration`, beside sync's `_cloverql_migration`), so
 * the two sets evolve independently. Append-only: a change is a new entry, never an edit.
 *
 * - `merchants`: who the fleet syncs, with the token encrypted (AES-256-GCM).
 * - `fleet_runs`: one row per job attempt, for `fleet status`.
 * - `fleet_limit_buckets`, `fleet_limit_leases`: the shared rate limiter (see limiter/).
 * - `fleet_workers`: live worker pools, each holding a session advisory lock while alive.
 */
import { type Kysely, type Migration, Migrator, sql } from 'kysely';

/** The merchants table. */
export const MERCHANTS_TABLE = 'merchants';

/** The fleet's migrations, by name; names sort in the order they run. */
export function fleetMigrations(): Record<string, Migration> {
  return {
    '0001_fleet': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable(MERCHANTS_TABLE)
          .addColumn('merchant_id', 'text', (c) => c.primaryKey())
          .addColumn('region', 'text')
          .addColumn('base_url', 'text')
          .addColumn('token_enc', 'text', (c) => c.notNull())
          .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .execute();
        await db.schema
          .createTable('fleet_runs')
          .addColumn('id', 'bigserial', (c) => c.primaryKey())
          .addColumn('merchant_id', 'text', (c) => c.notNull())
          .addColumn('job_id', 'text')
          .addColumn('attempt', 'integer')
          .addColumn('worker', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('started_at', 'timestamptz', (c) => c.notNull())
          .addColumn('finished_at', 'timestamptz')
          .addColumn('rows', 'bigint')
          .addColumn('error', 'text')
          .addColumn('summary', 'jsonb')
          .execute();
        await db.schema
          .createIndex('fleet_runs_merchant')
          .on('fleet_runs')
          .columns(['merchant_id', 'id'])
          .execute();
        await db.schema
          .createTable('fleet_limit_buckets')
          .addColumn('scope', 'text', (c) => c.primaryKey())
          .addColumn('tokens', 'double precision', (c) => c.notNull())
          // ms of the database's clock
          .addColumn('updated_at', 'double precision', (c) => c.notNull())
          .addColumn('paused_until', 'double precision', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('fleet_limit_leases')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_key', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'double precision', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('fleet_workers')
          .addColumn('pool_id', 'text', (c) => c.primaryKey())
          .addColumn('lock_key', 'bigint', (c) => c.notNull())
          .addColumn('host', 'text')
          .addColumn('pid', 'integer')
          .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .execute();
      },
    },
    '0002_bucket_version': {
      // The limiter writes a bucket only if nobody wrote it since it read it (no lock is held
      // between the read and the write).
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('fleet_limit_buckets')
          .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0003_acquire_function': {
      // One look of the limiter in one statement: the buckets are locked (app row first, then
      // the token's) only while the statement runs, so looks of many processes queue for
      // microseconds instead of racing on row versions and looking again. The arithmetic is
      // decide.ts's, step for step (limiter/acquire-sql.test.ts checks the two agree).
      async up(db: Kysely<unknown>) {
        await sql.raw(ACQUIRE_FUNCTION_SQL).execute(db);
      },
    },
    '0004_limiter_unlogged': {
      // The limiter's rows are a few seconds of state: not worth a WAL flush on every look
      // (measured on a loaded 2-core machine: a look's round trip averaged 57 ms). After a
      // PostgreSQL crash they come back empty: full buckets and no leases, as at a first start.
      async up(db: Kysely<unknown>) {
        await sql`alter table fleet_limit_buckets set unlogged`.execute(db);
        await sql`alter table fleet_limit_leases set unlogged`.execute(db);
      },
    },
  };
}

/**
 * `cloverql_fleet_acquire(token_key, lease_id, lease_ms, app_rate, app_burst, app_in_flight,
 * token_rate, token_burst, token_in_flight, poll_ms, now_ms)`: refills the app's and the
 * token's buckets to now (the database's clock unless `now_ms` is given), and either grants —
 * a token from each and a lease until now + `lease_ms` — or says why not and for how long
 * (`wait_ms`), exactly as `decide()`. Missing bucket rows are created full.
 */
export const ACQUIRE_FUNCTION_SQL = `
create or replace function cloverql_fleet_acquire(
  p_token text, p_lease text, p_lease_ms double precision,
  p_app_rate double precision, p_app_burst double precision, p_app_in_flight integer,
  p_tok_rate double precision, p_tok_burst double precision, p_tok_in_flight integer,
  p_poll_ms double precision, p_now double precision default null)
returns table (granted boolean, reason text, wait_ms double precision)
language plpgsql as $fn$
declare
  v_now double precision;
  a_tokens double precision; a_updated double precision; a_paused double precision;
  t_tokens double precision; t_updated double precision; t_paused double precision;
  n_app bigint; n_tok bigint;
begin
  insert into fleet_limit_buckets (scope, tokens, updated_at) values
    ('app', p_app_burst, 0), (p_token, p_tok_burst, 0)
    on conflict (scope) do nothing;
  select b.tokens, b.updated_at, b.paused_until into a_tokens, a_updated, a_paused
    from fleet_limit_buckets b where b.scope = 'app' for update;
  select b.tokens, b.updated_at, b.paused_until into t_tokens, t_updated, t_paused
    from fleet_limit_buckets b where b.scope = p_token for update;
  -- Now is read once the rows are ours: a look that queued for the lock refills to when it runs.
  v_now := coalesce(p_now, extract(epoch from clock_timestamp()) * 1000);
  a_tokens := least(p_app_burst, a_tokens + (greatest(0, v_now - a_updated) * p_app_rate) / 1000);
  a_updated := greatest(v_now, a_updated);
  t_tokens := least(p_tok_burst, t_tokens + (greatest(0, v_now - t_updated) * p_tok_rate) / 1000);
  t_updated := greatest(v_now, t_updated);
  if a_paused > v_now then
    return query select false, 'app-paused'::text, a_paused - v_now; return;
  end if;
  if t_paused > v_now then
    return query select false, 'token-paused'::text, t_paused - v_now; return;
  end if;
  select count(*), count(*) filter (where l.token_key = p_token) into n_app, n_tok
    from fleet_limit_leases l where l.expires_at > v_now;
  if n_app >= p_app_in_flight then
    return query select false, 'app-in-flight'::text, p_poll_ms; return;
  end if;
  if n_tok >= p_tok_in_flight then
    return query select false, 'token-in-flight'::text, p_poll_ms; return;
  end if;
  if a_tokens < 1 then
    return query select false, 'app-rate'::text,
      greatest(1, ceil(((1 - a_tokens) * 1000) / p_app_rate)); return;
  end if;
  if t_tokens < 1 then
    return query select false, 'token-rate'::text,
      greatest(1, ceil(((1 - t_tokens) * 1000) / p_tok_rate)); return;
  end if;
  update fleet_limit_buckets set tokens = a_tokens - 1, updated_at = a_updated,
    version = version + 1 where scope = 'app';
  update fleet_limit_buckets set tokens = t_tokens - 1, updated_at = t_updated,
    version = version + 1 where scope = p_token;
  insert into fleet_limit_leases (id, token_key, expires_at) values (p_lease, p_token, v_now + p_lease_ms);
  return query select true, null::text, 0::double precision;
end
$fn$`;

/** Brings the fleet's tables to the latest version (safe to run concurrently: kysely locks). */
export async function migrateFleet(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => fleetMigrations() },
    migrationTableName: '_cloverql_fleet_migration',
    migrationLockTableName: '_cloverql_fleet_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
