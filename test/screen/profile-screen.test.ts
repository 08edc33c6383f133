/**
 * `--profile` as a person at a terminal uses it: a config file (CLOVERQL_CONFIG) with two
 * profiles for two merchants of one mock; the query runs against the chosen profile's merchant
 * and its rows are on the screen; a profile the file does not have is a one-line usage error.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScreen } from '../support/screen.js';

/** The id in the first column of a table body row. */
const ROW_ID = /^│ ([0-9A-Z]{13}) +│/;
const FIRST = { id: 'MERCHANTAAAA1', token: 'first-token', payments: 4 };
const SECOND = { id: 'MERCHANTBBBB2', token: 'second-token', payments: 9 };

describe('cloverql query --profile on a terminal', { timeout: 120_000 }, () => {
  let mock: MockServer;
  let dir: string;
  let env: Record<string, string>;
  /** The whole of the mock's data: a year before its virtual now, up to it. */
  let range: string[];

  beforeAll(async () => {
    mock = await startMockServer({
      merchants: [FIRST, SECOND].map((m) => ({ ...m, orders: 0, refunds: 0 })),
    });
    dir = await mkdtemp(join(tmpdir(), 'cloverql-profile-screen-'));
    const config = join(dir, 'config.toml');
    const profile = (name: string, m: typeof FIRST) =>
      `[profiles.${name}]\nbase_url = "${mock.url}"\ntoken = "${m.token}"\nmerchant_id = "${m.id}"\n`;
    await writeFile(config, `${profile('default', FIRST)}\n${profile('second', SECOND)}`);
    await chmod(config, 0o600);
    // HOME has no config of its own; no CLOVER_* is set, so only the file names a merchant.
    env = { CLOVERQL_CONFIG: config, HOME: dir };
    const now = mock.clock.now();
    range = [
      '--now',
      new Date(now).toISOString(),
      '--earliest',
      new Date(now - 400 * 86_400_000).toISOString(),
    ];
  });
  afterAll(async () => {
    await mock?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("shows the rows of the chosen profile's merchant", async () => {
    const s = startScreen(['query', 'payments', '--profile', 'second', '--no-pager', ...range], {
      env,
    });
    expect(await s.waitForExit(), s.text()).toBe(0);
    const shown = s
      .lines()
      .map((l) => ROW_ID.exec(l)?.[1])
      .filter((id): id is string => id !== undefined);
    const expected = mock.store.records(SECOND.id, 'payments').map((p) => String(p.id));
    expect(expected).toHaveLength(SECOND.payments);
    expect(shown.sort()).toEqual(expected.sort());
    expect(s.lines()).toContainEqual(
      expect.stringMatching(new RegExp(`^cloverql: ${SECOND.payments} payments in `)),
    );
  });

  it('uses the default profile when none is named', async () => {
    const s = startScreen(['query', 'payments', '--no-pager', ...range], { env });
    expect(await s.waitForExit(), s.text()).toBe(0);
    const shown = s.lines().filter((l) => ROW_ID.test(l));
    expect(shown).toHaveLength(FIRST.payments);
  });

  it('says in one line that a profile is missing, and exits 2', async () => {
    const s = startScreen(['query', 'payments', '--profile', 'nosuch', ...range], { env });
    expect(await s.waitForExit()).toBe(2);
    const lines = s.lines().filter((l) => l.trim() !== '');
    expect(lines, s.text()).toHaveLength(1);
    expect(lines[0]).toMatch(/no profile 'nosuch' .*it has default, second/);
  });
});
