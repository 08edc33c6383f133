/**
 * Destinations: `sqlite:<file>` (the default) or `postgres://…`, both behind one kysely query
 * builder. The drivers are loaded only for the destination used.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { SyncError } from '../errors/sync-error.js';
import type { Dialect } from '../schema/columns.js';

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
  const pool = new pg.Pool({ connectionString: spec.url, max: 2 });
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { dialect: 'postgres', db, label: redact(spec.url), close: () => db.destroy() };
}
