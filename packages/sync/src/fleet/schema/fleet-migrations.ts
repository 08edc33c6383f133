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
  };
}

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
