import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { fakeIo } from './test-io.js';

const NOW = '2024-06-01T00:00:00Z';

describe('cloverql explain', () => {
  it('prints the plan of a query without contacting anything', async () => {
    const io = fakeIo();
    const code = await main(
      ['explain', 'payments where createdTime >= 2024-01-01 and amount > $10', '--now', NOW],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toContain('payments via REST');
    expect(io.out()).toContain('[2024-01-01T00:00:00.000Z, 2024-03-31T00:00:00.000Z) 90 days');
    expect(io.out()).toContain('filter=amount>1000');
    expect(io.err()).toBe('');
  });
  it('joins unquoted words into one query', async () => {
    const io = fakeIo();
    expect(
      await main(
        ['explain', 'payments', 'where', 'createdTime', '>=', '2024-05-01', '--now', NOW],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toContain('[2024-05-01T00:00:00.000Z, 2024-06-01T00:00:00.000Z]');
  });
  it('prints curl commands with --curl and JSON with --json', async () => {
    const io = fakeIo({
      env: { CLOVER_TOKEN: 't', CLOVER_MERCHANT_ID: 'MERCHANT00001', CLOVER_REGION: 'sandbox' },
    });
    expect(
      await main(
        [
          'explain',
          'payments where createdTime >= 2024-05-01',
          '--now',
          NOW,
          '--curl',
          '--base-url',
          'https://apisandbox.dev.clover.com',
        ],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toContain(
      'curl -sS -G "https://apisandbox.dev.clover.com/v3/merchants/MERCHANT00001/payments"',
    );
    // Without credentials the command keeps the variables for the shell, unencoded.
    const embedded = fakeIo();
    expect(await main(['explain', 'refunds', '--now', NOW, '--curl'], embedded)).toBe(0);
    expect(embedded.out()).toContain(
      'curl -sS -G "${CLOVER_BASE_URL}/v3/merchants/${CLOVER_MERCHANT_ID}/refunds"',
    );
    const json = fakeIo();
    expect(await main(['explain', 'refunds', '--now', NOW, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out()).resource).toBe('refunds');
  });
  it('applies --tz, --earliest, --window-days and --page-size', async () => {
    const io = fakeIo();
    expect(
      await main(
        [
          'explain',
          'payments where createdTime <= 2024-05-31',
          '--now',
          NOW,
          '--tz',
          'Europe/Paris',
          '--earliest',
          '2024-05-01',
          '--window-days',
          '10',
          '--page-size',
          '200',
        ],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toContain('tz Europe/Paris');
    expect(io.out()).toContain('#3 ');
    expect(io.out()).toContain('limit=200');
  });
});

describe('exit codes and errors', () => {
  it('exits 2 with the caret error for a bad query, on stderr', async () => {
    const io = fakeIo();
    expect(await main(['explain', 'payments where amout > 5'], io)).toBe(2);
    expect(io.err()).toContain('error[UNKNOWN_FIELD]');
    expect(io.err()).toContain('^^^^^');
    expect(io.err()).toContain('did you mean amount?');
    expect(io.out()).toBe('');
  });
  it('exits 2 for a bad query before starting anything for query and export', async () => {
    for (const cmd of ['query', 'export']) {
      const io = fakeIo();
      expect(await main([cmd, 'payments where createdTime >= 2024-02-30'], io)).toBe(2);
      expect(io.err()).toContain('INVALID_DATE');
      expect(io.err()).not.toContain('embedded mock');
    }
  });
  it('exits 2 for bad flags, unknown commands and missing arguments, without a stack trace', async () => {
    for (const argv of [
      ['explain', 'payments', '--window-days', '91'],
      ['explain', 'payments', '--tz', 'Mars/Olympus'],
      ['query', 'payments', '--format', 'xml'],
      ['query', 'payments', '--concurrency', '0'],
      ['frobnicate'],
      ['query'],
      ['explain', 'payments', '--now', 'soon'],
    ]) {
      const io = fakeIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.err(), argv.join(' ')).not.toMatch(/\n\s+at /);
      expect(io.err().length, argv.join(' ')).toBeGreaterThan(0);
    }
  });
  it('exits 2 when credentials are half given', async () => {
    const io = fakeIo({ env: { CLOVER_TOKEN: 'x' } });
    expect(await main(['query', 'payments where createdTime >= today - 1d'], io)).toBe(2);
    expect(io.err()).toContain('CLOVER_MERCHANT_ID');
  });
  it('prints help and version with exit 0', async () => {
    const help = fakeIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out()).toContain('Exit codes: 0 ok, 2 bad query or usage, 3 authentication');
    const version = fakeIo();
    expect(await main(['--version'], version)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
