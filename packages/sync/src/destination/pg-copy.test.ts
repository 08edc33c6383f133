/**
 * The PostgreSQL row store on a real server: new rows through `COPY … FROM STDIN` and changed ones
 * through the upsert, text of any kind intact; a COPY the server refuses fails its transaction
 * and leaves the connection usable; the lookup of stored rows probes the primary key.
 */
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../engine/canonical-json.js';
import { type SourceRecord, type WriteContext, writeRecords } from '../engine/write-rows.js';
import { migrateToLatest } from '../schema/migrations.js';
import { startTestPostgres, type TestPostgres } from '../testing/test-postgres.js';
import { type Destination, openDestination, parseDestination } from './destination.js';
import { CopyIn } from './pg-copy.js';
import { rowStore } from './row-store.js';

const T = Date.UTC(2026, 0, 7, 12, 0, 0, 7);
const MERCHANT = 'M1';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

async function open(name: string): Promise<Destination> {
  const dest = await openDestination(parseDestination(await postgres.database(name)));
  await migrateToLatest(dest.db, 'postgres');
  return dest;
}

const ctx: WriteContext = {
  merchantId: MERCHANT,
  resource: 'payments',
  dialect: 'postgres',
  store: rowStore('postgres'),
  syncedAt: T,
};

/** Text that COPY's format, JSON or both must escape. */
const AWKWARD = ['tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', '\\.', '"q" é ☃ 🦊'];

function payment(i: number, version: number): SourceRecord {
  return {
    id: `P${i}`,
    createdTime: T + i,
    modifiedTime: T + i + version,
    amount: 100 * i + version,
    offline: i % 2 === 0,
    result: 'SUCCESS',
    tender: { id: `T${i}`, label: AWKWARD[i % AWKWARD.length] },
    note: `${AWKWARD.join('|')} v${version}`,
  };
}

/** The nodes of an `explain (format json)` plan, depth first. */
function planNodes(plan: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (n: Record<string, unknown>) => {
    out.push(n);
    for (const c of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(c);
  };
  for (const top of plan as { Plan: Record<string, unknown> }[]) walk(top.Plan);
  return out;
}

async function rows(dest: Destination) {
  return dest.db
    .selectFrom('payments')
    .select(['id', 'record', 'created_time', 'amount', 'offline', 'tender_label', '_synced_at'])
    .orderBy('id')
    .execute();
}

describe('the PostgreSQL row store', () => {
  it('inserts new rows by COPY and upserts changed ones, any text intact', async () => {
    const dest = await open('copy_roundtrip');
    try {
      const first = Array.from({ length: 7 }, (_, i) => payment(i, 0));
      const c1 = await dest.db.transaction().execute((trx) => writeRecords(trx, first, ctx));
      expect(c1).toEqual({ inserted: 7, updated: 0, unchanged: 0, deleted: 0 });
      // Three changed, two the same, one new.
      const second = [
        ...[0, 1, 2].map((i) => payment(i, 1)),
        ...[3, 4].map((i) => payment(i, 0)),
        payment(7, 0),
      ];
      const c2 = await dest.db.transaction().execute((trx) => writeRecords(trx, second, ctx));
      expect(c2).toEqual({ inserted: 1, updated: 3, unchanged: 2, deleted: 0 });
      const expected = new Map<string, SourceRecord>();
      for (const r of [...first, ...second]) expected.set(r.id, r);
      const got = await rows(dest);
      expect(got.map((r) => r.id)).toEqual([...expected.keys()].sort());
      for (const row of got) {
        const want = expected.get(String(row.id)) as SourceRecord & {
          tender: { label: string };
          createdTime: number;
          amount: number;
          offline: boolean;
        };
        expect(canonicalJson(row.record)).toBe(canonicalJson(want));
        expect(row.tender_label).toBe(want.tender.label);
        expect((row.created_time as Date).getTime()).toBe(want.createdTime);
        expect(Number(row.amount)).toBe(want.amount);
        expect(row.offline).toBe(want.offline);
        expect((row._synced_at as Date).getTime()).toBe(T);
      }
    } finally {
      await dest.close();
    }
  });

  it('a COPY the server refuses fails its transaction, which leaves nothing, and the connection goes on', async () => {
    const dest = await open('copy_refused');
    try {
      await dest.db.transaction().execute((trx) => writeRecords(trx, [payment(1, 0)], ctx));
      // A duplicate key: the row exists, yet the store is told it is new.
      const store = rowStore('postgres');
      const insertTwice = dest.db.transaction().execute(async (trx) => {
        await writeRecords(trx, [payment(2, 0)], ctx);
        await writeRecords(trx, [payment(1, 5)], {
          ...ctx,
          store: { ...store, stored: async () => new Map() },
        });
      });
      await expect(insertTwice).rejects.toMatchObject({ code: '23505' });
      // A value the column's type does not take.
      await dest.db.schema
        .createTable('t')
        .addColumn('a', 'text')
        .addColumn('b', 'bigint')
        .execute();
      const shape = {
        table: 't',
        columns: [
          { name: 'a', sqlType: 'text' },
          { name: 'b', sqlType: 'bigint' },
        ],
      };
      const bad = dest.db
        .transaction()
        .execute((trx) => store.insert?.(trx, shape, [['x', 'not a number']]) as Promise<void>);
      await expect(bad).rejects.toThrow(/invalid input syntax for type bigint/);
      // Neither transaction left a row; both connections of the pool still work.
      expect((await rows(dest)).map((r) => r.id)).toEqual(['P1']);
      await Promise.all(
        [1, 2].map((k) =>
          dest.db
            .transaction()
            .execute((trx) => store.insert?.(trx, shape, [[`ok${k}`, k]]) as Promise<void>),
        ),
      );
      expect(await dest.db.selectFrom('t').select(['a', 'b']).orderBy('a').execute()).toEqual([
        { a: 'ok1', b: '1' },
        { a: 'ok2', b: '2' },
      ]);
    } finally {
      await dest.close();
    }
  });

  it('a COPY on a connection not opened for it fails with one clear message', async () => {
    const url = await postgres.database('copy_plain');
    const db = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    try {
      await db.schema.createTable('t').addColumn('a', 'text').execute();
      await expect(
        db.executeQuery(CompiledQuery.raw('copy t (a) from stdin', [new CopyIn('x\n')])),
      ).rejects.toThrow(/COPY FROM STDIN needs a connection from copyCapablePool/);
    } finally {
      await db.destroy();
    }
  });

  it('looks stored rows up by primary key, not by scanning the merchant (a backfill stays linear)', async () => {
    const dest = await open('lookup_plan');
    try {
      // A table written in one go and never analyzed, as during a backfill.
      const many = Array.from({ length: 5000 }, (_, i) => payment(i, 0));
      await dest.db.transaction().execute((trx) => writeRecords(trx, many, ctx));
      // The store's lookup, run as it runs it, then explained with the same parameters.
      const ids = Array.from({ length: 1000 }, (_, i) => `P${i * 7}`);
      const plan = await dest.db.transaction().execute(async (trx) => {
        let lookup: CompiledQuery | undefined;
        const watched = new Proxy(trx, {
          get: (target, prop) =>
            prop === 'executeQuery'
              ? (q: CompiledQuery) => {
                  lookup = q;
                  return target.executeQuery(q);
                }
              : Reflect.get(target, prop, target),
        });
        const stored = await rowStore('postgres').stored(watched, {
          table: 'payments',
          merchantId: MERCHANT,
          ids,
        });
        expect(stored.size).toBe(ids.filter((id) => Number(id.slice(1)) < 5000).length);
        if (!lookup) throw new Error('the lookup ran no statement');
        const { rows } = await trx.executeQuery<{ 'QUERY PLAN': unknown }>(
          CompiledQuery.raw(`explain (analyze, format json) ${lookup.sql}`, [...lookup.parameters]),
        );
        return rows[0]?.['QUERY PLAN'];
      });
      // Every scan of the table is a primary-key probe, reading at most a row per id.
      const scans = planNodes(plan).filter((n) => n['Relation Name'] === 'payments');
      expect(scans.length).toBeGreaterThan(0);
      for (const n of scans) {
        expect(n['Node Type']).toBe('Index Scan');
        expect(n['Index Name']).toBe('payments_pk');
        expect(Number(n['Actual Rows']) * Number(n['Actual Loops'])).toBeLessThanOrEqual(1000);
      }
    } finally {
      await dest.close();
    }
  });
});
