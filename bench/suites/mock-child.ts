/**
 * Child process of the client benchmark: serves a merchant of `payments` payments over a year
 * from the mock, with `latencyMs` added to every response and rate limits off, and prints one
 * JSON line once it listens: its URL and the creation time of its 10,000th newest payment (and of
 * its 25,000th and 50,000th, for queries that read that many).
 */
import { startMockServer } from '@cloverql/mock-server';

const cfg = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as {
  now: number;
  payments: number;
  latencyMs: number;
  /** Enables the admin API (the sync suite changes records through it). */
  adminToken?: string;
};
const DAY = 86_400_000;
const mock = await startMockServer({
  seed: 1,
  merchants: [
    {
      id: 'MERCHANT00001',
      token: 'bench-token',
      orders: 10,
      payments: cfg.payments,
      refunds: 10,
      from: cfg.now - 364 * DAY,
      to: cfg.now,
    },
  ],
  clock: { start: cfg.now, frozen: true },
  limits: { rateLimits: false },
  faults: { latencyMs: cfg.latencyMs },
  ...(cfg.adminToken ? { adminToken: cfg.adminToken } : {}),
});
const times = mock.store
  .records('MERCHANT00001', 'payments')
  .map((r) => (r as { createdTime: number }).createdTime)
  .sort((a, b) => b - a);
process.stdout.write(
  `${JSON.stringify({ url: mock.url, newest10k: times[9_999], newest25k: times[24_999], newest50k: times[49_999] })}\n`,
);
