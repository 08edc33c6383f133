/**
 * the Clover docs page "Apply filters to API requests", "Apply filters to API requests": every sentence that states a behaviour, as a
 * case against the mock. Time windows are in UTC ms as the wire contract fixes them
 * (docs/decisions/2026-11-23-wire-contract.md, "The 90-day clamp, in milliseconds"); {date1} is
 * midnight, Jan 1, 2024 UTC.
 */
import { fieldPath, readPath } from '@cloverql/dsl';
import { expect } from 'vitest';
import type { CaseTable, ConformanceCase, ConformanceClient } from './conformance-case.js';
import {
  boundFilter,
  closed,
  deletedTruth,
  envelope,
  expectExactly,
  hasState,
  hrefFilters,
  ids,
  inWindow,
  newestFirst,
  numberAt,
  open,
  type Resource,
  type Row,
  truth,
  type Window,
} from './ground-truth.js';
import {
  api,
  bearer,
  DATE1,
  DATE2,
  FUTURE,
  MAR_31_2024,
  type Merchant,
  NINETY_DAYS,
  NOW,
  OCT_3_2023,
  type PinName,
  pin,
  query,
  RECENT,
  recentSetup,
  utc,
  YEAR,
  YEAR_FROM,
  yearSetup,
} from './mock-setups.js';

const keep = (resource: Resource) => (resource === 'orders' ? hasState : () => true);

/**
 * Asserts that `filters` on `merchant`'s `resource` return exactly the records in `window`,
 * newest first, and that the response `href` echoes the window's bounds (the wire contract:
 * the mock writes the bounds it applied). With `unclamped`, also asserts that the filters alone
 * select strictly more, so the case shows the server cut something.
 */
async function expectWindow(
  client: ConformanceClient,
  spec: {
    readonly merchant?: Merchant;
    readonly resource?: Resource;
    readonly filters: readonly string[];
    readonly window: Window;
    readonly unclamped?: Window;
  },
): Promise<Row[]> {
  const merchant = spec.merchant ?? YEAR;
  const resource = spec.resource ?? 'payments';
  const all = truth(client, merchant, resource).filter(keep(resource));
  const want = newestFirst(all.filter(inWindow(spec.window)));
  expect(want.length, 'the window holds records').toBeGreaterThan(10);
  expect(want.length, 'the window fits one page').toBeLessThan(1000);
  if (spec.unclamped) {
    expect(all.filter(inWindow(spec.unclamped)).length).toBeGreaterThan(want.length);
  }
  const body = await expectExactly(
    client,
    { merchant, path: api(merchant.id, `/${resource}?${query(spec.filters, ['limit=1000'])}`) },
    want,
  );
  const echoed = hrefFilters(body.href);
  const { field, lower, upper } = spec.window;
  if (lower) expect(echoed).toContain(boundFilter(field, 'lower', lower));
  if (upper) expect(echoed).toContain(boundFilter(field, 'upper', upper));
  return body.elements;
}

/**
 * Sends `filters` to pin merchants (every record of a pin sits on one instant) and asserts that
 * the pins `included` answer all their records and the pins `excluded` answer none.
 */
async function expectPins(
  client: ConformanceClient,
  spec: {
    readonly resource?: Resource;
    readonly filters: readonly string[];
    readonly included: readonly PinName[];
    readonly excluded: readonly PinName[];
  },
): Promise<void> {
  const resource = spec.resource ?? 'payments';
  for (const name of [...spec.included, ...spec.excluded]) {
    const merchant = pin(name);
    const records = truth(client, merchant, resource);
    expect(records.length).toBeGreaterThan(0);
    const want = spec.included.includes(name) ? newestFirst(records) : [];
    const reply = await client.get(
      api(merchant.id, `/${resource}?${query(spec.filters)}`),
      bearer(merchant.token),
    );
    expect(ids(envelope(reply).elements), `pin ${name} with ${spec.filters.join(' AND ')}`).toEqual(
      ids(want),
    );
  }
}

/** The span of `createdTime` (or `field`) over a list of records. */
function span(rows: readonly Row[], field = 'createdTime'): number {
  const times = rows.map((r) => numberAt(r, field) as number);
  return Math.max(...times) - Math.min(...times);
}

/** A case that checks one request against the year dataset and, optionally, the pins. */
function windowCase(spec: {
  readonly rule: string;
  readonly filters: readonly string[];
  readonly window: Window;
  readonly unclamped?: Window;
  readonly pins?: { readonly included: readonly PinName[]; readonly excluded: readonly PinName[] };
  readonly also?: (rows: readonly Row[]) => void;
}): ConformanceCase {
  return {
    rule: spec.rule,
    setup: yearSetup,
    run: async (client) => {
      const rows = await expectWindow(client, spec);
      spec.also?.(rows);
      if (spec.pins) await expectPins(client, { filters: spec.filters, ...spec.pins });
    },
  };
}

const createdTime = (lower: Window['lower'], upper: Window['upper']): Window => ({
  field: 'createdTime',
  lower,
  upper,
});

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every returned payment lies on a UTC day in `[first, last]`. */
const onDays = (first: string, last: string) => (rows: readonly Row[]) => {
  for (const r of rows) {
    expect(
      dayOf(r.createdTime) >= first && dayOf(r.createdTime) <= last,
      dayOf(r.createdTime),
    ).toBe(true);
  }
};

/** Fields each resource must let a client filter on, because the seed filters on them. */
const SEED_FILTER_FIELDS: Readonly<Record<Resource, readonly string[]>> = {
  orders: ['clientCreatedTime', 'createdTime', 'modifiedTime', 'total', 'payType'],
  payments: ['createdTime', 'clientCreatedTime', 'modifiedTime'],
  refunds: ['createdTime', 'clientCreatedTime'],
};

const RESOURCES: readonly Resource[] = ['orders', 'payments', 'refunds'];

const filteringCases: ConformanceCase[] = [
  {
    rule: '"You can filter collections using the filter query parameter, which supports standard comparison operators such as =, >=, and !=."',
    setup: recentSetup,
    run: async (client) => {
      const all = truth(client, RECENT, 'payments');
      const amounts = all.map((r) => r.amount as number).sort((a, b) => a - b);
      // An amount some payment has exactly, so `>=` is checked on its edge.
      const median = amounts[Math.floor(amounts.length / 2)] as number;
      const checks: [string, (r: Row) => boolean][] = [
        ['result=SUCCESS', (r) => r.result === 'SUCCESS'],
        [`amount>=${median}`, (r) => (r.amount as number) >= median],
        ['result!=SUCCESS', (r) => r.result !== undefined && r.result !== 'SUCCESS'],
      ];
      for (const [filter, predicate] of checks) {
        const want = newestFirst(all.filter(predicate));
        expect(want.length).toBeGreaterThan(0);
        expect(want.length).toBeLessThan(all.length);
        await expectExactly(
          client,
          {
            merchant: RECENT,
            path: api(RECENT.id, `/payments?${query([filter], ['limit=1000'])}`),
          },
          want,
        );
      }
    },
  },
  {
    rule: '"You can specify multiple filter parameters by joining filter statements with an ampersand (&)."',
    setup: recentSetup,
    run: async (client) => {
      const all = truth(client, RECENT, 'payments');
      const amounts = all.map((r) => r.amount as number).sort((a, b) => a - b);
      const median = amounts[Math.floor(amounts.length / 2)] as number;
      const parts: [string, (r: Row) => boolean][] = [
        [`amount>=${median}`, (r) => (r.amount as number) >= median],
        ['result=SUCCESS', (r) => r.result === 'SUCCESS'],
        ['offline=false', (r) => r.offline === false],
      ];
      const want = newestFirst(all.filter((r) => parts.every(([, p]) => p(r))));
      expect(want.length).toBeGreaterThan(0);
      // Every statement counts: the join selects fewer than any one statement alone.
      for (const [, p] of parts) expect(all.filter(p).length).toBeGreaterThan(want.length);
      const path = api(
        RECENT.id,
        `/payments?${parts.map(([f]) => `filter=${f}`).join('&')}&limit=1000`,
      );
      await expectExactly(client, { merchant: RECENT, path }, want);
    },
  },
  {
    rule: '"The filterable fields are also returned with the request in the X-Clover-Allowed-Filter-Fields header."',
    setup: recentSetup,
    run: async (client) => {
      for (const resource of RESOURCES) {
        const reply = await client.get(api(RECENT.id, `/${resource}`), bearer(RECENT.token));
        expect(reply.status).toBe(200);
        const header = reply.headers['x-clover-allowed-filter-fields'];
        expect(header, resource).toEqual(expect.any(String));
        const fields = (header as string).split(', ');
        expect(new Set(fields).size, 'no field twice').toBe(fields.length);
        for (const f of fields)
          expect(f).toMatch(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/);
        expect(fields).toEqual(expect.arrayContaining([...SEED_FILTER_FIELDS[resource]]));
        // Each field the header lists can be filtered on: `field IS NOT NULL` selects exactly the
        // records that have it (all within the last 90 days, so no clamp interferes).
        const all = truth(client, RECENT, resource);
        for (const field of fields) {
          // A filter on deletedTime sees the deleted orders, and only those.
          const seen =
            resource === 'orders' && field === 'deletedTime' ? deletedTruth(client, RECENT) : all;
          const shown = resource === 'orders' && field !== 'state' ? seen.filter(hasState) : seen;
          const path = fieldPath(resource, field);
          const want = newestFirst(shown.filter((r) => readPath(r, path) != null));
          await expectExactly(
            client,
            {
              merchant: RECENT,
              path: api(
                RECENT.id,
                `/${resource}?${query([`${field} IS NOT NULL`], ['limit=1000'])}`,
              ),
            },
            want,
          );
        }
      }
    },
  },
];

const ninetyDayCases: ConformanceCase[] = [
  {
    rule: '"When you use a time-based filter in a request (for example, createdTime, clientCreatedTime, or modifiedTime), the server returns a maximum of 90 days of data." — on getOrders',
    setup: yearSetup,
    run: async (client) => {
      for (const field of ['createdTime', 'clientCreatedTime', 'modifiedTime']) {
        const reply = await client.get(
          api(
            YEAR.id,
            `/orders?${query([`${field}>=${YEAR_FROM}`, `${field}<=${NOW}`], ['limit=1000'])}`,
          ),
          bearer(YEAR.token),
        );
        const times = envelope(reply).elements.map((r) => numberAt(r, field) as number);
        expect(times.length, field).toBeGreaterThan(0);
        expect(Math.max(...times) - Math.min(...times), field).toBeLessThanOrEqual(NINETY_DAYS);
      }
    },
  },
  {
    rule: '"IMPORTANT: Time-based filters for some endpoints, such as getPayments and getRefunds, are restricted to a 90-day range."',
    setup: yearSetup,
    run: async (client) => {
      // Six months before {date1}: the most recent 90 days of it remain.
      for (const resource of ['payments', 'refunds'] as const) {
        const rows = await expectWindow(client, {
          resource,
          filters: [`createdTime>=${YEAR_FROM}`, `createdTime<${DATE1}`],
          window: createdTime(closed(OCT_3_2023), open(DATE1)),
          unclamped: createdTime(closed(YEAR_FROM), open(DATE1)),
        });
        expect(span(rows)).toBeLessThanOrEqual(NINETY_DAYS);
      }
    },
  },
  {
    rule: '"When you use a time-based filter, for example, createdTime or clientCreatedTime, the server returns a maximum of 90 days of data."',
    setup: yearSetup,
    run: async (client) => {
      for (const field of ['createdTime', 'clientCreatedTime']) {
        const filters = [`${field}>=${OCT_3_2023}`];
        const rows = await expectWindow(client, {
          filters,
          window: { field, lower: closed(OCT_3_2023), upper: open(DATE1) },
          unclamped: { field, lower: closed(OCT_3_2023), upper: null },
        });
        expect(span(rows, field)).toBeLessThanOrEqual(NINETY_DAYS);
        await expectPins(client, {
          filters,
          included: ['Oct 3, 2023', 'date1 - 1ms'],
          excluded: ['Oct 3, 2023 - 1ms', 'date1'],
        });
      }
    },
  },
  {
    rule: '"If your request spans a period longer than 90 days, the server automatically adjusts the time frame to return only the most recent 90 days of data from that range."',
    setup: yearSetup,
    run: async (client) => {
      await expectWindow(client, {
        filters: [`createdTime>=${YEAR_FROM}`, `createdTime<=${DATE1}`],
        window: createdTime(closed(OCT_3_2023), closed(DATE1)),
        unclamped: createdTime(closed(YEAR_FROM), closed(DATE1)),
      });
      // "longer than": exactly 90 days (Oct 3 to Jan 1, both ends included) is left alone ...
      await expectPins(client, {
        filters: [`createdTime>=${OCT_3_2023}`, `createdTime<=${DATE1}`],
        included: ['Oct 3, 2023', 'date1'],
        excluded: ['Oct 3, 2023 - 1ms', 'date1 + 1ms'],
      });
      // ... and one millisecond more is adjusted to the most recent 90 days.
      await expectPins(client, {
        filters: [`createdTime>=${OCT_3_2023 - 1}`, `createdTime<=${DATE1}`],
        included: ['Oct 3, 2023', 'date1'],
        excluded: ['Oct 3, 2023 - 1ms'],
      });
    },
  },
  {
    rule: '"A request for six months of data returns only the last 90 days of that period."',
    setup: yearSetup,
    run: async (client) => {
      const from = utc('2023-12-01');
      const to = utc('2024-06-01');
      await expectWindow(client, {
        filters: [`createdTime>=${from}`, `createdTime<${to}`],
        window: createdTime(closed(to - NINETY_DAYS), open(to)),
        unclamped: createdTime(closed(from), open(to)),
      });
    },
  },
  {
    rule: '"To retrieve a complete historical record, you must make multiple, sequential requests in 90-day increments."',
    setup: yearSetup,
    run: async (client) => {
      const seen: string[] = [];
      for (let from = YEAR_FROM; from <= NOW; from += NINETY_DAYS) {
        const to = from + NINETY_DAYS;
        const reply = await client.get(
          api(
            YEAR.id,
            `/payments?${query([`createdTime>=${from}`, `createdTime<${to}`], ['limit=1000'])}`,
          ),
          bearer(YEAR.token),
        );
        const body = envelope(reply);
        // A 90-day increment is not adjusted (the last one ends at now, as its end is in the future).
        expect(hrefFilters(body.href)).toContain(`createdTime>=${from}`);
        expect(body.elements.length).toBeLessThan(1000);
        seen.push(...ids(body.elements));
      }
      const all = truth(client, YEAR, 'payments');
      expect(new Set(seen).size, 'no payment twice').toBe(seen.length);
      expect([...seen].sort()).toEqual(ids(all).sort());
    },
  },
  {
    rule: '"Endpoints like getOrders, getPayments, and getRefunds will only return data spanning a maximum of 90 days in a single request."',
    setup: yearSetup,
    run: async (client) => {
      for (const resource of RESOURCES) {
        const rows = await expectWindow(client, {
          resource,
          filters: [`createdTime>=${YEAR_FROM}`, `createdTime<=${NOW}`],
          window: createdTime(closed(NOW - NINETY_DAYS), closed(NOW)),
          unclamped: createdTime(closed(YEAR_FROM), closed(NOW)),
        });
        expect(span(rows), resource).toBeLessThanOrEqual(NINETY_DAYS);
      }
      await expectPins(client, {
        filters: [`createdTime>=${YEAR_FROM}`, `createdTime<=${NOW}`],
        included: ['now', 'now - 90 days'],
        excluded: ['now - 90 days - 1ms'],
      });
    },
  },
  {
    rule: '"When you use a time-based filter in a request (for example, createdTime, clientCreatedTime, or modifiedTime), the server returns a maximum of 90 days of data."',
    setup: yearSetup,
    run: async (client) => {
      for (const field of ['createdTime', 'clientCreatedTime', 'modifiedTime']) {
        const filters = [`${field}<${DATE1}`];
        const rows = await expectWindow(client, {
          filters,
          window: { field, lower: closed(OCT_3_2023), upper: open(DATE1) },
          unclamped: { field, lower: null, upper: open(DATE1) },
        });
        expect(span(rows, field)).toBeLessThanOrEqual(NINETY_DAYS);
        await expectPins(client, {
          filters,
          included: ['Oct 3, 2023', 'date1 - 1ms'],
          excluded: ['Oct 3, 2023 - 1ms', 'date1'],
        });
      }
    },
  },
  {
    rule: '"Because of this restriction, you must "paginate" through your data manually by adjusting the time filter in 90-day increments."',
    setup: yearSetup,
    run: async (client) => {
      // Walk back from now, moving only the upper bound: each request answers the 90 days before it.
      const seen: string[] = [];
      let upper = `createdTime<=${NOW}`;
      let end = NOW;
      while (end > YEAR_FROM) {
        const reply = await client.get(
          api(YEAR.id, `/payments?${query([upper], ['limit=1000'])}`),
          bearer(YEAR.token),
        );
        const body = envelope(reply);
        expect(hrefFilters(body.href)).toEqual([`createdTime>=${end - NINETY_DAYS}`, upper]);
        seen.push(...ids(body.elements));
        end -= NINETY_DAYS;
        upper = `createdTime<${end}`;
      }
      const all = truth(client, YEAR, 'payments');
      expect(new Set(seen).size, 'no payment twice').toBe(seen.length);
      expect([...seen].sort()).toEqual(ids(all).sort());
    },
  },
];

const exampleCases: ConformanceCase[] = [
  {
    rule: 'Example 1: "This request retrieves orders for a specific merchant within a given time range, defined by the clientCreatedTime field." (?filter=clientCreatedTime>=[unix-time]&filter=clientCreatedTime<=[unix-time])',
    setup: recentSetup,
    run: async (client) => {
      const orders = truth(client, RECENT, 'orders');
      const byClientTime = [...orders].sort(
        (a, b) => (a.clientCreatedTime as number) - (b.clientCreatedTime as number),
      );
      const t = (i: number) => byClientTime[i]?.clientCreatedTime as number;
      // Bounds on the times of two stated orders, each time held by no other order, about 60
      // orders apart: both edges hold a record the inclusive bounds must return.
      let first = 200;
      while (t(first - 1) === t(first) || byClientTime[first]?.state === undefined) first++;
      let last = first + 59;
      while (t(last + 1) === t(last) || byClientTime[last]?.state === undefined) last++;
      const want = newestFirst(byClientTime.slice(first, last + 1).filter(hasState));
      expect(want.length).toBeGreaterThan(40);
      const path = api(
        RECENT.id,
        `/orders?filter=clientCreatedTime>=${t(first)}&filter=clientCreatedTime<=${t(last)}`,
      );
      await expectExactly(client, { merchant: RECENT, path }, want);
    },
  },
  {
    rule: 'Example 2: "retrieve orders that meet specific criteria, such as having a total amount greater than 1000 and a payment type other than "FULL."" (?filter=total>1000&filter=payType!=FULL)',
    setup: recentSetup,
    run: async (client) => {
      const all = truth(client, RECENT, 'orders').filter(hasState);
      const matching = newestFirst(
        all.filter(
          (r) => (r.total as number) > 1000 && r.payType !== undefined && r.payType !== 'FULL',
        ),
      );
      expect(matching.length).toBeGreaterThan(100);
      expect(all.some((r) => r.payType === 'FULL' && (r.total as number) > 1000)).toBe(true);
      expect(all.some((r) => r.payType !== 'FULL' && (r.total as number) <= 1000)).toBe(true);
      // The curl of the seed, verbatim: no limit, so the first page of 100.
      const path = api(RECENT.id, '/orders?filter=total>1000&filter=payType!=FULL');
      await expectExactly(client, { merchant: RECENT, path }, matching.slice(0, 100));
    },
  },
  {
    rule: 'Example 2 response: {"elements": [...], "href": ".../v3/merchants/{mId}/orders?filter=total%3E1000&filter=payType!%3DFULL&limit=100"}, each element with its own "href": ".../v3/merchants/{mId}/orders/{id}" and the fields shown',
    setup: recentSetup,
    run: async (client) => {
      const reply = await client.get(
        api(RECENT.id, '/orders?filter=total>1000&filter=payType!=FULL'),
        bearer(RECENT.token),
      );
      const { elements, href } = envelope(reply);
      const url = new URL(href);
      expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url.pathname).toBe(`/v3/merchants/${RECENT.id}/orders`);
      // The seed's href echoes the two filters and limit=100. The mock also writes the 90-day
      // bounds it applied (total and payType make Clover clamp orders; wire contract) and the
      // stateIS NOT NULL Clover adds to GET /orders (docs/mock-server.md), between them.
      expect(url.search).toBe(
        '?filter=total%3E1000&filter=payType!%3DFULL' +
          `&filter=createdTime%3E%3D${NOW - NINETY_DAYS}&filter=createdTime%3C%3D${NOW}` +
          '&filter=stateIS%20NOT%20NULL&limit=100',
      );
      expect(elements).toHaveLength(100);
      const shown: Record<string, string> = {
        clientCreatedTime: 'number',
        createdTime: 'number',
        currency: 'string',
        employee: 'object',
        groupLineItems: 'boolean',
        href: 'string',
        id: 'string',
        isVat: 'boolean',
        manualTransaction: 'boolean',
        modifiedTime: 'number',
        payType: 'string',
        state: 'string',
        taxRemoved: 'boolean',
        testMode: 'boolean',
        total: 'number',
      };
      for (const e of elements) {
        for (const [field, type] of Object.entries(shown))
          expect(typeof e[field], field).toBe(type);
        expect(e.id).toMatch(/^[0-9A-Z]{13}$/);
        expect((e.employee as { id: unknown }).id).toMatch(/^[0-9A-Z]{13}$/);
        expect(e.href).toBe(`${url.origin}/v3/merchants/${RECENT.id}/orders/${e.id}`);
        const { href: _own, ...record } = e;
        expect(record).toEqual(client.mock.store.record(RECENT.id, 'orders', e.id));
      }
    },
  },
];

const singleDateCases: ConformanceCase[] = (
  [
    ['>', 'after {date1}', ['date1 + 1ms'], ['date1', 'date1 - 1ms']],
    ['>=', 'after or on {date1}', ['date1', 'date1 + 1ms'], ['date1 - 1ms']],
    ['<', 'before {date1}', ['date1 - 1ms'], ['date1', 'date1 + 1ms']],
    ['<=', 'before or on {date1}', ['date1 - 1ms', 'date1'], ['date1 + 1ms']],
  ] as const
).map(([op, words, included, excluded]) => ({
  rule: `Single-date requests: "${op}{date1} ...(get all payments ${words})"`,
  setup: yearSetup,
  run: async (client: ConformanceClient) => {
    await expectPins(client, { filters: [`createdTime${op}${DATE1}`], included, excluded });
  },
}));

const dateRangeCases: ConformanceCase[] = (
  [
    ['>{date1} AND <{date2}', 'after {date1} and before {date2}', false, false, ''],
    ['>{date1} AND <={date2}', 'after {date1} and before or on {date2}', false, true, ''],
    [
      '>={date1} AND <{date2}',
      'after or on {date1} and before {date2}',
      true,
      false,
      ' (the seed prints the first operator as <=; its words say after or on)',
    ],
    [
      '>={date1} AND <={date2}',
      'after or on {date1} and before or on {date2}',
      true,
      true,
      ' (the seed prints the first operator as <=; its words say after or on)',
    ],
  ] as const
).map(([request, words, lowerIn, upperIn, note]) => {
  const lower = { value: DATE1, inclusive: lowerIn };
  const upper = { value: DATE2, inclusive: upperIn };
  const filters = [
    boundFilter('createdTime', 'lower', lower),
    boundFilter('createdTime', 'upper', upper),
  ];
  const at = (yes: boolean, name: PinName) => (yes ? [name] : []);
  return windowCase({
    rule: `Date-range requests: "${request} ...(get all payments ${words})"${note}`,
    filters,
    window: createdTime(lower, upper),
    pins: {
      included: ['date1 + 1ms', 'date2 - 1ms', ...at(lowerIn, 'date1'), ...at(upperIn, 'date2')],
      excluded: ['date1 - 1ms', 'date2 + 1ms', ...at(!lowerIn, 'date1'), ...at(!upperIn, 'date2')],
    },
  });
});

const extrapolatedCases: ConformanceCase[] = [
  windowCase({
    rule: '"For date-range requests, the results can be extrapolated." — >{Jul 1, 2023} AND <{date1} gives Dec 31, 2023 back to Oct 3, 2023',
    filters: [`createdTime>${utc('2023-07-01')}`, `createdTime<${DATE1}`],
    window: createdTime(closed(OCT_3_2023), open(DATE1)),
    unclamped: createdTime(open(utc('2023-07-01')), open(DATE1)),
    pins: { included: ['Oct 3, 2023', 'date1 - 1ms'], excluded: ['Oct 3, 2023 - 1ms', 'date1'] },
  }),
  windowCase({
    rule: '"For date-range requests, the results can be extrapolated." — >{date1} AND <={future date} gives the 90 days back from the current time',
    filters: [`createdTime>${DATE1}`, `createdTime<=${FUTURE}`],
    window: createdTime(closed(NOW - NINETY_DAYS), closed(NOW)),
    unclamped: createdTime(open(DATE1), closed(FUTURE)),
    pins: {
      included: ['now', 'now - 90 days'],
      excluded: ['now + 1ms', 'now - 90 days - 1ms'],
    },
  }),
];

const tableCases: ConformanceCase[] = [
  windowCase({
    rule: 'Example query results, >{date1}: "all payments up to 90 days after {date1}" (all payments from Jan 2, 2024 until Mar 30, 2024)',
    // In ms, >{date1} also takes Jan 1 after midnight; the seed's "Jan 2" reads {date1} as a day.
    filters: [`createdTime>${DATE1}`],
    window: createdTime(open(DATE1), open(MAR_31_2024)),
    unclamped: createdTime(open(DATE1), null),
    pins: {
      included: ['date1 + 1ms', 'Mar 31, 2024 - 1ms'],
      excluded: ['date1', 'Mar 31, 2024'],
    },
    also: onDays('2024-01-01', '2024-03-30'),
  }),
  windowCase({
    rule: 'Example query results, >={date1}: "all payments up to 90 days after {date1} including those on {date1}" (all payments from Jan 1, 2024 until Mar 30, 2024)',
    filters: [`createdTime>=${DATE1}`],
    window: createdTime(closed(DATE1), open(MAR_31_2024)),
    unclamped: createdTime(closed(DATE1), null),
    pins: {
      included: ['date1', 'Mar 31, 2024 - 1ms'],
      excluded: ['date1 - 1ms', 'Mar 31, 2024'],
    },
    also: onDays('2024-01-01', '2024-03-30'),
  }),
  windowCase({
    rule: 'Example query results, <{date1}: "all payments up to 90 days before {date1}" (all payments from Dec 31, 2023 back to Oct 3, 2023)',
    filters: [`createdTime<${DATE1}`],
    window: createdTime(closed(OCT_3_2023), open(DATE1)),
    unclamped: createdTime(null, open(DATE1)),
    pins: {
      included: ['date1 - 1ms', 'Oct 3, 2023'],
      excluded: ['date1', 'Oct 3, 2023 - 1ms'],
    },
    also: onDays('2023-10-03', '2023-12-31'),
  }),
  windowCase({
    rule: 'Example query results, <={date1}: "all payments up to 90 days before {date1} including those on {date1}" (all payments from Jan 1, 2024 back to Oct 3, 2023)',
    filters: [`createdTime<=${DATE1}`],
    window: createdTime(closed(OCT_3_2023), closed(DATE1)),
    unclamped: createdTime(null, closed(DATE1)),
    pins: {
      included: ['date1', 'Oct 3, 2023'],
      excluded: ['date1 + 1ms', 'Oct 3, 2023 - 1ms'],
    },
    also: onDays('2023-10-03', '2024-01-01'),
  }),
  windowCase({
    rule: 'Example query results, <={future date}: "all payments up to 90 days before {current time}" (all payments back 90 days from the current time)',
    filters: [`createdTime<=${FUTURE}`],
    window: createdTime(closed(NOW - NINETY_DAYS), closed(NOW)),
    unclamped: createdTime(null, closed(FUTURE)),
    pins: {
      included: ['now', 'now - 90 days'],
      excluded: ['now + 1ms', 'now - 90 days - 1ms'],
    },
  }),
];

/** the Clover docs page "Apply filters to API requests", in the order of the document. */
export const filterCases: CaseTable = {
  title: 'the Clover docs page "Apply filters to API requests" Apply filters to API requests',
  cases: [
    ...filteringCases,
    ...ninetyDayCases.slice(0, 5),
    ...exampleCases,
    ...ninetyDayCases.slice(5),
    ...singleDateCases,
    ...dateRangeCases,
    ...extrapolatedCases,
    ...tableCases,
  ],
};
