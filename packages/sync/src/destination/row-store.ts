/**
 * The two statements a sync runs per batch of records, made fast for each database: reading the
 * stored versions of a batch's ids, and upserting rows by `(merchant_id, id)`.
 *
 * Both run inside the caller's kysely transaction. kysely compiles and prepares a statement anew
 * for every call, and a multi-row `INSERT` of 1000 rows of 29 columns costs more to build and
 * prepare than to run; so:
 *
 * - SQLite: statements prepared once per connection (better-sqlite3 is one synchronous
 *   connection, the one the kysely transaction holds), an upsert run per row and a lookup of all
 *   the ids of a batch at once through `json_each(?)`;
 * - PostgreSQL: one statement per batch with one parameter, the batch as a JSON array expanded by
 *   `jsonb_to_recordset` (a multi-row `VALUES` needs one parameter per value, at most 65 535).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Dialect } from '../schema/columns.js';

/** A table's column names in the order of {@link RowStore.upsert}'s row arrays, and their SQL types. */
export interface RowShape {
  readonly table: string;
  readonly columns: readonly { readonly name: string; readonly sqlType: string }[];
}

/** A stored row, as the classification of a batch needs it. */
export interface StoredRow {
  /** The stored record: its JSON text (SQLite) or the parsed value (PostgreSQL jsonb). */
  readonly record: unknown;
  readonly deleted: boolean;
}

/** Batch statements of one destination. */
export interface RowStore {
  /** The stored rows of `ids` (at most 1000 ids). */
  stored(
    // biome-ignore lint/suspicious/noExplicitAny: dynamic schema.
    trx: Transaction<any>,
    q: { readonly table: string; readonly merchantId: string; readonly ids: readonly string[] },
  ): Promise<Map<string, StoredRow>>;
  /**
   * Inserts the rows, replacing every column but the key of rows that exist. Each row is an
   * array of values in `shape.columns` order, `merchant_id` and `id` first.
   */
  upsert(
    // biome-ignore lint/suspicious/noExplicitAny: dynamic schema.
    trx: Transaction<any>,
    shape: RowShape,
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** `col = excluded.col` for every column but the key. */
function updateSet(shape: RowShape): string {
  return shape.columns
    .filter((c) => c.name !== 'merchant_id' && c.name !== 'id')
    .map((c) => `${quote(c.name)} = excluded.${quote(c.name)}`)
    .join(', ');
}

/**
 * The row store of a destination: SQLite needs its better-sqlite3 handle (the same connection
 * kysely uses), PostgreSQL only kysely.
 */
export function rowStore(dialect: Dialect, sqlite?: BetterSqlite3.Database): RowStore {
  if (dialect === 'postgres') return postgresStore;
  if (!sqlite) throw new Error('a SQLite destination needs its better-sqlite3 handle');
  let store = sqliteStores.get(sqlite);
  if (!store) {
    store = sqliteStore(sqlite);
    sqliteStores.set(sqlite, store);
  }
  return store;
}

const sqliteStores = new WeakMap<BetterSqlite3.Database, RowStore>();

function sqliteStore(database: BetterSqlite3.Database): RowStore {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string) => {
    let s = statements.get(text);
    if (!s) {
      s = database.prepare(text);
      statements.set(text, s);
    }
    return s;
  };
  return {
    async stored(_trx, q) {
      const rows = prepared(
        `select id, record, _deleted_at is not null as deleted from ${quote(q.table)} where merchant_id = ? and id in (select value from json_each(?))`,
      ).all(q.merchantId, JSON.stringify(q.ids)) as {
        id: string;
        record: string;
        deleted: number;
      }[];
      return new Map(rows.map((r) => [r.id, { record: r.record, deleted: r.deleted === 1 }]));
    },
    async upsert(_trx, shape, rows) {
      const names = shape.columns.map((c) => quote(c.name));
      const statement = prepared(
        `insert into ${quote(shape.table)} (${names.join(', ')}) values (${names.map(() => '?').join(', ')}) on conflict (merchant_id, id) do update set ${updateSet(shape)}`,
      );
      for (const row of rows) statement.run(row);
    },
  };
}

const postgresStore: RowStore = {
  async stored(trx, q) {
    const { rows } = await trx.executeQuery<{ id: string; record: unknown; deleted: boolean }>(
      CompiledQuery.raw(
        `select id, record, _deleted_at is not null as deleted from ${quote(q.table)} where merchant_id = $1 and id = any($2::text[])`,
        [q.merchantId, q.ids],
      ),
    );
    return new Map(rows.map((r) => [r.id, { record: r.record, deleted: r.deleted }]));
  },
  async upsert(trx, shape, rows) {
    const names = shape.columns.map((c) => quote(c.name));
    const defs = shape.columns.map((c) => `${quote(c.name)} ${c.sqlType}`).join(', ');
    // Rows go as one JSON array of arrays, turned into objects keyed by column (Dates become
    // ISO strings, which timestamptz parses exactly).
    const objects = rows.map((row) =>
      Object.fromEntries(shape.columns.map((c, i) => [c.name, row[i] ?? null])),
    );
    await trx.executeQuery(
      CompiledQuery.raw(
        `insert into ${quote(shape.table)} (${names.join(', ')}) select ${names.join(', ')} from jsonb_to_recordset($1::jsonb) as x(${defs}) on conflict (merchant_id, id) do update set ${updateSet(shape)}`,
        [JSON.stringify(objects)],
      ),
    );
  },
};
