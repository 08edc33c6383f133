/**
 * `cloverql fleet …`: many merchants synced by any number of workers sharing one PostgreSQL
 * (docs/fleet.md). This file only declares the commands; their work is in `fleet-actions.ts`,
 * loaded when one runs, so other commands do not pay for the database drivers.
 */
import { Command, Option } from 'commander';
import type { CliIo } from './io.js';
import { usageOutput } from './usage-output.js';

/** The flags every fleet command may get. */
export interface FleetFlags {
  readonly db?: string;
  readonly merchantId?: string;
  readonly token?: string;
  readonly region?: string;
  readonly baseUrl?: string;
  readonly json?: boolean;
  readonly concurrency?: string;
  readonly since?: string;
  readonly lookback?: string;
  readonly settle?: string;
  readonly pollInterval?: string;
  readonly reapInterval?: string;
  readonly every?: string;
  readonly off?: boolean;
  readonly wait?: boolean;
  readonly timeout?: string;
  readonly maxAttempts?: string;
}

/**
 * The `fleet` command and its subcommands.
 *
 * @example program.addCommand(fleetCommand(io, setCode));
 */
export function fleetCommand(io: CliIo, setCode: (code: number) => void): Command {
  const fleet = new Command('fleet').description(
    'sync many merchants with worker processes sharing one PostgreSQL (docs/fleet.md)',
  );
  fleet.addHelpText(
    'after',
    `
The fleet's database is --db postgres://… or CLOVERQL_DB; merchant tokens are encrypted with
CLOVERQL_FLEET_KEY (32 bytes, e.g. from: openssl rand -base64 32).

Examples:
  cloverql fleet add --merchant-id MERCHANT00001 --token "$TOKEN"
  cloverql fleet worker --concurrency 4        # on each machine, as many as you like
  cloverql fleet schedule --every 15m
  cloverql fleet run-once --wait && cloverql fleet status

Exit codes: 0 ok, 2 usage, 4 a merchant's sync failed (run-once --wait), 5 the database failed,
6 a wait gave up, 130 interrupted.`,
  );
  const run =
    (name: keyof typeof import('./fleet-actions.js').FLEET_ACTIONS) => async (opts: FleetFlags) => {
      const { runFleetAction } = await import('./fleet-actions.js');
      setCode(await runFleetAction(name, opts, io));
    };
  const db = (c: Command) =>
    c.option('--db <url>', "the fleet's PostgreSQL, postgres://user@host/db (env CLOVERQL_DB)");

  const add = db(new Command('add'))
    .description('add a merchant (or replace its token, region and base URL)')
    .requiredOption('--merchant-id <id>', "the merchant's Clover id")
    .requiredOption('--token <token>', "the merchant's API token (stored encrypted)")
    .addOption(
      new Option('--region <region>', 'Clover region (default us)').choices([
        'us',
        'ca',
        'eu',
        'la',
        'sandbox',
      ]),
    )
    .option('--base-url <url>', 'API base URL instead of the region (a regional host, a mock)')
    .action(run('add'));

  const remove = db(new Command('remove'))
    .description('remove a merchant and its queued sync (its synced rows stay)')
    .requiredOption('--merchant-id <id>', "the merchant's Clover id")
    .action(run('remove'));

  const list = db(new Command('list'))
    .description('list the merchants (never their tokens)')
    .option('--json', 'print JSON')
    .action(run('list'));

  const worker = db(new Command('worker'))
    .description('run a worker until Ctrl-C: syncs merchants as their jobs come')
    .option('--concurrency <n>', 'merchants synced at once by this worker (default 4)')
    .option(
      '--since <when>',
      "where a new merchant's first sync starts: a date, 'today - 365d' or earliest (default)",
    )
    .option('--lookback <duration>', 'how far back incremental runs read again (default 15m)')
    .option('--settle <duration>', 'how far behind now incremental runs stop (default 1m)')
    .option('--poll-interval <duration>', 'how often to look for retries and ticks (default 2s)')
    .option(
      '--reap-interval <duration>',
      'how often to look for dead workers and run their jobs again (default 10s)',
    )
    .action(run('worker'));

  const schedule = db(new Command('schedule'))
    .description('sync every merchant every interval, from now on (replaces an earlier schedule)')
    .option('--every <duration>', 'the interval, e.g. 15m or 1h (at least 1m)')
    .option('--off', 'stop the schedule')
    .action(run('schedule'));

  const runOnce = db(new Command('run-once'))
    .description('queue one sync per merchant; with --wait, wait for all and exit 4 if any failed')
    .option('--wait', 'wait until every merchant has finished')
    .option('--timeout <duration>', 'with --wait: give up (exit 6) after this (default 1h)')
    .option('--max-attempts <n>', 'attempts per merchant, retried with backoff (default 5)')
    .action(run('run-once'));

  const status = db(new Command('status'))
    .description(
      'each merchant: state, last finished run, rows, watermark lag, error; failing ones first',
    )
    .option('--json', 'print { "merchants": [...] }')
    .action(run('status'));

  for (const c of [add, remove, list, worker, schedule, runOnce, status]) {
    c.exitOverride().configureOutput(usageOutput(io));
    fleet.addCommand(c);
  }
  fleet.exitOverride().configureOutput(usageOutput(io));
  return fleet;
}
