/** `cloverql mock`: the mock Clover server in the foreground until Ctrl-C. */
import {
  isMockError,
  MOCK_DEFAULTS,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '@cloverql/mock-server';
import { parseActivity } from './activity-flag.js';
import { ConfigError, parseInstant, parseNumber } from './config.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, println } from './io.js';
import { MOCK_CLOCK_START } from './mock-clock.js';

type Flags = Record<string, string | boolean | undefined>;

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** Parses the flags into mock options (throwing ConfigError on bad values). */
export function mockOptionsOf(flags: Flags): MockServerOptions {
  const count = (name: string) => {
    const v = str(flags[name]);
    return v === undefined
      ? undefined
      : parseNumber(v, { flag: `--${name}`, min: 0, max: 5_000_000, integer: true });
  };
  const m = MOCK_DEFAULTS.merchant;
  const from = str(flags.from);
  const to = str(flags.to);
  const clockFlag = str(flags.clockStart) ?? MOCK_CLOCK_START;
  const clockStart = clockFlag.trim().toLowerCase() === 'now' ? undefined : clockFlag;
  const exportDuration = str(flags.exportDurationMs);
  const activity = str(flags.activity);
  return {
    port: parseNumber(str(flags.port) ?? '8080', {
      flag: '--port',
      min: 0,
      max: 65_535,
      integer: true,
    }),
    host: str(flags.host) ?? '127.0.0.1',
    seed: parseNumber(str(flags.seed) ?? String(MOCK_DEFAULTS.seed), {
      flag: '--seed',
      min: 0,
      max: 2 ** 31 - 1,
      integer: true,
    }),
    region: (str(flags.region) as 'us' | 'eu' | 'sandbox' | undefined) ?? MOCK_DEFAULTS.region,
    ...(str(flags.adminToken) ? { adminToken: str(flags.adminToken) } : {}),
    merchants: [
      {
        id: str(flags.merchantId) ?? m.id,
        token: str(flags.token) ?? m.token,
        orders: count('orders') ?? m.orders,
        payments: count('payments') ?? m.payments,
        refunds: count('refunds') ?? m.refunds,
        ...(from ? { from: parseInstant(from, '--from') } : {}),
        ...(to ? { to: parseInstant(to, '--to') } : {}),
        ...(activity !== undefined ? { activity: parseActivity(activity) } : {}),
      },
    ],
    clock: {
      ...(clockStart ? { start: parseInstant(clockStart, '--clock-start') } : {}),
      frozen: flags.frozen === true,
    },
    limits: {
      ...(flags.rateLimits === false ? { rateLimits: false } : {}),
      ...(exportDuration
        ? {
            exportDurationMs: parseNumber(exportDuration, {
              flag: '--export-duration-ms',
              min: 0,
              max: 86_400_000,
              integer: true,
            }),
          }
        : {}),
    },
  };
}

/** Why a server cannot listen, by the socket error's code; these are the user's to fix. */
const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not available on this machine',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

/**
 * Starts the mock, turning what the user can fix — options the mock refuses, a port in use, a
 * host it cannot bind — into a one-line {@link ConfigError} (exit 2) instead of an internal
 * error.
 */
async function startOrExplain(options: MockServerOptions): Promise<MockServer> {
  try {
    return await startMockServer(options);
  } catch (e) {
    if (isMockError(e, 'INVALID_OPTIONS')) {
      throw new ConfigError(`mock: ${e.message.replace(/\s+/g, ' ')}`);
    }
    const code = (e as { code?: unknown } | null)?.code;
    const why = typeof code === 'string' ? LISTEN_ERRORS[code] : undefined;
    if (why !== undefined) {
      throw new ConfigError(`mock: cannot listen on ${options.host}:${options.port}: ${why}`);
    }
    throw e;
  }
}

/** Starts the server, prints how to reach it, and waits for Ctrl-C. */
export async function runMockCommand(flags: Flags, io: CliIo): Promise<number> {
  const options = mockOptionsOf(flags);
  const merchant = options.merchants?.[0];
  const mock = await startOrExplain(options);
  // A clock that does not follow real time (a fixed start, or frozen) needs the CLI to compile
  // `today` on that clock too, or `today - 30d` would reach past the mock's data.
  const clock = options.clock;
  const followsRealTime = clock?.start === undefined && clock?.frozen !== true;
  const nowVar = followsRealTime
    ? ''
    : ` CLOVERQL_NOW=${new Date(clock?.start ?? Date.now()).toISOString()}`;
  // Ctrl-C is handled before the first line is printed: a user (or a test) who presses it as
  // soon as the address shows must get a clean stop, not the default kill by the signal.
  const stopped = new Promise<void>((resolve) => {
    const remove = io.onInterrupt(() => {
      remove();
      resolve();
    });
  });
  println(io.stdout, `cloverql mock listening on ${mock.url}`);
  println(
    io.stdout,
    `  merchant ${merchant?.id} with token ${merchant?.token}, seed ${options.seed}, region ${options.region}`,
  );
  println(
    io.stdout,
    `  export CLOVER_BASE_URL=${mock.url} CLOVER_TOKEN=${merchant?.token} CLOVER_MERCHANT_ID=${merchant?.id} CLOVER_REGION=${options.region}${nowVar}`,
  );
  if (options.adminToken)
    println(
      io.stdout,
      `  admin API: ${mock.url}/_mock/ (Authorization: Bearer ${options.adminToken})`,
    );
  await stopped;
  await mock.close();
  println(io.stderr, 'cloverql mock: stopped');
  return EXIT.OK;
}
