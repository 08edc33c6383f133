/**
 * What the `cloverql fleet` commands do: parse the flags, call `@cloverql/sync`'s fleet functions,
 * print the result. Failures become one line on stderr and an exit code.
 */
import {
  DEFAULT_MAX_ATTEMPTS,
  type FleetWorkerEvent,
  fleetAdd,
  fleetDbUrl,
  fleetList,
  fleetRemove,
  fleetRunOnce,
  fleetSchedule,
  fleetStatus,
  isFleetError,
  parseEvery,
  parseFleetKey,
  type Region,
  startFleetWorker,
} from '@cloverql/sync';
import { ConfigError, parseDuration, parseNumber } from './config.js';
import { EXIT } from './exit-codes.js';
import type { FleetFlags } from './fleet-command.js';
import { type CliIo, println } from './io.js';
import { escapeControl } from './output/control-chars.js';
import { describeFailure } from './report-error.js';
import { duration } from './wait-notice.js';

type Action = (flags: FleetFlags, io: CliIo) => Promise<number>;

const dbOf = (flags: FleetFlags, io: CliIo) => fleetDbUrl(flags.db, io.env);
const keyOf = (io: CliIo) => parseFleetKey(io.env.CLOVERQL_FLEET_KEY);

/** The fleet's actions, by subcommand. */
export const FLEET_ACTIONS = {
  add: async (flags, io) => {
    const merchantId = flags.merchantId ?? '';
    const how = await fleetAdd({
      db: dbOf(flags, io),
      key: keyOf(io),
      merchantId,
      token: flags.token ?? '',
      region: flags.region as Region | undefined,
      baseUrl: flags.baseUrl,
    });
    println(io.stdout, `${how} merchant ${merchantId} (token stored encrypted)`);
    return EXIT.OK;
  },

  remove: async (flags, io) => {
    await fleetRemove({ db: dbOf(flags, io), merchantId: flags.merchantId ?? '' });
    println(io.stdout, `removed merchant ${flags.merchantId} (its synced rows stay)`);
    return EXIT.OK;
  },

  list: async (flags, io) => {
    const merchants = await fleetList({ db: dbOf(flags, io) });
    if (flags.json) {
      println(io.stdout, JSON.stringify({ merchants }));
      return EXIT.OK;
    }
    if (merchants.length === 0) println(io.stderr, 'no merchants yet: cloverql fleet add …');
    for (const m of merchants) {
      println(
        io.stdout,
        [m.merchantId, m.baseUrl ?? m.region ?? 'us', `added ${m.addedAt}`].join('  '),
      );
    }
    return EXIT.OK;
  },

  worker: async (flags, io) => {
    const db = dbOf(flags, io);
    const key = keyOf(io);
    const concurrency =
      flags.concurrency === undefined
        ? undefined
        : parseNumber(flags.concurrency, {
            flag: '--concurrency',
            min: 1,
            max: 100,
            integer: true,
          });
    const ms = (v: string | undefined, flag: string) =>
      v === undefined ? undefined : parseDuration(v, { flag, minMs: 50, maxMs: 3_600_000 });
    const say = (line: string) => println(io.stderr, escapeControl(`cloverql fleet: ${line}`));
    const lag = (v: string | undefined, flag: string) =>
      v === undefined ? undefined : parseDuration(v, { flag, minMs: 0, maxMs: 30 * 86_400_000 });
    const worker = await startFleetWorker({
      db,
      key,
      concurrency,
      sync: {
        since: flags.since,
        lookbackMs: lag(flags.lookback, '--lookback'),
        settleMs: lag(flags.settle, '--settle'),
      },
      pollIntervalMs: ms(flags.pollInterval, '--poll-interval'),
      reapIntervalMs: ms(flags.reapInterval, '--reap-interval'),
      onEvent: (e) => say(describeEvent(e)),
    });
    const interrupted = new Promise<'interrupted'>((resolve) => {
      const remove = io.onInterrupt(() => {
        remove();
        resolve('interrupted');
      });
    });
    const how = await Promise.race([interrupted, worker.done.then(() => 'ended' as const)]);
    if (how === 'interrupted') {
      say('stopping: letting running syncs reach a commit');
      await worker.stop();
      say('stopped');
      return EXIT.INTERRUPTED;
    }
    return EXIT.OK;
  },

  schedule: async (flags, io) => {
    const db = dbOf(flags, io);
    if (flags.off) {
      await fleetSchedule({ db, everyMs: null });
      println(io.stdout, 'schedule stopped');
      return EXIT.OK;
    }
    const everyMs = flags.every === undefined ? null : parseEvery(flags.every);
    if (everyMs === null) {
      throw new ConfigError(
        `fleet schedule needs --every <duration> of at least 1m (e.g. 15m, 1h) or --off${flags.every === undefined ? '' : `, not '${flags.every}'`}`,
      );
    }
    await fleetSchedule({ db, everyMs });
    println(io.stdout, `every merchant is synced every ${flags.every?.trim()}, from now on`);
    return EXIT.OK;
  },

  'run-once': async (flags, io) => {
    const db = dbOf(flags, io);
    const timeoutMs =
      flags.timeout === undefined
        ? undefined
        : parseDuration(flags.timeout, { flag: '--timeout', minMs: 1000, maxMs: 7 * 86_400_000 });
    const maxAttempts =
      flags.maxAttempts === undefined
        ? DEFAULT_MAX_ATTEMPTS
        : parseNumber(flags.maxAttempts, {
            flag: '--max-attempts',
            min: 1,
            max: 100,
            integer: true,
          });
    const r = await fleetRunOnce({
      db,
      wait: flags.wait === true,
      timeoutMs,
      maxAttempts,
      onProgress: (p) =>
        println(
          io.stderr,
          `cloverql fleet: waiting for ${p.running + p.queued} of ${p.total} merchants' syncs (${p.running} running, ${p.queued} queued)`,
        ),
    });
    if (!r.results) {
      println(io.stdout, `queued a sync for each of ${r.enqueued} merchants`);
      return EXIT.OK;
    }
    const failed = r.results.filter((x) => x.state === 'failed');
    for (const f of failed)
      println(io.stdout, escapeControl(`failed  ${f.merchantId}  ${f.error ?? ''}`));
    println(
      io.stdout,
      `${r.results.length - failed.length} ok, ${failed.length} failed of ${r.results.length} merchants`,
    );
    return failed.length > 0 ? EXIT.API : EXIT.OK;
  },

  status: async (flags, io) => {
    const s = await fleetStatus({ db: dbOf(flags, io) });
    if (flags.json) {
      println(io.stdout, JSON.stringify(s));
      return EXIT.OK;
    }
    if (s.merchants.length === 0) println(io.stderr, 'no merchants yet: cloverql fleet add …');
    for (const m of s.merchants) {
      const cells = [
        m.state.padEnd(7),
        m.merchantId,
        m.lastFinishedAt ?? 'never',
        `${m.rows} rows`,
        m.watermarkLagMs === null ? 'no watermark yet' : `${duration(m.watermarkLagMs)} behind`,
        ...(m.error ? [m.error] : []),
      ];
      println(io.stdout, escapeControl(cells.join('  ')));
    }
    return EXIT.OK;
  },
} satisfies Record<string, Action>;

/** One line about a worker event. */
export function describeEvent(e: FleetWorkerEvent): string {
  switch (e.kind) {
    case 'ready':
      return `worker ${e.poolId} ready, waiting for jobs`;
    case 'job-start':
      return `syncing ${e.merchantId} (attempt ${e.attempt})`;
    case 'job-ok':
      return `synced ${e.merchantId}: ${e.requests} requests in ${(e.durationMs / 1000).toFixed(1)} s`;
    case 'job-failed':
      return `sync of ${e.merchantId} failed: ${e.error}`;
    case 'reaped':
      return `worker ${e.poolId} died; its jobs run again`;
    case 'waiting':
      return `waiting ${(e.waitMs / 1000).toFixed(1)} s for the fleet's rate limits (${e.reason})`;
    case 'tick':
      return `schedule: queued ${e.merchants} merchants`;
    case 'log':
      return `${e.level}: ${e.message}`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

/** Exit codes of the fleet's own errors. */
function fleetExit(code: string): number {
  switch (code) {
    case 'WAIT_TIMEOUT':
      return EXIT.WAIT_TIMEOUT;
    case 'DATABASE':
      return EXIT.DATABASE;
    case 'MERCHANT_BUSY':
      return EXIT.API;
    default:
      return EXIT.USAGE;
  }
}

/**
 * Runs one fleet action and turns its failure into one line on stderr and an exit code.
 *
 * @example setCode(await runFleetAction('status', { json: true }, io));
 */
export async function runFleetAction(
  name: keyof typeof FLEET_ACTIONS,
  flags: FleetFlags,
  io: CliIo,
): Promise<number> {
  try {
    return await FLEET_ACTIONS[name](flags, io);
  } catch (e) {
    if (isFleetError(e)) {
      println(io.stderr, escapeControl(`cloverql fleet: ${e.message}`));
      return fleetExit(e.code);
    }
    if ((e as { code?: unknown } | null)?.code === 'ECONNREFUSED') {
      println(io.stderr, "cloverql fleet: cannot reach the fleet's database (connection refused)");
      return EXIT.DATABASE;
    }
    const r = describeFailure(e, { debug: Boolean(io.env.CLOVERQL_DEBUG) });
    println(io.stderr, r.message);
    return r.code;
  }
}
