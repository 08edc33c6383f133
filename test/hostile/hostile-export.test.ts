/**
 * A client that always ends (issue #8), against a hostile Export API: an export that never
 * finishes ends the run with EXPORT_TIMEOUT naming the window, and a create request whose answer
 * is lost is not re-sent blindly. Everything runs on a virtual clock: no real waiting.
 */
import { ClientError, type Clock, collect, type Progress, RUN_DEFAULTS } from '@cloverql/client';
import { compile } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExportServer, type ExportServerOptions, startExportServer } from './export-server.js';
import { virtualClock } from './virtual-clock.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const DAY_START = Date.UTC(2026, 0, 1);
const WINDOW = '[2026-01-01T00:00:00.000Z, 2026-01-01T23:59:59.999Z]';
const plan = compile(
  'export payments where createdTime >= 2026-01-01 and createdTime < 2026-01-02',
  {
    now: NOW,
  },
);
const OBJECTS = [0, 1, 2].map((i) => ({
  id: `P${String(i).padStart(12, '0')}`,
  createdTime: DAY_START + i,
}));

let server: ExportServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(o: ExportServerOptions = {}) {
  const clock = virtualClock(NOW);
  server = await startExportServer({ now: clock.now, objects: OBJECTS, ...o });
  const progress: Progress[] = [];
  const options = {
    baseUrl: server.url,
    token: 't',
    merchantId: 'M',
    clock,
    random: () => 0.5,
    onProgress: (p: Progress) => progress.push(p),
    exports: { region: 'sandbox' as const },
  };
  return { clock, progress, options, server };
}

async function failure(p: Promise<unknown>): Promise<ClientError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ClientError)) throw new Error(`expected a ClientError, got ${String(e)}`);
  return e;
}

describe('an export that never finishes', () => {
  it('ends with EXPORT_TIMEOUT after the default 2 h, naming the window, the export, its state and the request', async () => {
    const { options, clock, server } = await setup({ percent: 37 });
    const e = await failure(collect(plan, options));
    expect(e.code).toBe('EXPORT_TIMEOUT');
    expect(e.window).toBe(0);
    expect(e.message).toContain(`window #0 ${WINDOW}`);
    expect(e.message).toContain('within 2 h');
    expect(e.message).toContain(`export ${server.created[0]} was still IN_PROGRESS at 37%`);
    expect(e.request).toBe(`GET /v3/merchants/M/exports/${server.created[0]}`);
    // Exactly the deadline passed on the virtual clock, and the last poll fell on it.
    expect(RUN_DEFAULTS.exports.deadlineMs).toBe(2 * 60 * 60 * 1000);
    expect(clock.now() - NOW).toBe(RUN_DEFAULTS.exports.deadlineMs);
    expect(server.created).toHaveLength(1);
    // 1 s growing ×1.5 to the 30 s cap: a bounded number of polls.
    expect(server.polls.get(server.created[0]!)).toBe(clock.slept.length);
    expect(clock.slept.length).toBeLessThan(250);
  });

  it('honours exports.deadlineMs, PENDING included', async () => {
    const { options, clock } = await setup();
    const e = await failure(
      collect(plan, { ...options, exports: { ...options.exports, deadlineMs: 10_000 } }),
    );
    expect(e.code).toBe('EXPORT_TIMEOUT');
    expect(e.message).toContain('within 10 s');
    expect(clock.now() - NOW).toBe(10_000);
    expect(clock.slept).toEqual([1000, 1500, 2250, 3375, 1875]);
  });

  it('finishes normally when the export is DONE just before the deadline', async () => {
    const { options } = await setup({ durationMs: 9_000 });
    const got = await collect(plan, {
      ...options,
      exports: { ...options.exports, deadlineMs: 10_000 },
    });
    expect(got.map((r) => r.id)).toEqual(OBJECTS.map((o) => o.id));
  });

  it('an abort while polling names the window', async () => {
    const { options, server } = await setup();
    const controller = new AbortController();
    const e = await failure(
      collect(plan, {
        ...options,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'export-poll' && (server.polls.get(server.created[0] ?? '') ?? 0) >= 3)
            controller.abort();
        },
      }),
    );
    expect(e.code).toBe('ABORTED');
    expect(e.window).toBe(0);
    expect(e.message).toContain(WINDOW);
    expect(e.request).toContain('/exports/');
  });
});

describe('a create request whose answer is lost is not re-sent blindly', () => {
  it.each(['drop', 'truncate', 'error-500'] as const)(
    'after %s: waits for the orphan, creates once more, counts the orphan, returns exactly the data',
    async (fault) => {
      const { options, clock, progress, server } = await setup({
        createFaults: [fault],
        durationMs: 60_000,
        maxRunning: 1,
      });
      const got = await collect(plan, options);
      expect(got.map((r) => r.id)).toEqual(OBJECTS.map((o) => o.id));
      // Two exports exist at the server: the orphan and the one the client read.
      expect(server.created).toHaveLength(2);
      expect(server.posts).toBe(2);
      expect(server.polls.has(server.created[0]!)).toBe(false);
      // It waited the orphan wait, so the orphan was done and freed its slot: no busy 503.
      expect(clock.slept[0]).toBe(RUN_DEFAULTS.exports.orphanWaitMs);
      expect(server.busy).toBe(0);
      const wait = progress.find((p) => p.phase === 'export-orphan-wait');
      expect(wait?.waitingUntil).toBe(NOW + RUN_DEFAULTS.exports.orphanWaitMs);
      expect(progress.at(-1)?.orphanedExports).toBe(1);
    },
  );

  it('without the wait, the orphan would hold the only export slot (why the client waits)', async () => {
    const { options, server } = await setup({
      createFaults: ['drop'],
      durationMs: 60_000,
      maxRunning: 1,
    });
    const e = await failure(
      collect(plan, { ...options, exports: { ...options.exports, orphanWaitMs: 0 } }),
    );
    // The busy backoff (8 attempts, well under a minute) runs out while the orphan runs.
    expect(e.code).toBe('UNAVAILABLE');
    // The dropped create was the first of the attempts; every other one met the busy 503.
    expect(server.busy).toBe(RUN_DEFAULTS.retry.maxAttempts - 1);
    expect(server.created).toHaveLength(1);
  });

  it('stops with EXPORT_AMBIGUOUS after maxAmbiguousCreates re-creations, having created no more', async () => {
    const { options, server, progress } = await setup({
      createFaults: ['truncate', 'drop', 'truncate', 'truncate', 'truncate'],
      durationMs: 60_000,
    });
    const e = await failure(collect(plan, options));
    expect(e.code).toBe('EXPORT_AMBIGUOUS');
    expect(e.window).toBe(0);
    expect(e.message).toContain(WINDOW);
    expect(e.message).toContain('3 create requests');
    expect(e.request).toMatch(/^POST \/v3\/merchants\/M\/exports /);
    expect(server.created).toHaveLength(RUN_DEFAULTS.exports.maxAmbiguousCreates + 1);
    expect(progress.at(-1)?.orphanedExports).toBe(3);
  });

  it('with maxAmbiguousCreates 0, the first lost answer ends the run', async () => {
    const { options, server } = await setup({ createFaults: ['drop'], durationMs: 60_000 });
    const e = await failure(
      collect(plan, { ...options, exports: { ...options.exports, maxAmbiguousCreates: 0 } }),
    );
    expect(e.code).toBe('EXPORT_AMBIGUOUS');
    expect(server.created).toHaveLength(1);
  });

  it('an orphan wait takes a retry from the run budget: with none left the run ends with RETRY_BUDGET', async () => {
    const { options, server } = await setup({ createFaults: ['drop'], durationMs: 60_000 });
    const e = await failure(collect(plan, { ...options, retry: { budget: 0 } }));
    expect(e.code).toBe('RETRY_BUDGET');
    expect(e.window).toBe(0);
    expect(server.created).toHaveLength(1);
  });

  it('the orphan waits count against the deadline: EXPORT_TIMEOUT says no export was created', async () => {
    const { options, server } = await setup({
      createFaults: ['drop', 'drop'],
      durationMs: 60_000,
    });
    const e = await failure(
      collect(plan, {
        ...options,
        exports: { ...options.exports, deadlineMs: 400_000, orphanWaitMs: 300_000 },
      }),
    );
    expect(e.code).toBe('EXPORT_TIMEOUT');
    expect(e.message).toContain(
      'no export was created, after 2 create requests whose answer was lost',
    );
    expect(e.message).toContain(WINDOW);
    expect(server.created).toHaveLength(2);
  });

  it('waiting for the opening hours does not count against the deadline', async () => {
    // Wednesday 14:58 UTC: the orphan wait ends after the US Export API has closed at 15:00.
    const { options, clock, progress } = await setup({
      createFaults: ['drop'],
      durationMs: 60_000,
    });
    const late = Date.UTC(2026, 0, 7, 14, 58);
    await clock.sleep(late - NOW);
    const got = await collect(plan, { ...options, exports: { region: 'us' } });
    expect(got).toHaveLength(3);
    expect(progress.find((p) => p.phase === 'export-wait')?.waitingUntil).toBe(
      Date.UTC(2026, 0, 8, 10),
    );
    // Far more than the 2 h deadline passed since the first create request.
    expect(clock.now() - late).toBeGreaterThan(19 * 60 * 60 * 1000);
  });

  it('a 429 creates nothing and is retried after its Retry-After, without an orphan', async () => {
    const { options, server, progress, clock } = await setup({
      createFaults: ['refuse-429'],
      durationMs: 1000,
    });
    const got = await collect(plan, options);
    expect(got).toHaveLength(3);
    expect(server.posts).toBe(2);
    expect(server.created).toHaveLength(1);
    expect(clock.slept[0]).toBe(1000);
    expect(progress.some((p) => p.orphanedExports !== undefined)).toBe(false);
  });

  it('a busy 503 creates nothing and is retried without an orphan wait', async () => {
    const { options, server, progress, clock } = await setup({ maxRunning: 0 });
    const e = await failure(collect(plan, { ...options, retry: { maxAttempts: 3 } }));
    expect(e.code).toBe('UNAVAILABLE');
    expect(server.posts).toBe(3);
    expect(server.created).toHaveLength(0);
    expect(progress.some((p) => p.orphanedExports !== undefined)).toBe(false);
    expect(Math.max(...clock.slept)).toBeLessThan(RUN_DEFAULTS.exports.orphanWaitMs);
  });
});
