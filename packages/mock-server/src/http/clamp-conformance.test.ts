import { CLAMP_MS, DAY_MS, type ResourceName } from '@cloverql/dsl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockAppOptions } from '../options/mock-options.js';
import { createMockApp } from '../server/create-mock-app.js';
import { type MockServer, startMockServer } from '../server/start-mock-server.js';
import { AUTH, api, M } from '../testing/test-app.js';
import { TEST_NOW, testEnvironment } from '../testing/test-fixtures.js';
import { fetchTransport, supertestTransport, type Transport } from '../testing/test-transport.js';

// the Clover docs page "Apply filters to API requests", "Example query results": {date1} is Jan 1, 2024. Now is 2024-06-01 12:00 UTC.
const date1 = Date.UTC(2024, 0, 1);
const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const future = TEST_NOW + 30 * DAY_MS;
const options: MockAppOptions = {
  seed: 4,
  clock: { start: TEST_NOW, frozen: true },
  limits: { rateLimits: false },
  merchants: [
    {
      id: M,
      token: 'test-token',
      orders: 1500,
      payments: 1500,
      refunds: 400,
      from: at(2023, 6, 1),
    },
  ],
};

interface Case {
  readonly name: string;
  readonly resource: ResourceName;
  readonly filters: readonly string[];
  /** Expected effective createdTime range: [lower, upper] with inclusivity, as the href shows. */
  readonly lower: readonly [number, boolean];
  readonly upper: readonly [number, boolean];
}

const CASES: readonly Case[] = [
  {
    name: '>{date1}: Jan 2, 2024 until Mar 30, 2024',
    resource: 'payments',
    filters: [`createdTime>${date1}`],
    lower: [date1, false],
    upper: [at(2024, 3, 31), false],
  },
  {
    name: '>={date1}: Jan 1, 2024 until Mar 30, 2024',
    resource: 'payments',
    filters: [`createdTime>=${date1}`],
    lower: [date1, true],
    upper: [at(2024, 3, 31), false],
  },
  {
    name: '<{date1}: Dec 31, 2023 back to Oct 3, 2023',
    resource: 'payments',
    filters: [`createdTime<${date1}`],
    lower: [at(2023, 10, 3), true],
    upper: [date1, false],
  },
  {
    name: '<={date1}: Jan 1, 2024 back to Oct 3, 2023',
    resource: 'payments',
    filters: [`createdTime<=${date1}`],
    lower: [at(2023, 10, 3), true],
    upper: [date1, true],
  },
  {
    name: '<={future date}: back 90 days from the current time',
    resource: 'payments',
    filters: [`createdTime<=${future}`],
    lower: [TEST_NOW - CLAMP_MS, true],
    upper: [TEST_NOW, true],
  },
  {
    name: 'both bounds wider than 90 days keep the most recent 90 days',
    resource: 'payments',
    filters: [`createdTime>=${at(2023, 7, 1)}`, `createdTime<${date1}`],
    lower: [date1 - CLAMP_MS, true],
    upper: [date1, false],
  },
  {
    name: 'an upper bound in the future counts from now',
    resource: 'payments',
    filters: [`createdTime>=${at(2024, 1, 15)}`, `createdTime<${future}`],
    lower: [TEST_NOW - CLAMP_MS, true],
    upper: [TEST_NOW, true],
  },
  {
    name: 'no time filter: the most recent 90 days',
    resource: 'payments',
    filters: [],
    lower: [TEST_NOW - CLAMP_MS, true],
    upper: [TEST_NOW, true],
  },
  {
    name: 'refunds are clamped on a time filter too',
    resource: 'refunds',
    filters: [`createdTime<${date1}`],
    lower: [at(2023, 10, 3), true],
    upper: [date1, false],
  },
  {
    name: 'orders filtered on a clamp trigger (total) are clamped',
    resource: 'orders',
    filters: [
      `createdTime>=${at(2023, 6, 1)}`,
      `createdTime<=${future}`,
      'total>0',
      'state IS NOT NULL',
    ],
    lower: [TEST_NOW - CLAMP_MS, true],
    upper: [TEST_NOW, true],
  },
];

const enc = encodeURIComponent;
const transports: [
  string,
  () => Promise<{
    t: Transport;
    store: ReturnType<typeof createMockApp>['mock']['store'];
    close: () => Promise<void>;
  }>,
][] = [
  [
    'supertest',
    async () => {
      const app = createMockApp(options, testEnvironment());
      return { t: supertestTransport(app), store: app.mock.store, close: async () => {} };
    },
  ],
  [
    'real listener on 127.0.0.1',
    async () => {
      const server: MockServer = await startMockServer(
        { ...options, port: 0, host: '127.0.0.1' },
        testEnvironment(),
      );
      return { t: fetchTransport(server.url), store: server.store, close: () => server.close() };
    },
  ],
];

describe.each(transports)('90-day clamp conformance over %s', (_name, open) => {
  let ctx: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    ctx = await open();
  });
  afterAll(async () => {
    await ctx.close();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const query = [...c.filters.map((f) => `filter=${enc(f)}`), 'limit=1000'].join('&');
      const res = await ctx.t.get(api(`/${c.resource}?${query}`), AUTH);
      expect(res.status).toBe(200);
      const body = res.body as { elements: { id: string }[]; href: string };
      const [lo, loIncl] = c.lower;
      const [hi, hiIncl] = c.upper;
      const expected = (
        ctx.store.records(M, c.resource) as { id: string; createdTime: number; state?: string }[]
      )
        .filter((r) => (loIncl ? r.createdTime >= lo : r.createdTime > lo))
        .filter((r) => (hiIncl ? r.createdTime <= hi : r.createdTime < hi))
        .filter((r) => c.resource !== 'orders' || r.state !== undefined)
        .reverse();
      expect(expected.length).toBeGreaterThan(10);
      expect(expected.length).toBeLessThan(1000);
      expect(body.elements.map((e) => e.id)).toEqual(expected.map((r) => r.id));
      expect(body.href).toContain(
        `filter=${enc(`createdTime${loIncl ? '>=' : '>'}${lo}`)}&filter=${enc(`createdTime${hiIncl ? '<=' : '<'}${hi}`)}`,
      );
    });
  }

  it('orders bounded only on modifiedTime are clamped too (the Clover docs page "Apply filters to API requests" names modifiedTime)', async () => {
    const from = at(2023, 6, 1);
    const res = await ctx.t.get(api(`/orders?filter=modifiedTime>=${from}&limit=1000`), AUTH);
    const body = res.body as { elements: { modifiedTime: number }[]; href: string };
    expect(body.elements.length).toBeGreaterThan(0);
    expect(Math.max(...body.elements.map((e) => e.modifiedTime))).toBeLessThan(from + CLAMP_MS);
    expect(body.href).toContain(`filter=${enc(`modifiedTime<${from + CLAMP_MS}`)}`);
  });
});
