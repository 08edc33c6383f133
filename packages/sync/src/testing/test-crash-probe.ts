/**
 * What the crash tests look at from outside the process they kill: the committed content of a
 * database, whether a given child holds a write transaction open in it, and when PostgreSQL has
 * let go of a killed child's session.
 */
import { RESOURCE_NAMES } from '@cloverql/dsl';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { type Destination, openDestination, parseDestination } from '../destination/destination.js';
import { canonicalJson } from '../engine/canonical-json.js';
import { STATE_TABLE } from '../schema/migrations.js';
import type { PendingRow } from './test-sync-child.js';

/** The PostgreSQL `application_name` of a sync child's sessions (set by `sync-child.mjs`). */
export const childApplicationName = (pid: number) => `cloverql-sync-child-${pid}`;

/** A stored row as comparable text: its record (canonical JSON) and whether it is marked deleted. */
const rowKey = (record: unknown, deleted: boolean) =>
  `${canonicalJson(typeof record === 'string' ? JSON.parse(record) : record)}${deleted ? ' deleted' : ''}`;

/** A pending row in the same form, to compare with a snapshot's. */
export const pendingKey = (r: PendingRow) => rowKey(r.record, r.deleted);

/**
 * Everything committed in the database (every merchant): per resource, id → row key, and the
 * state rows. Read from another connection, so a transaction still open elsewhere is not in it.
 */
export async function committedSnapshot(db: string): Promise<{
  tables: Record<string, Map<string, string>>;
  state: unknown[];
}> {
  const dest = await openDestination(parseDestination(db));
  try {
    const tables: Record<string, Map<string, string>> = {};
    const exists = await dest.db.introspection.getTables();
    const names = new Set(exists.map((t) => t.name));
    for (const r of RESOURCE_NAMES) {
      const rows = names.has(r)
        ? await dest.db
            .selectFrom(r)
            .select(['merchant_id', 'id', 'record', '_deleted_at'])
            .execute()
        : [];
      tables[r] = new Map(
        rows.map((x) => [
          `${x.merchant_id}/${x.id}`,
          rowKey(x.record, x._deleted_at !== null && x._deleted_at !== undefined),
        ]),
      );
    }
    const state = names.has(STATE_TABLE)
      ? (
          await dest.db
            .selectFrom(STATE_TABLE)
            .selectAll()
            .orderBy('merchant_id')
            .orderBy('resource')
            .execute()
        ).map((s) => JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
      : [];
    return { tables, state };
  } finally {
    await dest.close();
  }
}

/**
 * Whether the child `pid` holds a write transaction open in the database: in PostgreSQL, one of
 * its sessions is idle in a transaction that has written (it has a transaction id); in SQLite,
 * another writer cannot take the write lock.
 */
export async function childHoldsWriteTransaction(db: string, pid: number): Promise<boolean> {
  const spec = parseDestination(db);
  if (spec.dialect === 'sqlite') {
    const other = new Database(spec.file, { timeout: 0 });
    try {
      other.exec('BEGIN IMMEDIATE');
      other.exec('ROLLBACK');
      return false;
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw e;
    } finally {
      other.close();
    }
  }
  const dest = await openDestination(spec);
  try {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where application_name = ${childApplicationName(pid)}
        and state = 'idle in transaction' and backend_xid is not null`.execute(dest.db);
    return (rows[0]?.n ?? 0) > 0;
  } finally {
    await dest.close();
  }
}

/**
 * Resolves once PostgreSQL has ended every session of the killed child `pid` (it notices the
 * closed socket and rolls back); at once for SQLite, whose locks die with the process.
 */
export async function childSessionsGone(db: string, pid: number): Promise<void> {
  const spec = parseDestination(db);
  if (spec.dialect === 'sqlite') return;
  const dest = await openDestination(spec);
  try {
    for (let i = 0; ; i++) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where application_name = ${childApplicationName(pid)}`.execute(dest.db);
      if ((rows[0]?.n ?? 0) === 0) return;
      if (i > 2000) throw new Error(`PostgreSQL still holds the sessions of killed child ${pid}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await dest.close();
  }
}

/**
 * Empties every table the sync writes (rows and state), so one database serves many schedules;
 * the schema stays.
 */
export async function emptyTables(dest: Destination): Promise<void> {
  if (dest.dialect === 'postgres') {
    await sql`truncate ${sql.join([...RESOURCE_NAMES, STATE_TABLE].map((t) => sql.table(t)))}`.execute(
      dest.db,
    );
    return;
  }
  for (const t of [...RESOURCE_NAMES, STATE_TABLE]) await dest.db.deleteFrom(t).execute();
}
