/**
 * The built CLI against the hostile server: a hostile answer ends `cloverql query` with exit
 * code 4 and a one-line reason naming the window and the request, never a stack trace.
 * Needs `pnpm build` (the root `test` script builds first).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { type HostileMode, type HostileServer, startHostileServer } from './hostile-server.js';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function query(mode: HostileMode, q: string, flags: readonly string[] = []) {
  server = await startHostileServer(mode);
  return runCli(['query', q, '-q', ...flags], {
    env: { CLOVER_BASE_URL: server.url, CLOVER_TOKEN: 't', CLOVER_MERCHANT_ID: 'M' },
  });
}

const Q = 'payments where createdTime >= 2026-01-01 and createdTime < 2026-01-02';

describe('cloverql query against a hostile server', () => {
  it('exits 4 on a Retry-After of 11 days instead of sleeping', async () => {
    const r = await query({ kind: 'retry-after', value: '999999' }, Q);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^cloverql: the server asked to wait 11 days 13 h before retrying \(Retry-After: 999999\)/,
    );
    expect(r.stderr).toContain('window #0 [2026-01-01T00:00:00.000Z');
    expect(r.stderr).toContain('request GET /v3/merchants/M/payments?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(server!.requests).toHaveLength(1);
  });

  it('exits 4 on a server that ignores offset', async () => {
    const r = await query({ kind: 'same-ids' }, Q);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^cloverql: the page at offset 1000 is full .* the server ignores offset/,
    );
    expect(r.stderr).toContain('request GET /v3/merchants/M/payments?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(server!.requests).toHaveLength(2);
  });

  it('--max-retry-after lowers the longest wait: a 2 s Retry-After then fails at once', async () => {
    const r = await query({ kind: 'retry-after', value: '2' }, Q, ['--max-retry-after', '1s']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('(--max-retry-after in the CLI)');
    expect(server!.requests).toHaveLength(1);
  });

  it('--max-attempts bounds the attempts per request: 3 attempts, then one line and exit 4', async () => {
    const r = await query({ kind: 'retry-after', value: '0' }, Q, ['--max-attempts', '3']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^cloverql: Clover kept answering "too many requests"; gave up .* after 3 attempts$/m,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(server!.requests).toHaveLength(3);
  });

  it.each(['0', '101', '2.5', 'many'])(
    '--max-attempts %s is a usage error, before any request',
    async (value) => {
      const r = await query({ kind: 'same-ids' }, Q, ['--max-attempts', value]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(
        `--max-attempts must be a whole number from 1 to 100, not '${value}'`,
      );
      expect(server!.requests).toHaveLength(0);
    },
  );

  it.each([
    ['--max-retry-after', 'soon'],
    ['--request-timeout', '0'],
    ['--export-deadline', '-5m'],
  ])('%s %s is a usage error, before any request', async (flag, value) => {
    const r = await query({ kind: 'same-ids' }, Q, [flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${flag} must be a duration such as 90s, 5m or 2h`);
    expect(server!.requests).toHaveLength(0);
  });
});
