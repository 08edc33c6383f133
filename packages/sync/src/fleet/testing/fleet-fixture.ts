/**
 * Helpers for the fleet's tests: a mock with many merchants on a real-time clock (as a deployed
 * fleet sees Clover) and Clover's limits on, a fleet key, and a merchant's tables read back as
 * comparable data.
 */
import { randomBytes } from 'node:crypto';
import { DAY_MS, RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import { type MockServer, type MockServerOptions, startMockServer } from '@cloverql/mock-server';
import { sql } from 'kysely';
import { canonicalJson } from '../../engine/canonical-json.js';
import { openFleetDb } from '../fleet-db.js';

/** The id and token of fleet merchant `i` (13 characters, as Clover's). */
export const fleetMerchant = (i: number) => ({
  id: `FLEETM${String(i).padStart(7, '0')}`,
  token: `fleet-token-${i}`,
});

/**
 * A mock of `count` merchants with `days` of data up to now, the clock running in real time
 * (with `activity`, their data keeps changing as it runs),
 * Clover's four rate limits on (per token and per app) unless `extra.limits` says otherwise.
 */
export function startFleetMock(
  count: number,
  o: {
    records?: number;
    days?: number;
    /** Changes per virtual day of each merchant (a living merchant), as the mock takes them. */
    activity?: NonNullable<MockServerOptions['merchants']>[number]['activity'];
    extra?: Partial<MockServerOptions>;
  } = {},
): Promise<MockServer> {
  const now = Date.now();
  const n = o.records ?? 40;
  return startMockServer({
    seed: 5,
    region: 'sandbox',
    ...o.extra,
    merchants: Array.from({ length: count }, (_, i) => ({
      ...fleetMerchant(i),
      orders: n,
      payments: n,
      refunds: Math.ceil(n / 10),
      from: now - (o.days ?? 30) * DAY_MS,
      to: now,
      ...(o.activity ? { activity: o.activity } : {}),
    })),
    clock: { start: now },
    limits: { exportDurationMs: 0, ...o.extra?.limits },
  });
}

/** A fresh fleet key as `CLOVERQL_FLEET_KEY` holds it. */
export const newFleetKey = (): string => randomBytes(32).toString('base64');

/** A merchant's live rows: resource → id → canonical JSON of the record. */
export async function merchantTables(
  url: string,
  merchantId: string,
): Promise<Record<ResourceName, Map<string, string>>> {
  const fleet = await openFleetDb(url, { poolSize: 1 });
  try {
    const out = {} as Record<ResourceName, Map<string, string>>;
    for (const r of RESOURCE_NAMES) {
      const rows = await sql<{ id: string; record: unknown }>`
        select id, record from ${sql.table(r)}
        where merchant_id = ${merchantId} and _deleted_at is null`.execute(fleet.db);
      out[r] = new Map(rows.rows.map((x) => [x.id, canonicalJson(x.record)]));
    }
    return out;
  } finally {
    await fleet.close();
  }
}

/** The mock's ground truth of a merchant, in the same shape. */
export function merchantTruth(
  mock: MockServer,
  merchantId: string,
): Record<ResourceName, Map<string, string>> {
  const out = {} as Record<ResourceName, Map<string, string>>;
  for (const r of RESOURCE_NAMES) {
    out[r] = new Map(
      mock.store.records(merchantId, r).map((x) => [String(x.id), canonicalJson(x)]),
    );
  }
  return out;
}

/** Responses with status 429 the mock sent, over all routes. */
export function count429(mock: MockServer): number {
  let n = 0;
  for (const byStatus of Object.values(mock.counters.snapshot().byRoute)) n += byStatus['429'] ?? 0;
  return n;
}

/**
 * Waits (up to 10 s) until no session but ours is connected to PostgreSQL at `serverUrl`, so a
 * test stops the server only after every pool (graphile-worker's end theirs in the background)
 * has let go: a server stopped under an ending pool makes its client emit an error nobody awaits.
 */
export async function waitForNoSessions(serverUrl: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const r = await client.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
      );
      if (Number(r.rows[0]?.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      'PostgreSQL still has client sessions 200 polls (≥ 10 s) after the pools ended',
    );
  } finally {
    await client.end();
  }
}

/**
 * Runs one SQL statement on the fleet's database (for tests that set up rows a sync would
 * leave, such as `_cloverql_state`).
 *
 * @example await fleetQuery(url, 'select 1');
 */
export async function fleetQuery(
  url: string,
  text: string,
  params: readonly unknown[] = [],
): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(text, [...params]);
  } finally {
    await client.end();
  }
}
