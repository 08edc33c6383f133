/**
 * The database schema, created by the tool through versioned migrations (kysely's `Migrator`,
 * bookkept in `_cloverql_migration`). Migrations are append-only: a change to the schema is a new
 * entry, never an edit of an old one. Columns for catalogue fields added to `@cloverql/dsl` after
 * a database was created are added by {@link addCatalogueColumns}, so a database follows the
 * catalogue of the cloverql that writes it.
 */
import { RESOURCE_NAMES } from '@cloverql/dsl';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { type Dialect, resourceColumns, sqlType } from './columns.js';

/** The state table: one row per (merchant, resource). */
export const STATE_TABLE = '_cloverql_state';

/** The migrations, by name; names sort in the order they run. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const time = dialect === 'postgres' ? 'timestamptz' : 'integer';
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable(STATE_TABLE)
          .addColumn('merchant_id', 'text', (c) => c.notNull())
          .addColumn('resource', 'text', (c) => c.notNull())
          // UTC ms, the same in both dialects: state is compared and shown, never queried by range.
          .addColumn('watermark', 'bigint')
          .addColumn('backfill_from', 'bigint', (c) => c.notNull())
          .addColumn('backfill_to', 'bigint', (c) => c.notNull())
          .addColumn('backfill_done', 'bigint', (c) => c.notNull())
          .addColumn('backfill_mode', 'text', (c) => c.notNull())
          .addColumn('last_run_started', 'bigint')
          .addColumn('last_run_finished', 'bigint')
          .addColumn('last_run_status', 'text')
          .addColumn('last_run_summary', 'text')
          .addPrimaryKeyConstraint('_cloverql_state_pk', ['merchant_id', 'resource'])
          .execute();
        for (const resource of RESOURCE_NAMES) {
          let t = db.schema
            .createTable(resource)
            .addColumn('merchant_id', 'text', (c) => c.notNull())
            .addColumn('id', 'text', (c) => c.notNull());
          for (const c of resourceColumns(resource))
            t = t.addColumn(c.column, sqlType(c.type, dialect));
          t = t
            .addColumn('record', sql.raw(json), (c) => c.notNull())
            .addColumn('_synced_at', sql.raw(time), (c) => c.notNull())
            .addColumn('_deleted_at', sql.raw(time))
            .addPrimaryKeyConstraint(`${resource}_pk`, ['merchant_id', 'id']);
          await t.execute();
          await db.schema
            .createIndex(`${resource}_created_time`)
            .on(resource)
            .columns(['merchant_id', 'created_time'])
            .execute();
        }
      },
    },
  };
}

/**
 * Brings a database to the latest schema: runs the migrations it has not run, then adds the
 * columns of catalogue fields it lacks. Safe to run concurrently (kysely takes a lock).
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableName: '_cloverql_migration',
    migrationLockTableName: '_cloverql_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await addCatalogueColumns(db, dialect);
}

/** Adds (nullable) columns for catalogue fields that a resource table does not have yet. */
export async function addCatalogueColumns(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const tables = await db.introspection.getTables();
  for (const resource of RESOURCE_NAMES) {
    const table = tables.find((t) => t.name === resource);
    if (!table) continue;
    const have = new Set(table.columns.map((c) => c.name));
    for (const c of resourceColumns(resource)) {
      if (have.has(c.column)) continue;
      await db.schema.alterTable(resource).addColumn(c.column, sqlType(c.type, dialect)).execute();
    }
  }
}
