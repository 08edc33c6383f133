/**
 * Destinations: `sqlite:<file>` (the default) or `postgres://…`, both behind one kysely query
 * builder. The drivers are loaded only for the destination used.
 */

import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { SyncError } from '../errors/sync-error.js';
import type { Dialect } from '../schema/columns.js';
import { copyCapablePool } from './pg-copy.js';
import type { RowStore } from './row-store.js';
import type { WriterHooks } from './sqlite-writer.js';

/** A parsed `--db` value. */
export type DestinationSpec =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

/** An open destination. */
export interface Destination {
  readonly dialect: Dialect;
  // biome-ignore lint/suspicious/noExplicitAny: the tables' columns come from the catalogue at run time.
  readonly db: Kysely<any>;
  /** Where it is, without a password (for messages and the summary). */
  readonly label: string;
  /**
   * The better-sqlite3 connection under `db`, for a SQLite destination: batches are written
   * through statements prepared once on it (destination/row-store.ts).
   */
  readonly sqlite?: BetterSqlite3.Database | undefined;
  /**
   * The batch statements to use instead of the dialect's own (`rowStore`): for tools that wrap
   * the writes, such as the crash tests, which stop a process inside a transaction after an upsert.
   */
  readonly store?: RowStore | undefined;
  /**
   * Test hooks of the SQLite writer thread (destination/sqlite-writer.ts): the crash tests stop
   * a process inside a transaction after an upsert.
   */
  readonly writerHooks?: WriterHooks | undefined;
  close(): Promise<void>;
}

/**
 * Parses `sqlite:./file.db`, `sqlite:/abs/file.db`, `postgres://…` or `postgresql://…`.
 *
 * @example parseDestination('sqlite:./cloverql.db') // { dialect: 'sqlite', file: './cloverql.db' }
 */
export function parseDestination(value: string): DestinationSpec {
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new SyncError('INVALID_OPTIONS', `--db: not a valid PostgreSQL URL: ${redact(value)}`);
    }
    return { dialect: 'postgres', url: value };
  }
  const m = /^sqlite:(.+)$/i.exec(value);
  if (m?.[1]) return { dialect: 'sqlite', file: m[1].replace(/^\/\/(?=\/)/, '') };
  throw new SyncError(
    'INVALID_OPTIONS',
    `--db must be sqlite:<file> or postgres://user@host/db, got ${JSON.stringify(redact(value))}`,
  );
}

/** The URL without its password. */
export function redact(value: string): string {
  return value.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** Opens a destination (creating a SQLite file if needed). */
export async function openDestination(spec: DestinationSpec): Promise<Destination> {
  if (spec.dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    let database: InstanceType<typeof Database>;
    try {
      database = new Database(spec.file);
      // WAL with synchronous=FULL: a committed transaction survives a crash or a power loss.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
      database.pragma('busy_timeout = 5000');
    } catch (e) {
      throw new SyncError(
        'DESTINATION',
        `cannot open the SQLite database ${spec.file}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const db = new Kysely({ dialect: new SqliteDialect({ database }) });
    return {
      dialect: 'sqlite',
      db,
      label: `sqlite:${spec.file}`,
      sqlite: database,
      close: () => db.destroy(),
    };
  }
  const { default: pg } = await import('pg');
  const label = redact(spec.url);
  const pool = new pg.Pool({ connectionString: spec.url, max: 2 });
  // An idle client whose connection breaks (the server restarted, an admin terminated it)
  // makes the pool emit 'error', which without a listener crashes the process. The pool drops
  // that client; the run fails at its next use of the database, with one clear line.
  let lost: Error | undefined;
  pool.on('error', (e) => {
    lost ??= e;
  });
  const db = new Kysely({
    dialect: new PostgresDialect({
      // Clients that also run COPY FROM STDIN, for the row store's bulk inserts.
      pool: copyCapablePool({
        connect: async () => {
          if (lost) throw lostConnectionError(label, lost);
          return pool.connect();
        },
        end: () => pool.end(),
      }),
    }),
  });
  return { dialect: 'postgres', db, label, close: () => db.destroy() };
}

/**
 * Whether `e` says the database connection itself is gone: PostgreSQL's shutdown codes (an
 * administrator or a crash ended the session; class 57P), or the socket closed under the driver.
 */
export function isLostConnection(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^57P0[1-3]$|^ECONNRESET$|^EPIPE$/.test(code)) return true;
  return /^Connection terminated/.test(e.message);
}

/** The one line a run ends with when its database connection is gone. */
export function lostConnectionError(label: string, cause: Error): SyncError {
  return new SyncError(
    'DESTINATION',
    `lost the connection to ${label}: ${cause.message}; what was committed stays, run again`,
    { cause },
  );
}

/**
 * Takes the lock of a sync run, so that two runs never interleave their commits: on
 * PostgreSQL a session advisory lock per merchant (`pg_try_advisory_lock`, on a connection of
 * its own held for the run); on SQLite an exclusive lock on `<file>.sync-lock`, a small SQLite
 * file beside the database, per file. Both are released by the server or the OS when the
 * process dies, so a killed run never leaves a stale lock. Fails at once with
 * `SyncError('LOCKED')` when another run holds it. Resolves with the function that releases it.
 */
export async function lockRun(
  spec: DestinationSpec,
  o: { readonly merchantId: string; readonly label: string },
): Promise<() => Promise<void>> {
  const busy = () =>
    new SyncError(
      'LOCKED',
      `another cloverql sync of merchant ${o.merchantId} into ${o.label} is running; wait for it to end, then run again`,
    );
  if (spec.dialect === 'sqlite') {
    if (spec.file === ':memory:' || spec.file === '') return async () => {};
    const { default: Database } = await import('better-sqlite3');
    let lock: InstanceType<typeof Database>;
    try {
      lock = new Database(`${spec.file}.sync-lock`);
      lock.pragma('busy_timeout = 0');
    } catch (e) {
      throw new SyncError(
        'DESTINATION',
        `cannot open the lock file ${spec.file}.sync-lock: ${(e as Error).message}`,
        { cause: e },
      );
    }
    try {
      lock.exec('begin exclusive');
    } catch (e) {
      lock.close();
      if ((e as { code?: string }).code === 'SQLITE_BUSY') throw busy();
      throw new SyncError('DESTINATION', `cannot lock ${o.label}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    return async () => {
      lock.exec('rollback');
      lock.close();
    };
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: spec.url });
  // A broken lock connection must not crash the process either; the run's own connections
  // report the failure.
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      "select pg_try_advisory_lock(hashtext('cloverql.sync'), hashtext($1)) as locked",
      [o.merchantId],
    );
    if (!rows[0]?.locked) throw busy();
  } catch (e) {
    await client.end().catch(() => {});
    if (e instanceof SyncError) throw e;
    throw new SyncError('DESTINATION', `cannot lock ${o.label}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  // Ending the session releases its advisory locks.
  return () => client.end().catch(() => {});
}
