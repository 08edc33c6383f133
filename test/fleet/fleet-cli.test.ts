import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../packages/cli/src/exit-codes.js';
import { main } from '../../packages/cli/src/main.js';
import { fakeIo } from '../../packages/cli/src/test-io.js';
import {
  fleetQuery,
  waitForNoSessions,
} from '../../packages/sync/src/fleet/testing/fleet-fixture.js';
import {
  startTestPostgres,
  type TestPostgres,
} from '../../packages/sync/src/testing/test-postgres.js';

const KEY = randomBytes(32).toString('base64');

describe('cloverql fleet: usage errors need no database', () => {
  it.each([
    [['fleet', 'status'], {}, 'the fleet needs its database'],
    [['fleet', 'status', '--db', 'sqlite:./x.db'], {}, 'runs on PostgreSQL'],
    [['fleet', 'list', '--db', 'mysql://x'], {}, '--db must be sqlite:<file> or postgres://'],
    [
      ['fleet', 'add', '--merchant-id', 'M', '--token', 't', '--db', 'postgres://u@127.0.0.1:1/x'],
      {},
      'CLOVERQL_FLEET_KEY is not set',
    ],
    [
      ['fleet', 'add', '--merchant-id', 'M', '--token', 't', '--db', 'postgres://u@127.0.0.1:1/x'],
      { CLOVERQL_FLEET_KEY: 'short' },
      'must be 32 bytes',
    ],
    [['fleet', 'schedule', '--db', 'postgres://u@127.0.0.1:1/x'], {}, 'needs --every'],
    [
      ['fleet', 'schedule', '--every', '10s', '--db', 'postgres://u@127.0.0.1:1/x'],
      {},
      "of at least 1m (e.g. 15m, 1h) or --off, not '10s'",
    ],
    [
      ['fleet', 'run-once', '--timeout', 'soon', '--db', 'postgres://u@127.0.0.1:1/x'],
      {},
      '--timeout must be a duration',
    ],
  ])('%j exits 2 with one line', async (argv, env, message) => {
    const io = fakeIo({ env });
    expect(await main(argv, io)).toBe(EXIT.USAGE);
    expect(io.err()).toContain(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('says on one line, exit 5, when the database cannot be reached', async () => {
    const io = fakeIo({ env: { CLOVERQL_DB: 'postgres://u:secret@127.0.0.1:1/x' } });
    expect(await main(['fleet', 'status'], io)).toBe(EXIT.DATABASE);
    expect(io.err()).toContain(
      "cannot prepare the fleet's database postgres://u:***@127.0.0.1:1/x",
    );
    expect(io.err()).not.toContain('secret');
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});

describe('cloverql fleet on a real PostgreSQL', () => {
  let server: TestPostgres;
  let db: string;
  beforeAll(async () => {
    server = await startTestPostgres();
    db = await server.database('cli');
  });
  afterAll(async () => {
    if (server) await waitForNoSessions(server.url);
    await server?.stop();
  });
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const io = fakeIo({ env: { CLOVERQL_DB: db, CLOVERQL_FLEET_KEY: KEY, ...env } });
    const code = await main(['fleet', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };

  it('adds, lists (never a token), updates, shows status and removes merchants', async () => {
    let r = await run(['add', '--merchant-id', 'MERCHANT00001', '--token', 'sekret-1']);
    expect(r).toMatchObject({
      code: 0,
      out: 'added merchant MERCHANT00001 (token stored encrypted)\n',
    });
    r = await run([
      'add',
      '--merchant-id',
      'MERCHANT00002',
      '--token',
      'sekret-2',
      '--region',
      'eu',
    ]);
    r = await run([
      'add',
      '--merchant-id',
      'MERCHANT00001',
      '--token',
      'sekret-3',
      '--base-url',
      'http://127.0.0.1:9',
    ]);
    expect(r.out).toContain('updated merchant MERCHANT00001');
    r = await run(['list', '--json']);
    const listed = JSON.parse(r.out) as { merchants: Array<Record<string, unknown>> };
    expect(listed.merchants.map((m) => [m.merchantId, m.region, m.baseUrl])).toEqual([
      ['MERCHANT00001', null, 'http://127.0.0.1:9'],
      ['MERCHANT00002', 'eu', null],
    ]);
    expect(r.out).not.toContain('sekret');
    r = await run(['list']);
    expect(r.out).not.toContain('sekret');
    r = await run(['status', '--json']);
    expect(JSON.parse(r.out)).toEqual({
      merchants: [
        {
          merchantId: 'MERCHANT00001',
          state: 'pending',
          lastFinishedAt: null,
          rows: 0,
          watermarkLagMs: null,
        },
        {
          merchantId: 'MERCHANT00002',
          state: 'pending',
          lastFinishedAt: null,
          rows: 0,
          watermarkLagMs: null,
        },
      ],
    });
    r = await run(['remove', '--merchant-id', 'MERCHANT00002']);
    expect(r.code).toBe(0);
    r = await run(['remove', '--merchant-id', 'MERCHANT00002']);
    expect(r).toMatchObject({
      code: EXIT.USAGE,
      err: 'cloverql fleet: merchant MERCHANT00002 is not in the fleet\n',
    });
    r = await run(['add', '--merchant-id', 'bad id!', '--token', 't']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('--merchant-id must be letters and digits');
  });

  it('run-once --wait with no worker gives up after --timeout with exit 6, saying what it waited for', async () => {
    await run(['add', '--merchant-id', 'MERCHANT00009', '--token', 't']);
    const r = await run(['run-once', '--wait', '--timeout', '1s']);
    expect(r.code).toBe(EXIT.WAIT_TIMEOUT);
    expect(r.err).toMatch(/waiting for \d+ of \d+ merchants' syncs \(0 running, \d+ queued\)/);
    expect(r.err).toContain('is a `cloverql fleet worker` running on this database?');
    const queued = await run(['run-once']);
    expect(queued.out).toMatch(/queued a sync for each of \d+ merchants/);
  });

  it("status shows each merchant's watermark lag: the oldest of its resources' watermarks", async () => {
    await run(['add', '--merchant-id', 'MERCHANT00042', '--token', 't']);
    // The state rows a sync leaves: orders and payments caught up to 90 s ago and 30 s ago.
    for (const [resource, agoMs] of [
      ['orders', 90_000],
      ['payments', 30_000],
    ] as const) {
      await fleetQuery(
        db,
        `insert into _cloverql_state (merchant_id, resource, watermark, backfill_from,
             backfill_to, backfill_done, backfill_mode)
           select 'MERCHANT00042', $1::text, t - $2::bigint, 0, t, t, 'rest'
           from (select (extract(epoch from clock_timestamp()) * 1000)::bigint as t) n`,
        [resource, agoMs],
      );
    }
    let r = await run(['status', '--json']);
    const m = (JSON.parse(r.out) as { merchants: Array<Record<string, unknown>> }).merchants.find(
      (x) => x.merchantId === 'MERCHANT00042',
    );
    expect(m?.watermarkLagMs).toBeGreaterThanOrEqual(90_000);
    expect(m?.watermarkLagMs).toBeLessThan(120_000);
    r = await run(['status']);
    expect(r.out).toMatch(/pending {2}MERCHANT00042 {2}never {2}0 rows {2}1 min 3\d s behind\n/);
    expect(r.out).toMatch(/MERCHANT00001 {2}never {2}0 rows {2}no watermark yet\n/);
    // A resource still backfilling (no watermark) means the copy has no lag to give yet.
    await fleetQuery(
      db,
      `insert into _cloverql_state (merchant_id, resource, watermark, backfill_from,
           backfill_to, backfill_done, backfill_mode) values ('MERCHANT00042', 'refunds', null, 0, 10, 5, 'rest')`,
    );
    r = await run(['status', '--json']);
    expect(r.out).toContain(
      '"merchantId":"MERCHANT00042","state":"pending","lastFinishedAt":null,"rows":0,"watermarkLagMs":null',
    );
  });

  it('schedules and unschedules the recurring round', async () => {
    expect((await run(['schedule', '--every', '15m'])).out).toContain('every 15m');
    expect((await run(['schedule', '--off'])).out).toContain('schedule stopped');
  });
});
