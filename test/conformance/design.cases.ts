/**
 * docs/mock-server.md rules the Clover documentation pages do not state (auth, error bodies, the full filter syntax, which
 * requests Clover clamps, paging, rate limits, export errors, pre-signed files, the admin API),
 * kept apart from the seed checklists so those read as the Clover documentation alone.
 */
import { expect } from 'vitest';
import type { CaseTable, ConformanceCase } from './conformance-case.js';
import {
  closed,
  envelope,
  expectExactly,
  hasState,
  hrefFilters,
  ids,
  inWindow,
  newestFirst,
  open,
  pathOf,
  type Row,
  truth,
} from './ground-truth.js';
import {
  api,
  bearer,
  DAY,
  EXPORT_TO,
  EXPORTER,
  exportSetup,
  NINETY_DAYS,
  NOW,
  OTHER,
  query,
  RECENT,
  recentSetup,
  THIRTY_DAYS,
  twoMerchantSetup,
  utc,
  YEAR,
  YEAR_FROM,
  yearSetup,
} from './mock-setups.js';

const small = { type: 'ORDERS', startTime: EXPORT_TO - 3 * DAY, endTime: EXPORT_TO - DAY };

const authCases: ConformanceCase[] = [
  {
    rule: 'Auth: 401 for a missing or bad token, for a token of another merchant and for an access_token query parameter (never 403)',
    setup: twoMerchantSetup(),
    run: async (client) => {
      const orders = api(RECENT.id, '/orders');
      const attempts = [
        await client.get(orders),
        await client.get(orders, bearer('not-a-token')),
        await client.get(orders, bearer(OTHER.token)),
        await client.get(`${orders}?access_token=${RECENT.token}`),
        await client.get(`${orders}?access_token=${RECENT.token}`, bearer(RECENT.token)),
        await client.post(api(RECENT.id, '/exports'), small),
        await client.get(api('MERCHANTNONE1', '/orders'), bearer(RECENT.token)),
      ];
      for (const reply of attempts) {
        expect(reply.status).toBe(401);
        expect(reply.body).toStrictEqual({
          details: expect.any(String),
          message: '401 Unauthorized',
        });
      }
      expect((await client.get(orders, bearer(RECENT.token))).status).toBe(200);
    },
  },
  {
    rule: 'Option acceptQueryToken accepts ?access_token= as Clover did in 2016-2019',
    setup: twoMerchantSetup({ acceptQueryToken: true }),
    run: async (client) => {
      const reply = await client.get(api(RECENT.id, `/orders?access_token=${RECENT.token}`));
      expect(reply.status).toBe(200);
      const wrong = await client.get(api(RECENT.id, `/orders?access_token=${OTHER.token}`));
      expect(wrong.status).toBe(401);
    },
  },
  {
    rule: 'Unknown object -> 404 {"details":"Order not found","message":"Not Found"}; an unknown route -> plain-text 404',
    setup: twoMerchantSetup(),
    run: async (client) => {
      for (const [resource, noun] of [
        ['orders', 'Order'],
        ['payments', 'Payment'],
        ['refunds', 'Refund'],
      ] as const) {
        const reply = await client.get(
          api(RECENT.id, `/${resource}/0000000000000`),
          bearer(RECENT.token),
        );
        expect(reply.status).toBe(404);
        expect(reply.body).toStrictEqual({ details: `${noun} not found`, message: 'Not Found' });
        const known = truth(client, RECENT, resource)[0] as Row;
        const found = await client.get(
          api(RECENT.id, `/${resource}/${known.id}`),
          bearer(RECENT.token),
        );
        expect(found.status).toBe(200);
        expect((found.body as Row).id).toBe(known.id);
      }
      const route = await client.get(api(RECENT.id, '/widgets'), bearer(RECENT.token));
      expect(route.status).toBe(404);
      expect(route.text).toBe('Not Found');
      expect(route.headers['content-type']).toMatch(/^text\/plain/);
    },
  },
];

const filterCases: ConformanceCase[] = [
  {
    rule: "filter= operators =, !=, >, >=, <, <=, in ('A','B'), IS NULL and IS NOT NULL; enum comparisons are case-insensitive",
    setup: recentSetup,
    run: async (client) => {
      const payments = truth(client, RECENT, 'payments');
      const orders = truth(client, RECENT, 'orders').filter(hasState);
      const amounts = payments.map((r) => r.amount as number).sort((a, b) => a - b);
      const mid = amounts[Math.floor(amounts.length / 2)] as number;
      const amount = (r: Row) => r.amount as number;
      const cardType = (r: Row) =>
        (r.cardTransaction as { cardType?: string } | undefined)?.cardType;
      const checks: [string, readonly Row[], (r: Row) => boolean][] = [
        [`amount=${mid}`, payments, (r) => amount(r) === mid],
        [`amount!=${mid}`, payments, (r) => amount(r) !== mid],
        [`amount>${mid}`, payments, (r) => amount(r) > mid],
        [`amount<${mid}`, payments, (r) => amount(r) < mid],
        [`amount<=${mid}`, payments, (r) => amount(r) <= mid],
        [
          "result in ('FAIL','VOIDED')",
          payments,
          (r) => r.result === 'FAIL' || r.result === 'VOIDED',
        ],
        ['cardTransaction.cardType IS NULL', payments, (r) => cardType(r) === undefined],
        ['cardTransaction.cardType IS NOT NULL', payments, (r) => cardType(r) !== undefined],
        ['result=success', payments, (r) => r.result === 'SUCCESS'],
        ['state=PAID', orders, (r) => r.state === 'paid'],
      ];
      for (const [filter, rows, predicate] of checks) {
        const resource = rows === orders ? 'orders' : 'payments';
        const want = newestFirst(rows.filter(predicate));
        expect(want.length, filter).toBeGreaterThan(0);
        expect(want.length, filter).toBeLessThan(rows.length);
        await expectExactly(
          client,
          {
            merchant: RECENT,
            path: api(RECENT.id, `/${resource}?${query([filter], ['limit=1000'])}`),
          },
          want,
        );
      }
    },
  },
  {
    rule: 'Unknown field, bad operator or bad value -> 400 with a message naming it; X-Clover-Allowed-Filter-Fields on 400s too',
    setup: recentSetup,
    run: async (client) => {
      const ok = await client.get(api(RECENT.id, '/payments'), bearer(RECENT.token));
      const allowed = ok.headers['x-clover-allowed-filter-fields'];
      expect(allowed).toEqual(expect.any(String));
      for (const [filter, named, code] of [
        ['colour=red', 'colour', 'UNKNOWN_FILTER_FIELD'],
        ['tipAmount>5', 'tipAmount', 'UNKNOWN_FILTER_FIELD'],
        ['offline>true', 'offline', 'BAD_FILTER_OPERATOR'],
        ['amount=ten', 'ten', 'BAD_FILTER_VALUE'],
        ['createdTime>=yesterday', 'yesterday', 'BAD_FILTER_VALUE'],
      ] as const) {
        const reply = await client.get(
          api(RECENT.id, `/payments?${query([filter])}`),
          bearer(RECENT.token),
        );
        expect(reply.status, filter).toBe(400);
        expect(reply.headers['x-mock-error-code'], filter).toBe(code);
        expect((reply.body as { message: string }).message, filter).toContain(named);
        expect(reply.headers['x-clover-allowed-filter-fields']).toBe(allowed);
      }
    },
  },
  {
    rule: 'GET /orders hides orders whose state is null unless the request filters on state (Clover adds stateIS NOT NULL and shows it in href)',
    setup: recentSetup,
    run: async (client) => {
      const all = truth(client, RECENT, 'orders');
      const stateless = all.filter((r) => !hasState(r));
      expect(stateless.length).toBeGreaterThan(0);
      const shown = await expectExactly(
        client,
        { merchant: RECENT, path: api(RECENT.id, '/orders?limit=1000') },
        newestFirst(all.filter(hasState)),
      );
      expect(hrefFilters(shown.href)).toContain('stateIS NOT NULL');
      const asked = await expectExactly(
        client,
        {
          merchant: RECENT,
          path: api(RECENT.id, `/orders?${query(['state IS NULL'], ['limit=1000'])}`),
        },
        newestFirst(stateless),
      );
      expect(hrefFilters(asked.href)).not.toContain('stateIS NOT NULL');
    },
  },
  {
    rule: 'Orders are clamped whenever a time field is filtered (the Clover docs page "Apply filters to API requests" names getOrders and clientCreatedTime, modifiedTime), and also whenever the filters include a trigger (deletedTime, externalReferenceId, createdTime, total, payType, title, note, state, manualTransaction, cardTransaction.last4, testMode, touched)',
    setup: yearSetup,
    run: async (client) => {
      const orders = truth(client, YEAR, 'orders').filter(hasState);
      expect(orders.length).toBeGreaterThan(1000);
      for (const field of ['clientCreatedTime', 'modifiedTime']) {
        const filters = [`${field}>=${YEAR_FROM}`];
        // A lower bound alone keeps the 90 days after it.
        const window = { field, lower: closed(YEAR_FROM), upper: open(YEAR_FROM + NINETY_DAYS) };
        const body = await expectExactly(
          client,
          { merchant: YEAR, path: api(YEAR.id, `/orders?${query(filters, ['limit=1000'])}`) },
          newestFirst(orders.filter(inWindow(window))),
        );
        expect(hrefFilters(body.href)).toContain(`${field}<${YEAR_FROM + NINETY_DAYS}`);
      }
      // A trigger without any time filter keeps the most recent 90 days of createdTime.
      const recent = { field: 'createdTime', lower: closed(NOW - NINETY_DAYS), upper: closed(NOW) };
      await expectExactly(
        client,
        { merchant: YEAR, path: api(YEAR.id, `/orders?${query(['total>0'], ['limit=1000'])}`) },
        newestFirst(orders.filter(inWindow(recent)).filter((r) => (r.total as number) > 0)),
      );
    },
  },
  {
    rule: 'Payments and orders with no time filter return only the most recent 90 days; refunds without a time filter are not clamped',
    setup: yearSetup,
    run: async (client) => {
      const recent = inWindow({
        field: 'createdTime',
        lower: closed(NOW - NINETY_DAYS),
        upper: closed(NOW),
      });
      for (const [resource, keep] of [
        ['payments', () => true],
        ['orders', hasState],
      ] as const) {
        const rows = truth(client, YEAR, resource).filter(keep);
        const want = newestFirst(rows.filter(recent));
        expect(want.length).toBeLessThan(rows.length);
        await expectExactly(
          client,
          { merchant: YEAR, path: api(YEAR.id, `/${resource}?limit=1000`) },
          want,
        );
      }
      const refunds = truth(client, YEAR, 'refunds');
      expect(refunds.some((r) => r.createdTime < NOW - NINETY_DAYS)).toBe(true);
      await expectExactly(
        client,
        { merchant: YEAR, path: api(YEAR.id, '/refunds?limit=1000') },
        newestFirst(refunds),
      );
    },
  },
  {
    rule: 'Paging: limit defaults to 100 and is at most 1000, offset pages through a stable order, newest first then id; each element has its own href',
    setup: recentSetup,
    run: async (client) => {
      const want = newestFirst(truth(client, RECENT, 'payments'));
      const auth = bearer(RECENT.token);
      const first = envelope(await client.get(api(RECENT.id, '/payments'), auth));
      expect(ids(first.elements)).toEqual(ids(want.slice(0, 100)));
      expect(new URL(first.href).searchParams.get('limit')).toBe('100');
      for (const e of first.elements) {
        expect(pathOf(e.href as string)).toBe(`/v3/merchants/${RECENT.id}/payments/${e.id}`);
      }
      expect((await client.get(api(RECENT.id, '/payments?limit=1000'), auth)).status).toBe(200);
      expect((await client.get(api(RECENT.id, '/payments?limit=1001'), auth)).status).toBe(400);
      const paged: string[] = [];
      for (let offset = 0; offset < want.length + 250; offset += 250) {
        const page = envelope(
          await client.get(api(RECENT.id, `/payments?limit=250&offset=${offset}`), auth),
        );
        paged.push(...ids(page.elements));
      }
      expect(paged).toEqual(ids(want));
    },
  },
  {
    rule: 'Rate limits: 16 new requests/s per token, then 429 naming the limit in X-RateLimit-tokenLimit',
    // Runners give the mock a monotonic clock that stands still, so no token refills mid-case.
    setup: twoMerchantSetup({ limits: { rateLimits: true } }),
    run: async (client) => {
      const path = api(RECENT.id, '/orders?limit=1');
      for (let i = 0; i < 16; i++) {
        expect((await client.get(path, bearer(RECENT.token))).status, `request ${i + 1}`).toBe(200);
      }
      const refused = await client.get(path, bearer(RECENT.token));
      expect(refused.status).toBe(429);
      expect(refused.headers['x-ratelimit-tokenlimit']).toBe('16');
      // The limit is per token: the other merchant's token is untouched.
      const other = await client.get(api(OTHER.id, '/orders?limit=1'), bearer(OTHER.token));
      expect(other.status).toBe(200);
    },
  },
];

const exportCases: ConformanceCase[] = [
  {
    rule: 'Export: {type: ORDERS|PAYMENTS, startTime, endTime} in UTC ms as numbers or numeric strings, a trailing slash accepted; range over 30 days, end before start or bad type -> 400',
    setup: exportSetup({ limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      const auth = bearer(EXPORTER.token);
      const post = (body: unknown, path = '/exports') =>
        client.post(api(EXPORTER.id, path), body, auth);
      const strings = await post(
        { ...small, startTime: String(small.startTime), endTime: String(small.endTime) },
        '/exports/',
      );
      expect(strings.status).toBe(200);
      expect(strings.body).toMatchObject({ startTime: small.startTime, endTime: small.endTime });
      for (const bad of [
        { ...small, endTime: small.startTime + THIRTY_DAYS + 1 },
        { ...small, endTime: small.startTime - 1 },
        { ...small, type: 'REFUNDS' },
        { ...small, type: 'orders' },
        { type: 'ORDERS', startTime: small.startTime },
        { ...small, startTime: 'yesterday' },
      ]) {
        const reply = await post(bad);
        expect(reply.status, JSON.stringify(bad)).toBe(400);
        expect(reply.headers['x-mock-error-code']).toBe('BAD_EXPORT_REQUEST');
      }
      expect((await post({ ...small, endTime: small.startTime })).status).toBe(200);
    },
  },
  {
    rule: 'Export: too many exports in progress -> 503 and nothing is created',
    setup: exportSetup({ limits: { maxConcurrentExports: 1 } }),
    run: async (client) => {
      const post = () => client.post(api(EXPORTER.id, '/exports'), small, bearer(EXPORTER.token));
      expect((await post()).status).toBe(200);
      client.mock.clock.set(NOW + 5_000);
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(refused.body).not.toHaveProperty('availableHours');
      // Had the refused request created an export, it would run until NOW + 15 s.
      client.mock.clock.set(NOW + 10_000);
      expect((await post()).status).toBe(200);
    },
  },
  {
    rule: 'Export: outside the availability hours -> 503 whose body states the hours (availableHours, which the concurrency 503 lacks), and nothing is created',
    setup: exportSetup({ region: 'us', limits: { maxConcurrentExports: 1 } }),
    run: async (client) => {
      const post = () => client.post(api(EXPORTER.id, '/exports'), small, bearer(EXPORTER.token));
      const opens = utc('2024-06-03T10:00Z');
      client.mock.clock.set(opens - 5);
      const closed503 = await post();
      expect(closed503.status).toBe(503);
      expect(closed503.body).toHaveProperty('availableHours');
      // Had the refused request created an export, this one would hit the concurrency limit.
      client.mock.clock.set(opens);
      expect((await post()).status).toBe(200);
      const busy = await post();
      expect(busy.status).toBe(503);
      expect(busy.body).not.toHaveProperty('availableHours');
    },
  },
  {
    rule: 'Export: a file URL is pre-signed (a plain GET with no Authorization header), unguessable, and another merchant cannot read the export',
    setup: exportSetup({ limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      const answer = await client.post(api(EXPORTER.id, '/exports'), small, bearer(EXPORTER.token));
      const { id } = answer.body as { id: string };
      const done = await client.get(api(EXPORTER.id, `/exports/${id}`), bearer(EXPORTER.token));
      const { url } = (done.body as { exportUrls: { elements: { url: string }[] } }).exportUrls
        .elements[0] as { url: string };
      const path = pathOf(url);
      const match = path.match(/^\/export-files\/([^/]+)\/export-([0-9A-Z]{13})-1\.json$/);
      expect(match?.[2]).toBe(id);
      const secret = match?.[1] as string;
      expect(secret.length).toBeGreaterThanOrEqual(22);
      expect((await client.get(path)).status).toBe(200);
      const guessed = `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
      expect((await client.get(path.replace(secret, guessed))).status).toBe(404);
      const foreign = await client.get(api(OTHER.id, `/exports/${id}`), bearer(OTHER.token));
      expect(foreign.status).toBe(404);
    },
  },
];

const adminCases: ConformanceCase[] = [
  {
    rule: 'Admin API under /_mock/ (off unless enabled, its own token): read, set and advance the virtual clock',
    setup: twoMerchantSetup({ adminToken: 'admin-secret' }),
    run: async (client) => {
      const admin = bearer('admin-secret');
      expect((await client.get('/_mock/clock')).status).toBe(401);
      expect((await client.get('/_mock/clock', bearer(RECENT.token))).status).toBe(401);
      const read = await client.get('/_mock/clock', admin);
      expect(read.body).toStrictEqual({
        now: NOW,
        iso: new Date(NOW).toISOString(),
        frozen: true,
      });
      const set = await client.post('/_mock/clock/set', { now: '2024-01-01T00:00:00.000Z' }, admin);
      expect(set.body).toMatchObject({ now: utc('2024-01-01') });
      await client.post('/_mock/clock/advance', { ms: 1_000 }, admin);
      expect(client.mock.clock.now()).toBe(utc('2024-01-01') + 1_000);
    },
  },
  {
    rule: 'Admin API is off unless adminToken is set',
    setup: recentSetup,
    run: async (client) => {
      const reply = await client.get('/_mock/clock', bearer('admin-secret'));
      expect(reply.status).toBe(404);
    },
  },
];

/** docs/mock-server.md, beyond the Clover documentation pages. */
export const designCases: CaseTable = {
  title: 'docs/mock-server.md rules beyond the Clover documentation pages',
  cases: [...authCases, ...filterCases, ...exportCases, ...adminCases],
};
