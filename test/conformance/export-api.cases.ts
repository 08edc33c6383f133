/**
 * the Clover docs page "Export merchant data", "Export merchant data": every sentence that states a behaviour, as a case
 * against the mock. Export ranges are inclusive on `createdTime` (wire contract, "Export time
 * ranges"); the 503 bodies are the wire contract's ("Export 503 bodies").
 */
import { expect } from 'vitest';
import type { CaseTable, ConformanceCase, ConformanceClient, Reply } from './conformance-case.js';
import { ids, pathOf, type Row, truth } from './ground-truth.js';
import {
  api,
  bearer,
  DAY,
  EXPORT_FROM,
  EXPORT_TO,
  EXPORTER,
  exportSetup,
  HOUR,
  MINUTE,
  NOW,
  THIRTY_DAYS,
  TWENTY_FOUR_HOURS,
  utc,
} from './mock-setups.js';

type ExportType = 'ORDERS' | 'PAYMENTS';

/** The body of Step 1: `{ "type", "startTime", "endTime" }`. */
interface ExportBody {
  readonly type: ExportType;
  readonly startTime: number;
  readonly endTime: number;
}

/** An export object as the seed shows it (Step 2 and Step 3). */
interface ExportObject {
  readonly id: string;
  readonly type: ExportType;
  readonly status: 'PENDING' | 'IN_PROGRESS' | 'DONE';
  readonly percentComplete: number;
  readonly availableUntil?: number;
  readonly startTime: number;
  readonly endTime: number;
  readonly createdTime: number;
  readonly modifiedTime: number;
  readonly exportUrls?: {
    readonly elements: readonly {
      readonly url: string;
      readonly export: { readonly id: string };
    }[];
  };
  readonly merchantRef: { readonly id: string };
}

/** The export's duration in the setups below (virtual ms), the first 2 s PENDING. */
const DURATION = 10_000;
const PENDING_FOR = 2_000;

/** Two days of data, well inside the dataset: a small export. */
const small = (type: ExportType = 'ORDERS'): ExportBody => ({
  type,
  startTime: EXPORT_TO - 3 * DAY,
  endTime: EXPORT_TO - DAY,
});

/** Step 1: POST the export request. */
function create(client: ConformanceClient, body: unknown): Promise<Reply> {
  return client.post(api(EXPORTER.id, '/exports'), body, bearer(EXPORTER.token));
}

/** Step 1, expecting success: the export object. */
async function created(client: ConformanceClient, body: ExportBody): Promise<ExportObject> {
  const reply = await create(client, body);
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  return reply.body as ExportObject;
}

/** Step 2: GET the export by id, expecting 200. */
async function poll(client: ConformanceClient, id: string): Promise<ExportObject> {
  const reply = await client.get(api(EXPORTER.id, `/exports/${id}`), bearer(EXPORTER.token));
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  return reply.body as ExportObject;
}

/** Step 3: downloads every file of a DONE export (a plain GET of each URL). */
async function download(client: ConformanceClient, done: ExportObject): Promise<Row[][]> {
  expect(done.status).toBe('DONE');
  const files: Row[][] = [];
  for (const { url } of done.exportUrls?.elements ?? []) {
    const reply = await client.get(pathOf(url));
    expect(reply.status, url).toBe(200);
    const body = reply.body as { elements: Row[] };
    expect(Object.keys(body)).toEqual(['elements']);
    files.push(body.elements);
  }
  return files;
}

/** The records an export of `body` must hold: `startTime <= createdTime <= endTime`, oldest first. */
function exported(client: ConformanceClient, body: ExportBody): Row[] {
  const resource = body.type === 'ORDERS' ? 'orders' : 'payments';
  return truth(client, EXPORTER, resource).filter(
    (r) => r.createdTime >= body.startTime && r.createdTime <= body.endTime,
  );
}

/**
 * Asserts that downloaded objects are exactly the records `body` selects, in order, each the
 * REST record plus its own `href`.
 */
function expectExported(client: ConformanceClient, got: readonly Row[], body: ExportBody): void {
  const want = exported(client, body);
  const segment = body.type === 'ORDERS' ? 'orders' : 'payments';
  expect(ids(got)).toEqual(ids(want));
  got.forEach((object, i) => {
    const { href, ...record } = object;
    expect(record).toEqual(want[i]);
    expect(pathOf(href as string)).toBe(`/v3/merchants/${EXPORTER.id}/${segment}/${object.id}`);
  });
}

/**
 * A range of exactly `n` objects of `type` starting near `from`, whose bounds are the
 * `createdTime`s of its first and last objects (no other object shares them), so both
 * inclusive ends are exercised.
 */
function rangeOf(
  client: ConformanceClient,
  spec: { readonly type: ExportType; readonly from: number; readonly n: number },
): ExportBody {
  const rows = truth(client, EXPORTER, spec.type === 'ORDERS' ? 'orders' : 'payments');
  const t = (i: number) => rows[i]?.createdTime ?? Number.NaN;
  let i = rows.findIndex((r) => r.createdTime >= spec.from);
  while (t(i - 1) === t(i) || t(i + spec.n - 1) === t(i + spec.n)) i++;
  expect(i + spec.n).toBeLessThan(rows.length);
  return { type: spec.type, startTime: t(i), endTime: t(i + spec.n - 1) };
}

/** Sets the virtual clock. */
const at = (client: ConformanceClient, ms: number) => client.mock.clock.set(ms);

/** The hours the seed lists, as the 503 body states them. */
const HOURS = {
  us: 'MON-FRI 10:00-15:00, SAT 10:00-15:00, SUN 10:00-15:00 UTC',
  eu: 'MON-FRI 01:00-05:00, SAT 02:00-05:00, SUN 02:00-06:00 UTC',
} as const;

/** June 3-9, 2024: Monday to Sunday. */
const WEEKDAYS = [3, 4, 5, 6, 7].map((d) => utc(`2024-06-0${d}`));
const SATURDAY = utc('2024-06-08');
const SUNDAY = utc('2024-06-09');

/**
 * A case for one line of the availability table: on each of `days`, a POST is refused one
 * millisecond before the opening and at the closing (503 stating the hours, as the wire contract
 * shapes it) and accepted at the opening, in the middle and one millisecond before the closing.
 */
function hoursCase(spec: {
  readonly rule: string;
  readonly region: 'us' | 'eu';
  readonly days: readonly number[];
  readonly opens: number;
  readonly closes: number;
}): ConformanceCase {
  return {
    rule: spec.rule,
    setup: exportSetup({ region: spec.region, limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      const hours = HOURS[spec.region];
      for (const day of spec.days) {
        const opens = day + spec.opens * HOUR;
        const closes = day + spec.closes * HOUR;
        const checks: [number, boolean][] = [
          [opens - 1, false],
          [opens, true],
          [Math.floor((opens + closes) / 2), true],
          [closes - 1, true],
          [closes, false],
        ];
        for (const [instant, isOpen] of checks) {
          at(client, instant);
          const reply = await create(client, small());
          const when = new Date(instant).toISOString();
          if (isOpen) {
            expect(reply.status, `${when} is open`).toBe(200);
            expect((reply.body as ExportObject).status).toBe('PENDING');
          } else {
            expect(reply.status, `${when} is closed`).toBe(503);
            expect(reply.body).toStrictEqual({
              details: `Exports are available ${hours}`,
              message: 'Service Unavailable',
              availableHours: hours,
            });
          }
        }
      }
    },
  };
}

const usageCases: ConformanceCase[] = [
  {
    rule: '"This service is not real-time": the create answer is PENDING, with no files, even when the export finishes at once',
    setup: exportSetup({ limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      const answer = await created(client, small());
      expect(answer.status).toBe('PENDING');
      expect(answer).not.toHaveProperty('exportUrls');
      expect((await poll(client, answer.id)).status).toBe('DONE');
    },
  },
  hoursCase({
    rule: '"Availability time: US UTC: MON-FRI 10:00-15:00" (open from 10:00 until 15:00 each weekday; outside, 503 stating the hours)',
    region: 'us',
    days: WEEKDAYS,
    opens: 10,
    closes: 15,
  }),
  hoursCase({
    rule: '"Availability time: US UTC: SAT 10:00-15:00"',
    region: 'us',
    days: [SATURDAY],
    opens: 10,
    closes: 15,
  }),
  hoursCase({
    rule: '"Availability time: US UTC: SUN 10:00-15:00"',
    region: 'us',
    days: [SUNDAY],
    opens: 10,
    closes: 15,
  }),
  hoursCase({
    rule: '"Availability time: EU UTC: MON-FRI 01:00-05:00"',
    region: 'eu',
    days: WEEKDAYS,
    opens: 1,
    closes: 5,
  }),
  hoursCase({
    rule: '"Availability time: EU UTC: SAT 02:00-05:00"',
    region: 'eu',
    days: [SATURDAY],
    opens: 2,
    closes: 5,
  }),
  hoursCase({
    rule: '"Availability time: EU UTC: SUN 02:00-06:00"',
    region: 'eu',
    days: [SUNDAY],
    opens: 2,
    closes: 6,
  }),
  {
    rule: '"Sandbox is not limited to specific times."',
    setup: exportSetup({ region: 'sandbox', limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      // Every hour of a week, including every instant the US and EU cases find closed.
      for (let instant = WEEKDAYS[0] as number; instant < SUNDAY + DAY; instant += HOUR) {
        for (const t of [instant, instant + HOUR - 1]) {
          at(client, t);
          const reply = await create(client, small());
          expect(reply.status, new Date(t).toISOString()).toBe(200);
        }
      }
    },
  },
  {
    rule: '"Returns 1000 objects per file. If your response contains more than 1000 objects, an array of files to capture is returned."',
    setup: exportSetup({ limits: { exportDurationMs: 0, maxConcurrentExports: 10 } }),
    run: async (client) => {
      const monthStart = EXPORT_TO - THIRTY_DAYS;
      const requests: [ExportBody, number[]][] = [
        [rangeOf(client, { type: 'ORDERS', from: EXPORT_FROM, n: 999 }), [999]],
        [rangeOf(client, { type: 'ORDERS', from: EXPORT_FROM + DAY, n: 1000 }), [1000]],
        [rangeOf(client, { type: 'ORDERS', from: EXPORT_FROM + 2 * DAY, n: 1001 }), [1000, 1]],
      ];
      const month: ExportBody = { type: 'ORDERS', startTime: monthStart, endTime: EXPORT_TO };
      const inMonth = exported(client, month).length;
      expect(inMonth).toBeGreaterThan(2000);
      expect(inMonth).toBeLessThan(3000);
      requests.push([month, [1000, 1000, inMonth - 2000]]);
      for (const [body, sizes] of requests) {
        const { id } = await created(client, body);
        const files = await download(client, await poll(client, id));
        expect(
          files.map((f) => f.length),
          `${body.startTime}..${body.endTime}`,
        ).toEqual(sizes);
        expectExported(client, files.flat(), body);
      }
    },
  },
  {
    rule: '"Deletes exported files after 24 hours."',
    setup: exportSetup(),
    run: async (client) => {
      const { id } = await created(client, small());
      client.mock.clock.advance(DURATION);
      const done = await poll(client, id);
      expect(done.status).toBe('DONE');
      expect(done.availableUntil).toBe(NOW + DURATION + TWENTY_FOUR_HOURS);
      const urls = (done.exportUrls?.elements ?? []).map((e) => pathOf(e.url));
      expect(urls.length).toBeGreaterThan(0);
      at(client, NOW + DURATION + TWENTY_FOUR_HOURS - 1);
      expect((await poll(client, id)).status).toBe('DONE');
      for (const url of urls) expect((await client.get(url)).status).toBe(200);
      at(client, NOW + DURATION + TWENTY_FOUR_HOURS);
      for (const url of urls) {
        const gone = await client.get(url);
        expect(gone.status, url).toBe(410);
        expect(gone.body).toMatchObject({ message: 'Gone' });
      }
      const expired = await client.get(api(EXPORTER.id, `/exports/${id}`), bearer(EXPORTER.token));
      expect(expired.status).toBe(404);
    },
  },
  {
    rule: '"The maximum time range is 30 days."',
    setup: exportSetup({ limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      for (const type of ['ORDERS', 'PAYMENTS'] as const) {
        const startTime = EXPORT_FROM;
        const ok = await create(client, { type, startTime, endTime: startTime + THIRTY_DAYS });
        expect(ok.status).toBe(200);
        const over = await create(client, {
          type,
          startTime,
          endTime: startTime + THIRTY_DAYS + 1,
        });
        expect(over.status).toBe(400);
        expect(over.headers['x-mock-error-code']).toBe('BAD_EXPORT_REQUEST');
      }
    },
  },
  {
    rule: '"If your data spans are longer than that, break the request into multiple requests."',
    setup: exportSetup(),
    run: async (client) => {
      const whole: ExportBody = { type: 'PAYMENTS', startTime: EXPORT_FROM, endTime: EXPORT_TO };
      expect((await create(client, whole)).status).toBe(400);
      const objects: Row[] = [];
      for (let start = EXPORT_FROM; start <= EXPORT_TO; start += THIRTY_DAYS) {
        const end = Math.min(start + THIRTY_DAYS - 1, EXPORT_TO);
        const { id } = await created(client, { type: 'PAYMENTS', startTime: start, endTime: end });
        client.mock.clock.advance(DURATION);
        for (const file of await download(client, await poll(client, id))) objects.push(...file);
      }
      expectExported(client, objects, whole);
      expect(objects).toHaveLength(truth(client, EXPORTER, 'payments').length);
    },
  },
  {
    rule: '"The server handles a few exports concurrently." ... "The server returns 503 errors whenever the threshold is reached."',
    // The default threshold: the mock's `maxConcurrentExports` is not set.
    setup: exportSetup(),
    run: async (client) => {
      const busy = {
        details: 'Too many exports in progress (3 of 3); wait for one to finish',
        message: 'Service Unavailable',
      };
      const running: string[] = [];
      for (let i = 0; i < 3; i++) {
        at(client, NOW + i * 1_000);
        running.push((await created(client, small())).id);
      }
      for (const id of running) expect((await poll(client, id)).status).not.toBe('DONE');
      for (const t of [NOW + 2_000, NOW + 5_000, NOW + DURATION - 1]) {
        at(client, t);
        const refused = await create(client, small());
        expect(refused.status).toBe(503);
        expect(refused.body).toStrictEqual(busy);
      }
      // The first export is done: one slot is free, and taking it reaches the threshold again.
      at(client, NOW + DURATION);
      expect((await create(client, small())).status).toBe(200);
      const again = await create(client, small());
      expect(again.status).toBe(503);
      expect(again.body).toStrictEqual(busy);
    },
  },
  {
    rule: '"Wait for each export to finish before you start another one."',
    setup: exportSetup({ limits: { maxConcurrentExports: 1 } }),
    run: async (client) => {
      for (let i = 0; i < 4; i++) {
        const { id } = await created(client, small(i % 2 === 0 ? 'ORDERS' : 'PAYMENTS'));
        // Starting another before this one finishes is refused ...
        expect((await create(client, small())).status).toBe(503);
        // ... while one started after it finished is accepted (the next turn of the loop).
        let status = (await poll(client, id)).status;
        while (status !== 'DONE') {
          client.mock.clock.advance(1_000);
          status = (await poll(client, id)).status;
        }
      }
    },
  },
];

const stepCases: ConformanceCase[] = [
  {
    rule: 'Step 1: "Make a POST call to /v3/merchants/{merchant_Id}/exports with the appropriate payload: export_type (PAYMENTS or ORDERS), start_time (In UTC), end_time (in UTC)"',
    setup: exportSetup({ limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      for (const type of ['ORDERS', 'PAYMENTS'] as const) {
        const body = small(type);
        const answer = await created(client, body);
        expect(answer).toMatchObject({ type, startTime: body.startTime, endTime: body.endTime });
        const files = await download(client, await poll(client, answer.id));
        expectExported(client, files.flat(), body);
        expect(files.flat().length).toBeGreaterThan(0);
      }
      const refunds = await create(client, { ...small(), type: 'REFUNDS' });
      expect(refunds.status).toBe(400);
    },
  },
  {
    rule: 'Step 1: "The exports object response includes the export id for you to use in the next step."',
    setup: exportSetup({ limits: { exportDurationMs: 0 } }),
    run: async (client) => {
      const first = await created(client, small());
      const second = await created(client, small('PAYMENTS'));
      expect(first.id).toMatch(/^[0-9A-Z]{13}$/);
      expect(second.id).toMatch(/^[0-9A-Z]{13}$/);
      expect(second.id).not.toBe(first.id);
      expect((await poll(client, first.id)).id).toBe(first.id);
      expect((await poll(client, second.id)).type).toBe('PAYMENTS');
    },
  },
  {
    rule: 'Step 2: "Using the export id from the previous step, make a GET call to /v3/merchants/{merchant_Id}/exports/{export_Id}"',
    setup: exportSetup(),
    run: async (client) => {
      const answer = await created(client, small());
      expect(await poll(client, answer.id)).toStrictEqual(answer);
      const unknown = await client.get(
        api(EXPORTER.id, '/exports/0000000000000'),
        bearer(EXPORTER.token),
      );
      expect(unknown.status).toBe(404);
    },
  },
  {
    rule: 'Step 2: "PENDING - In queue to be processed"',
    setup: exportSetup(),
    run: async (client) => {
      const answer = await created(client, small());
      expect(answer).toMatchObject({ status: 'PENDING', percentComplete: 0 });
      for (const t of [NOW, NOW + PENDING_FOR - 1]) {
        at(client, t);
        const now = await poll(client, answer.id);
        expect(now).toMatchObject({ status: 'PENDING', percentComplete: 0 });
        expect(now).not.toHaveProperty('exportUrls');
      }
    },
  },
  {
    rule: 'Step 2: "IN_PROGRESS - Being processed"',
    setup: exportSetup(),
    run: async (client) => {
      const { id } = await created(client, small());
      const seen: number[] = [];
      for (const t of [NOW + PENDING_FOR, NOW + 5_000, NOW + DURATION - 1]) {
        at(client, t);
        const now = await poll(client, id);
        expect(now.status, new Date(t).toISOString()).toBe('IN_PROGRESS');
        expect(now.percentComplete).toBeGreaterThanOrEqual(0);
        expect(now.percentComplete).toBeLessThan(100);
        expect(now).not.toHaveProperty('exportUrls');
        seen.push(now.percentComplete);
      }
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen[2]).toBeGreaterThan(seen[0] as number);
    },
  },
  {
    rule: 'Step 2: "DONE - Process complete"',
    setup: exportSetup(),
    run: async (client) => {
      const { id } = await created(client, small());
      for (const t of [NOW + DURATION, NOW + DURATION + HOUR]) {
        at(client, t);
        expect(await poll(client, id)).toMatchObject({ status: 'DONE', percentComplete: 100 });
      }
    },
  },
  {
    rule: 'Step 2: "Check the status and percent complete periodically": PENDING, then IN_PROGRESS, then DONE, with percentComplete rising from 0 to 100',
    setup: exportSetup(),
    run: async (client) => {
      const { id } = await created(client, small());
      const order = ['PENDING', 'IN_PROGRESS', 'DONE'];
      const statuses: string[] = [];
      const percents: number[] = [];
      for (let t = NOW; t <= NOW + DURATION + 1_000; t += 500) {
        at(client, t);
        const now = await poll(client, id);
        statuses.push(now.status);
        percents.push(now.percentComplete);
      }
      const ranks = statuses.map((s) => order.indexOf(s));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(new Set(statuses)).toEqual(new Set(order));
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents[0]).toBe(0);
      expect(percents.at(-1)).toBe(100);
      expect(new Set(percents).size).toBeGreaterThan(3);
    },
  },
  {
    rule: 'Step 2 response: {"status": "PENDING", "modifiedTime", "merchantRef": {"id"}, "percentComplete": 0, "startTime", "createdTime", "endTime", "type": "ORDERS", "id"}',
    setup: exportSetup(),
    run: async (client) => {
      const body = small();
      at(client, NOW + 7 * MINUTE);
      const answer = await created(client, body);
      const pending = {
        status: 'PENDING',
        modifiedTime: NOW + 7 * MINUTE,
        merchantRef: { id: EXPORTER.id },
        percentComplete: 0,
        startTime: body.startTime,
        createdTime: NOW + 7 * MINUTE,
        endTime: body.endTime,
        type: 'ORDERS',
        id: answer.id,
      };
      expect(answer).toStrictEqual(pending);
      expect(await poll(client, answer.id)).toStrictEqual(pending);
    },
  },
  {
    rule: 'Step 3: "After the request completes, your export object will include URLs to the exported files for you to download."',
    setup: exportSetup(),
    run: async (client) => {
      const body = small();
      const { id } = await created(client, body);
      at(client, NOW + DURATION - 1);
      expect(await poll(client, id)).not.toHaveProperty('exportUrls');
      at(client, NOW + DURATION);
      const done = await poll(client, id);
      const urls = done.exportUrls?.elements ?? [];
      expect(urls.length).toBeGreaterThan(0);
      for (const { url } of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expectExported(client, (await download(client, done)).flat(), body);
    },
  },
  {
    rule: 'Step 3 response: {"id", "type", "status": "DONE", "percentComplete": 100, "availableUntil", "startTime", "endTime", "createdTime", "modifiedTime", "exportUrls": {"elements": [{"url", "export": {"id"}}]}, "merchantRef": {"id"}}',
    setup: exportSetup(),
    run: async (client) => {
      const body = small('PAYMENTS');
      const { id } = await created(client, body);
      at(client, NOW + DURATION + 5 * MINUTE);
      const done = await poll(client, id);
      const urls = done.exportUrls?.elements ?? [];
      expect(urls.length).toBeGreaterThan(0);
      expect(done).toStrictEqual({
        id,
        type: 'PAYMENTS',
        status: 'DONE',
        percentComplete: 100,
        availableUntil: NOW + DURATION + TWENTY_FOUR_HOURS,
        startTime: body.startTime,
        endTime: body.endTime,
        createdTime: NOW,
        modifiedTime: NOW + DURATION,
        exportUrls: { elements: urls.map((e) => ({ url: e.url, export: { id } })) },
        merchantRef: { id: EXPORTER.id },
      });
    },
  },
];

/** the Clover docs page "Export merchant data", in the order of the document. */
export const exportCases: CaseTable = {
  title: 'the Clover docs page "Export merchant data" Export merchant data',
  cases: [...usageCases, ...stepCases],
};
