import { describe, expect, it } from 'vitest';
import { TEST_NOW } from './testing/test-fixtures.js';
import { useMockClover } from './vitest.js';

const clover = useMockClover({
  seed: 9,
  clock: { start: TEST_NOW, frozen: true },
  merchants: [{ id: 'MERCHANT00009', token: 'tok-9', orders: 20, payments: 5, refunds: 0 }],
});

const orders = () =>
  fetch(`${clover.url}/v3/merchants/${clover.merchantId}/orders?limit=1`, {
    headers: { Authorization: `Bearer ${clover.token}` },
  });

describe('useMockClover', () => {
  it('hands the test a started mock with its url, merchant and token', async () => {
    expect(clover.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(clover.merchantId).toBe('MERCHANT00009');
    expect(clover.token).toBe('tok-9');
    expect((await orders()).status).toBe(200);
    // Changes that the next test must not see:
    clover.override({ path: '/v3/*', reply: { status: 500 } });
    clover.clock.advance(60_000);
  });

  it('resets before each test: overrides, clock and journal are back to the start', async () => {
    expect(clover.overrides()).toEqual([]);
    expect(clover.clock.now()).toBe(TEST_NOW);
    expect(clover.journal()).toEqual([]);
    expect((await orders()).status).toBe(200);
    expect(clover.journal()).toHaveLength(1);
  });
});

// A handle whose hooks never run: its suite is skipped, so its beforeAll never starts a mock.
let neverStarted: { readonly url: string } | undefined;
describe.skip('a skipped suite', () => {
  neverStarted = useMockClover();
  it('never runs', () => {});
});

describe('useMockClover before the mock started', () => {
  it('throws NOT_STARTED when the handle is read before its beforeAll ran', () => {
    expect(neverStarted).toBeDefined();
    expect(() => neverStarted?.url).toThrow(expect.objectContaining({ code: 'NOT_STARTED' }));
    expect(() => neverStarted?.url).toThrow(
      /starts in beforeAll; read \.url inside a test or hook/,
    );
  });
});
