/**
 * The statements a sync runs per batch of records, made fast for each database: reading the
 * stored versions of a batch's ids, inserting rows known to be new, and upserting rows by
 * `(merchant_id, id)`.
 *
 * They run inside the caller's kysely transaction. kysely compiles and prepares a statement anew
 * for every call, and a multi-row `INSERT` of 1000 rows of 29 columns costs more to build and
 * prepare than to run; so:
 *
 * - SQLite: statements prepared once per connection (better-sqlite3 is one synchronous
 *   connection, the one the kysely transaction holds), an upsert run per row and a lookup of all
 *   the ids of a batch at once through `json_each(?)`;
 * - PostgreSQL: new rows with one `COPY … FROM STDIN` per batch (destination/pg-copy.ts), the
 *   cheapest way into PostgreSQL for the server and for us; changed rows with one statement per
 *   batch with one parameter, the batch as a JSON array expanded by `jsonb_to_recordset` (a
 *   multi-row `VALUES` needs one parameter per value, at most 65 535).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Dialect } from '../schema/columns.js';
import { CopyIn } from './pg-copy.js';

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
   * array of values in `shape.columns` order, `merchant_id` and `id` first; `record` is the
   * record's JSON text.
   */
  upsert(
    // biome-ignore lint/suspicious/noExplicitAny: dynamic schema.
    trx: Transaction<any>,
    shape: RowShape,
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
  /**
   * Inserts rows that {@link RowStore.stored} found absent in this transaction, as `upsert` does
   * (a store without it gets them through `upsert`). The run's lock keeps other syncs of the
   * merchant from inserting them meanwhile; a row inserted by anything else fails the batch
   * (a duplicate key), and the next run writes it again.
   */
  insert?(
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
    // One primary-key probe per id, whatever the planner believes of the table: with
    // `id = any($2)` it may rather scan every row of the merchant (a table not analyzed yet, as
    // in a backfill, looks small), which makes a backfill quadratic (55 ms a batch at 50k rows).
    // `limit 1` keeps the subquery from being flattened into a join it could plan that way too.
    const { rows } = await trx.executeQuery<{ id: string; record: unknown; deleted: boolean }>(
      CompiledQuery.raw(
        `select k.id, s.record, s.deleted from unnest($2::text[]) as k(id) cross join lateral (select record, _deleted_at is not null as deleted from ${quote(q.table)} where merchant_id = $1 and id = k.id limit 1) as s`,
        [q.merchantId, q.ids],
      ),
    );
    return new Map(rows.map((r) => [r.id, { record: r.record, deleted: r.deleted }]));
  },
  async insert(trx, shape, rows) {
    const names = shape.columns.map((c) => quote(c.name));
    await trx.executeQuery(
      CompiledQuery.raw(`copy ${quote(shape.table)} (${names.join(', ')}) from stdin`, [
        new CopyIn(copyText(rows)),
      ]),
    );
  },
  async upsert(trx, shape, rows) {
    const names = shape.columns.map((c) => quote(c.name));
    // `record` arrives as JSON text: read as text from the batch, then parsed once as jsonb.
    const defs = shape.columns
      .map((c) => `${quote(c.name)} ${c.name === 'record' ? 'text' : c.sqlType}`)
      .join(', ');
    const select = shape.columns
      .map((c) => (c.name === 'record' ? `${quote(c.name)}::jsonb` : quote(c.name)))
      .join(', ');
    // Rows go as one JSON array of arrays, turned into objects keyed by column (Dates become
    // ISO strings, which timestamptz parses exactly).
    const objects = rows.map((row) =>
      Object.fromEntries(shape.columns.map((c, i) => [c.name, row[i] ?? null])),
    );
    await trx.executeQuery(
      CompiledQuery.raw(
        `insert into ${quote(shape.table)} (${names.join(', ')}) select ${select} from jsonb_to_recordset($1::jsonb) as x(${defs}) on conflict (merchant_id, id) do update set ${updateSet(shape)}`,
        [JSON.stringify(objects)],
      ),
    );
  },
};

/** Characters that COPY's text format escapes. */
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/**
 * One value in COPY's text format: `\N` for null, `t`/`f` for booleans, ISO 8601 for dates
 * (which timestamptz parses exactly), strings with backslash, tab, newline and carriage return
 * escaped.
 *
 * @example copyValue('a\tb') // 'a\\tb'
 */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  switch (typeof v) {
    case 'string':
      return COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c] ?? c) : v;
    case 'number':
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 't' : 'f';
    default:
      if (v instanceof Date) {
        const ms = v.getTime();
        // An invalid date went into JSON as null.
        return Number.isNaN(ms) ? '\\N' : copyTime(ms);
      }
      return copyValue(JSON.stringify(v));
  }
}

const DAY_MS = 86_400_000;
/** `YYYY-MM-DD` of recent days (UTC), by day number: a batch's times share few days. */
const dayTexts = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * A UTC instant (integer ms) as timestamptz text, `2026-01-07 12:00:00.123+00`, exact to the millisecond;
 * several times cheaper than `Date#toISOString` (a third of the cost of a row's COPY text went
 * there), by formatting each day once. An instant outside years 0–9999 is left to
 * `toISOString`, whose extended years PostgreSQL rejects, as it did in JSON.
 *
 * @example copyTime(Date.UTC(2026, 0, 7, 12, 0, 0, 5)) // '2026-01-07 12:00:00.005+00'
 */
export function copyTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dayTexts.get(day);
  if (date === undefined) {
    const iso = new Date(day * DAY_MS).toISOString();
    if (iso.length !== 24) return new Date(ms).toISOString();
    date = iso.slice(0, 10);
    if (dayTexts.size >= 4096) dayTexts.clear();
    dayTexts.set(day, date);
  }
  let t = ms - day * DAY_MS;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const sec = t % 60;
  t = (t - sec) / 60;
  const min = t % 60;
  const hour = (t - min) / 60;
  const mmm = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : String(milli);
  return `${date} ${pad2(hour)}:${pad2(min)}:${pad2(sec)}.${mmm}+00`;
}

/**
 * Rows in COPY's text format: values separated by tabs, one row per line.
 *
 * @example copyText([['M1', 'A', null, true]]) // 'M1\tA\t\\N\tt\n'
 */
export function copyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyValue(row[i]);
    out += `${line}\n`;
  }
  return out;
}
