/**
 * Nothing waits in silence: off a terminal, every long wait of the CLI says on stderr what it
 * waits for and until when, before the wait, so a person (or a log) sees why nothing happens.
 */
import { createServer } from 'node:net';
import { isExportOpen } from '@cloverql/dsl';
import { MOCK_DEFAULTS, startMockServer } from '@cloverql/mock-server';
import { describe, expect, it } from 'vitest';
import { startCli } from './run-cli.js';

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('waiting, said on stderr', () => {
  it('a refused connection: each backoff of a second or more is announced before it', async () => {
    const port = await closedPort();
    // Full jitter draws each backoff in [0, 250 ms × 2^n): with the default 8 attempts, about
    // one run in a thousand retries only below a second and gives up silently (seen in CI), so
    // the test allows 30 attempts: all of them below a second is then below 1e-20.
    const run = startCli(
      ['query', '--max-attempts', '30', 'payments where createdTime >= today - 7d'],
      {
        env: {
          CLOVER_BASE_URL: `http://127.0.0.1:${port}`,
          CLOVER_TOKEN: 't',
          CLOVER_MERCHANT_ID: 'M',
        },
      },
    );
    const said = await run.waitFor(
      /ECONNREFUSED for GET \/v3\/merchants\/M\/payments\S*; retrying in [\d.]+ s \(retry \d+\)/,
      'stderr',
    );
    expect(said).not.toMatch(/\n\s+at /);
    run.child.kill('SIGINT');
    expect((await run.done).code).toBe(130);
  });

  it('an export outside the opening hours: says until when it waits, and suggests --no-wait', async () => {
    // US and EU hours never overlap, so one of them is closed at any instant.
    const region = isExportOpen('us', Date.now()) ? 'eu' : 'us';
    const merchant = { ...MOCK_DEFAULTS.merchant, orders: 20, payments: 20, refunds: 0 };
    const mock = await startMockServer({ seed: 3, region, merchants: [merchant], port: 0 });
    try {
      const run = startCli(['export', 'payments where createdTime >= today - 3d'], {
        env: {
          CLOVER_BASE_URL: mock.url,
          CLOVER_TOKEN: merchant.token,
          CLOVER_MERCHANT_ID: merchant.id,
          CLOVER_REGION: region,
        },
      });
      const said = await run.waitFor(
        /waiting until it opens at \d{4}-\d\d-\d\dT[\d:.]+Z \(in [^)]+\) — use --no-wait/,
        'stderr',
      );
      expect(said).toContain(`${region} opening hours`);
      run.child.kill('SIGINT');
      expect((await run.done).code).toBe(130);
    } finally {
      await mock.close();
    }
  });
});
