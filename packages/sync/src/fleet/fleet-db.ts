/**
 * The fleet's database: a PostgreSQL URL (`--db` or `CLOVERQL_DB`), opened as one kysely over a
 * small pg pool, with sync's and the fleet's migrations applied. A fleet needs PostgreSQL: it is
 * where the workers meet (jobs, limiter, liveness).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { parseDestination, redact } from '../destination/destination.js';
import { copyCapablePool } from '../destination/pg-copy.js';
import { migrateToLatest } from '../schema/migrations.js';
import { FleetError } from './fleet-error.js';
import { migrateFleet } from './schema/fleet-migrations.js';

/** The environment variable read when `--db` is not given. */
export const FLEET_DB_ENV = 'CLOVERQL_DB';

/** An open fleet database. */
export interface FleetDb {
  /** The URL (with its password: for drivers only, never for messages). */
  readonly url: string;
  /** The URL without its password. */
  readonly label: string;
  // biome-ignore lint/suspicious/noExplicitAny: the fleet's tables are queried with raw SQL.
  readonly db: Kysely<any>;
  close(): Promise<void>;
}

/**
 * The fleet's database URL from `--db` or the environment.
 *
 * @throws FleetError INVALID_OPTIONS when neither is set, NOT_POSTGRES for another kind.
 * @example fleetDbUrl(undefined, process.env) // process.env.CLOVERQL_DB
 */
export function fleetDbUrl(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const url = flag ?? env[FLEET_DB_ENV];
  if (!url) {
    throw new FleetError(
      'INVALID_OPTIONS',
      `the fleet needs its database: --db postgres://user@host/db or ${FLEET_DB_ENV}`,
    );
  }
  let spec: ReturnType<typeof parseDestination>;
  try {
    spec = parseDestination(url);
  } catch (e) {
    throw new FleetError('INVALID_OPTIONS', (e as Error).message);
  }
  if (spec.dialect !== 'postgres') {
    throw new FleetError(
      'NOT_POSTGRES',
      `the fleet runs on PostgreSQL (its workers share jobs and limits there), not ${redact(url)}`,
    );
  }
  return url;
}

/**
 * Opens the fleet's database and brings sync's and the fleet's tables up to date.
 *
 * @example const fleet = await openFleetDb('postgres://localhost/clover'); await fleet.close();
 */
export async function openFleetDb(url: string, o: { poolSize?: number } = {}): Promise<FleetDb> {
  const pool = new pg.Pool({ connectionString: url, max: o.poolSize ?? 4 });
  // An idle client whose server went away is dropped by the pool; the next query reports it.
  pool.on('error', () => undefined);
  // Clients that also run COPY FROM STDIN: the syncs of the workers write through this pool.
  const db = new Kysely({
    dialect: new PostgresDialect({
      pool: copyCapablePool({ connect: () => pool.connect(), end: () => pool.end() }),
    }),
  });
  try {
    await migrateToLatest(db, 'postgres');
    await migrateFleet(db);
  } catch (e) {
    await db.destroy();
    throw new FleetError(
      'DATABASE',
      `cannot prepare the fleet's database ${redact(url)}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return { url, label: redact(url), db, close: () => db.destroy() };
}
