import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../run/run.js';
import { clientOptions, compileAt, idsOf, startTestMock, truth } from '../testing/test-mock.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

describe('smoke', () => {
  it('reads a year of payments', async () => {
    const plan = compileAt(mock, 'payments where createdTime >= today - 365d');
    const got = await collect(plan, clientOptions(mock));
    const from = plan.range!.start;
    expect(idsOf(got)).toEqual(truth(mock, 'payments', (r) => (r.createdTime as number) >= from));
  });
});
