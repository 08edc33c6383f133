import { describe, expect, it } from 'vitest';
import { embeddedDataEnd, openSession } from './session.js';
import { fakeIo } from './test-io.js';

const at = (h: number, m: number) => Date.UTC(2026, 0, 7, h, m);

/** The newest payments the embedded mock serves when opened at `now`. */
async function newestPayments(now: number): Promise<unknown> {
  const session = await openSession({ kind: 'embedded' }, fakeIo({ now }));
  try {
    const res = await fetch(
      `${session.baseUrl}/v3/merchants/${session.merchantId}/payments?limit=20&orderBy=createdTime%20DESC`,
      { headers: { authorization: `Bearer ${session.token}` } },
    );
    expect(res.status).toBe(200);
    type P = { id: string; createdTime: number; modifiedTime: number; amount: number };
    // Without href: it names the port, which differs between two mocks.
    return ((await res.json()) as { elements: P[] }).elements.map(
      ({ id, createdTime, modifiedTime, amount }) => ({ id, createdTime, modifiedTime, amount }),
    );
  } finally {
    await session.close();
  }
}

describe('the embedded mock', () => {
  it('ends its data at the start of the hour', () => {
    expect(embeddedDataEnd(at(10, 55))).toBe(at(10, 0));
    expect(embeddedDataEnd(at(10, 0))).toBe(at(10, 0));
  });

  it('serves the same records to every command within the hour, new ones the next hour', async () => {
    // Two hours ago and one hour ago: the mock's own clock is real time, and its data is before it.
    const hour = embeddedDataEnd(Date.now()) - 2 * 3_600_000;
    const first = await newestPayments(hour + 5 * 60_000);
    expect(first).toHaveLength(20);
    expect(await newestPayments(hour + 55 * 60_000)).toEqual(first);
    expect(await newestPayments(hour + 65 * 60_000)).not.toEqual(first);
  });
});
