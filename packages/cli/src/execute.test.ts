import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { instantClock } from '../../client/src/testing/test-clocks.js';
import { type FakeServer, startFakeServer } from '../../client/src/testing/test-fake-server.js';
import { executeQuery } from './execute.js';
import { fakeIo } from './test-io.js';

const NOW = Date.UTC(2026, 0, 7, 12);
let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** An Export API whose first create request loses its answer. */
async function lossyExports() {
  let posts = 0;
  fake = await startFakeServer((req, s) => {
    if (req.method === 'POST')
      return posts++ === 0 ? { drop: true } : { body: { id: 'EXP2', status: 'PENDING' } };
    if (req.url.pathname.startsWith('/v3/'))
      return {
        body: {
          id: 'EXP2',
          status: 'DONE',
          exportUrls: { elements: [{ url: `${s.url}/f/0.json` }] },
        },
      };
    return { body: { elements: [{ id: 'P1', createdTime: Date.UTC(2026, 0, 1, 1) }] } };
  });
  return fake;
}

async function execute(
  quiet: boolean,
  opts: { finish?: () => Promise<void>; now?: () => number } = {},
) {
  const server = await lossyExports();
  const io = { ...fakeIo({ now: NOW }), ...(opts.now ? { now: opts.now } : {}) };
  const out = new PassThrough();
  const summary = await executeQuery(
    {
      source: 'export payments where createdTime >= 2026-01-01 and createdTime < 2026-01-02',
      compileOptions: { now: NOW },
      session: {
        baseUrl: server.url,
        token: 't',
        merchantId: 'M',
        exportRegion: 'sandbox',
        embedded: false,
        close: async () => {},
      },
      format: 'ndjson',
      out,
      flags: { quiet },
      clock: instantClock({ start: NOW }),
      ...(opts.finish ? { finish: opts.finish } : {}),
    },
    io,
  );
  return { io, summary, out: out.read()?.toString() ?? '' };
}

describe('executeQuery', () => {
  it('times the query, not the minute a person spends in the pager at the end', async () => {
    let t = NOW;
    const { summary } = await execute(true, {
      now: () => t,
      finish: async () => {
        t += 60_000;
      },
    });
    expect(summary.ms).toBeLessThan(60_000);
  });

  it('warns on stderr about an export create request that lost its answer', async () => {
    const { io, out } = await execute(false);
    expect(out).toContain('"P1"');
    expect(io.err()).toContain(
      'cloverql: warning: 1 export create request lost its answer; Clover may be running an export',
    );
    expect(fake!.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('says nothing with --quiet', async () => {
    const { io } = await execute(true);
    expect(io.err()).toBe('');
  });
});
