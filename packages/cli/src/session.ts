/**
 * A session is where queries go: Clover itself (from flags or environment), or, when no
 * credentials are given at all, a mock Clover started in this process with a seeded dataset.
 */
import { type ExportRegion, exportRegionOf } from '@cloverql/dsl';
import type { CloverRegion, Target } from './config.js';
import { type CliIo, println } from './io.js';

export interface Session {
  readonly baseUrl?: string;
  readonly region?: CloverRegion;
  readonly token: string;
  readonly merchantId: string;
  /** The Export API region whose opening hours apply. */
  readonly exportRegion: ExportRegion;
  /** Whether this is the embedded mock. */
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** How long an export takes in the embedded mock (virtual ms, which run in real time here). */
export const EMBEDDED_EXPORT_MS = 1500;

const HOUR_MS = 3_600_000;

/**
 * Where the embedded mock's generated data ends: the start of `now`'s UTC hour, so the same seed
 * gives the same records to every command run within that hour.
 *
 * @example embeddedDataEnd(Date.UTC(2026, 0, 7, 10, 55)) // Date.UTC(2026, 0, 7, 10)
 */
export function embeddedDataEnd(now: number): number {
  return Math.floor(now / HOUR_MS) * HOUR_MS;
}

/** Opens a session; for the embedded mock, says so in one line on stderr. */
export async function openSession(target: Target, io: CliIo): Promise<Session> {
  if (target.kind === 'remote') {
    const region = target.region ?? 'us';
    return {
      ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
      region,
      token: target.token,
      merchantId: target.merchantId,
      exportRegion: exportRegionOf(region),
      embedded: false,
      close: async () => {},
    };
  }
  // Loaded only here: express and faker cost most of the CLI's start-up, and a session with
  // Clover credentials never needs them.
  const { MOCK_DEFAULTS, startMockServer } = await import('@cloverql/mock-server');
  const m = MOCK_DEFAULTS.merchant;
  // Exports finish in a couple of seconds here (Clover's take minutes) so a demo stays short.
  const mock = await startMockServer({
    seed: MOCK_DEFAULTS.seed,
    // The year of data ends at the start of this hour, not at this millisecond: two commands
    // run within the hour (a query, then the export of the same range) see the same records.
    merchants: [{ ...m, to: embeddedDataEnd(io.now()) }],
    port: 0,
    host: '127.0.0.1',
    limits: { exportDurationMs: EMBEDDED_EXPORT_MS },
  });
  println(
    io.stderr,
    `cloverql: no Clover credentials given (CLOVER_TOKEN, CLOVER_MERCHANT_ID) — using the embedded mock Clover at ${mock.url}: seed ${MOCK_DEFAULTS.seed}, merchant ${m.id}, ${m.orders} orders, ${m.payments} payments, ${m.refunds} refunds over the last year`,
  );
  return {
    baseUrl: mock.url,
    token: m.token,
    merchantId: m.id,
    exportRegion: MOCK_DEFAULTS.region,
    embedded: true,
    close: () => mock.close(),
  };
}
