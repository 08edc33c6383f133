/**
 * `cloverql mock` through the built binary: what the user can fix (a busy port, options the mock
 * refuses) is a one-line usage error with exit 2, never "internal error … this is a bug".
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.js';

/** Exactly one line on stderr, a usage error (exit 2), nothing on stdout. */
function expectUsageError(r: { code: number | null; stdout: string; stderr: string }): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/internal error|this is a bug|\bat \S+ \(/);
}

describe('cloverql mock: usage errors', () => {
  let busy: Server;
  let port: number;

  beforeAll(async () => {
    busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    port = (busy.address() as { port: number }).port;
  });

  afterAll(async () => {
    busy.close();
    await once(busy, 'close');
  });

  it('a port already in use', async () => {
    const r = await runCli(['mock', '--host', '127.0.0.1', '--port', String(port)]);
    expectUsageError(r);
    expect(r.stderr).toBe(
      `cloverql: mock: cannot listen on 127.0.0.1:${port}: the port is already in use\n`,
    );
  });

  // One spawn per case, so each has the whole test timeout on a slow machine.
  it.each([
    ['an empty merchant id', ['--merchant-id', ''], 'merchants[0].id must be a non-empty'],
    [
      'from after to',
      ['--from', '2030-01-01', '--to', '2020-01-01'],
      'merchants[0].from is after its to',
    ],
    [
      'a clock before 1970',
      ['--clock-start', '1960-01-01'],
      'clock.start must be a Date or UTC ms from 1970',
    ],
  ] as const)('options the mock refuses: %s', async (_name, args, says) => {
    const r = await runCli(['mock', '--port', '0', ...args]);
    expectUsageError(r);
    expect(r.stderr).toContain(`cloverql: mock: ${says}`);
  });

  it('an address that is not on this machine', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): a literal address, so no name lookup is made.
    const r = await runCli(['mock', '--host', '192.0.2.1', '--port', '0']);
    expectUsageError(r);
    expect(r.stderr).toBe(
      'cloverql: mock: cannot listen on 192.0.2.1:0: the address is not available on this machine\n',
    );
  });
});

describe('cloverql mock --activity', () => {
  it('a bad spec is a usage error naming it', async () => {
    const r = await runCli(['mock', '--port', '0', '--activity', 'orders=5,colour=1']);
    expectUsageError(r);
    expect(r.stderr).toBe(
      "cloverql: --activity: unknown name 'colour' (use orders, payments, refunds, updates, deletes)\n",
    );
  });

  it('a living merchant gains orders as its clock is advanced', async () => {
    const args = ['mock', '--port', '0', '--orders', '30', '--payments', '30', '--refunds', '2'];
    const mock = startCli([
      ...args,
      '--frozen',
      '--admin-token',
      'adm',
      '--activity',
      'orders=2400',
    ]);
    try {
      const out = await mock.waitFor(/export .*\n/);
      const base = /CLOVER_BASE_URL=(\S+)/.exec(out)![1]!;
      const admin = { Authorization: 'Bearer adm', 'Content-Type': 'application/json' };
      const count = async () => {
        const res = await fetch(`${base}/_mock/store/MERCHANT00001/orders`, { headers: admin });
        return ((await res.json()) as { elements: unknown[] }).elements.length;
      };
      const before = await count();
      const adv = await fetch(`${base}/_mock/clock/advance`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ ms: 3_600_000 }),
      });
      expect(adv.status).toBe(200);
      expect(await count()).toBeGreaterThan(before + 50);
    } finally {
      mock.child.kill('SIGINT');
      expect((await mock.done).code).toBe(0);
    }
  });
});

describe('cloverql mock: the env line', () => {
  /** Starts a mock and returns the variables of its `export …` line. */
  async function startMock(): Promise<{ stop: () => Promise<void>; env: Record<string, string> }> {
    const args = ['mock', '--port', '0', '--seed', '9', '--orders', '30', '--payments', '80'];
    const mock = startCli([...args, '--refunds', '4']);
    const out = await mock.waitFor(/export .*\n/);
    const line = /export (.*)\n/.exec(out)![1]!;
    const env = Object.fromEntries(line.split(' ').map((kv) => kv.split('=') as [string, string]));
    return {
      env,
      stop: async () => {
        mock.child.kill('SIGINT');
        expect((await mock.done).code).toBe(0);
      },
    };
  }

  it('has every variable a query needs, and the same seed serves the same data', async () => {
    const a = await startMock();
    const b = await startMock();
    try {
      for (const { env } of [a, b]) {
        expect(Object.keys(env).sort()).toEqual([
          'CLOVERQL_NOW',
          'CLOVER_BASE_URL',
          'CLOVER_MERCHANT_ID',
          'CLOVER_REGION',
          'CLOVER_TOKEN',
        ]);
        expect(env.CLOVER_REGION).toBe('sandbox');
        expect(env.CLOVERQL_NOW).toBe('2026-01-01T00:00:00.000Z');
      }
      const q = ['query', 'payments where createdTime >= today - 30d', '--format', 'ndjson'];
      const [ra, rb] = await Promise.all([runCli(q, { env: a.env }), runCli(q, { env: b.env })]);
      expect(ra.code, ra.stderr).toBe(0);
      expect(ra.stderr).not.toMatch(/TRUNCATED|embedded mock/);
      expect(ra.stdout).not.toBe('');
      // Records carry hrefs with the server's own port; everything else must be equal.
      const data = (r: { stdout: string }, env: Record<string, string>) =>
        r.stdout.replaceAll(env.CLOVER_BASE_URL!, 'BASE');
      expect(data(rb, b.env)).toBe(data(ra, a.env));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
