/**
 * The `cloverql` command line: `query`, `explain`, `export`, `repl` and `mock`. Argument parsing
 * is commander's; every command returns an exit code instead of exiting, so tests run it
 * in-process.
 */
import type { CompileOptions } from '@cloverql/dsl';
// The catalogue alone: importing the compiler (and its parser) costs more than `--help` itself.
import { EXPORT_REGIONS, REGIONS, RESOURCE_NAMES } from '@cloverql/dsl/catalogue';
import { Argument, Command, CommanderError, Option } from 'commander';
import { COMPLETION_SHELLS, type CompletionShell } from './completion-script.js';
import {
  ConfigError,
  type ConnectionFlags,
  parseDuration,
  parseInstant,
  parseNumber,
  resolveTarget,
} from './config.js';
import type { ChosenProfile } from './config-file.js';
import type { RunFlags } from './execute.js';
import { EXIT } from './exit-codes.js';
import { fleetCommand } from './fleet-command.js';
import { type CliIo, println, processIo } from './io.js';
import { MOCK_CLOCK_START } from './mock-clock.js';
import { parseColumnList } from './output/column-list.js';
import type { OutTarget, RecordOutput } from './output/file-output.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output/formats.js';
import { isOnPath, pagedOutput, pagerCommand } from './output/pager.js';
import { usageOutput } from './usage-output.js';
import { VERSION } from './version.js';

interface CommonOpts extends ConnectionFlags {
  tz?: string;
  earliest?: string;
  now?: string;
  windowDays?: string;
  pageSize?: string;
  format?: string;
  out?: string;
  csvRaw?: boolean;
  columns?: string;
  expanded?: boolean;
  concurrency?: string;
  rateLimit?: string;
  requestTimeout?: string;
  maxRetryAfter?: string;
  maxAttempts?: string;
  exportDeadline?: string;
  wait?: boolean;
  quiet?: boolean;
  curl?: boolean;
  json?: boolean;
  pager?: boolean;
  profile?: string;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 *
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      ) {
        return EXIT.OK;
      }
      return EXIT.USAGE;
    }
    const { describeFailure } = await import('./report-error.js');
    const r = describeFailure(e, { debug: Boolean(io.env.CLOVERQL_DEBUG) });
    println(io.stderr, r.message);
    return r.code;
  }
}

function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('cloverql')
    .description(
      'Query Clover orders, payments and refunds without losing data to its limits.\n' +
        'With no CLOVER_TOKEN / CLOVER_MERCHANT_ID it runs against an embedded mock Clover.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput(usageOutput(io));
  program.addHelpText(
    'after',
    `
Examples:
  cloverql query "payments where createdTime >= today - 7d and amount > \\$100"
  cloverql explain --curl "orders where createdTime >= today - 30d"
  cloverql export --format csv --out payments.csv \\
    "payments where createdTime >= 2024-01-01 and createdTime < 2024-03-01"
  cloverql repl --profile sandbox
  cloverql mock --port 8080 --seed 42
  cloverql sync --db sqlite:./clover.db
  cloverql sync status --db sqlite:./clover.db

Settings come from flags, then CLOVER_* variables, then the config file's
profile (--profile or CLOVERQL_PROFILE, else [profiles.default]) in
$XDG_CONFIG_HOME/cloverql/config.toml or ~/.config/cloverql/config.toml
(CLOVERQL_CONFIG names another file).

Exit codes: 0 ok, 2 bad query or usage, 3 authentication, 4 Clover or network
failure after retries, 5 database failure (sync, fleet), 6 a fleet wait gave up,
130 interrupted.`,
  );

  const withCompile = (c: Command) =>
    c
      .option('--tz <zone>', 'IANA time zone for dates, today and yesterday (default UTC)')
      .option(
        '--earliest <date>',
        'where a query without a lower time bound starts (ISO date or unix ms)',
      )
      .option('--window-days <n>', 'maximum REST window in days (at most 90)')
      .option('--page-size <n>', 'records per page, 1 to 1000 (default 1000)')
      .option(
        '--now <instant>',
        'treat this instant as now (env CLOVERQL_NOW; default the real time)',
      );
  const withConnection = (c: Command) =>
    c
      .option(
        '--profile <name>',
        'config file profile to use (env CLOVERQL_PROFILE, default: the one named default)',
      )
      .option('--token <token>', 'Clover API token (env CLOVER_TOKEN)')
      .option('--merchant-id <id>', 'Clover merchant id (env CLOVER_MERCHANT_ID)')
      .option(
        '--base-url <url>',
        'API base URL, e.g. https://apisandbox.dev.clover.com (env CLOVER_BASE_URL)',
      )
      .addOption(
        new Option(
          '--region <region>',
          'Clover region when no base URL is given (env CLOVER_REGION, default us)',
        ).choices(REGIONS),
      );
  const withOutput = (c: Command, defaultFormat: string) =>
    c
      .addOption(
        new Option('--format <format>', `output format (default: ${defaultFormat})`).choices([
          ...OUTPUT_FORMATS,
        ]),
      )
      .option(
        '--out <file>',
        'write records to a file (written in full or not at all) instead of stdout',
      )
      .option('--columns <a,b,c>', 'table/csv: the fields of raw records to show (dotted paths)')
      .option('--expanded', 'table: one "field | value" block per record, like psql \\x')
      .option('--concurrency <n>', 'requests in flight (default 5, Clover allows 5 per token)')
      .option('--rate-limit <n>', 'requests per second (default 16, Clover allows 16 per token)')
      .option('--request-timeout <duration>', 'give up one attempt after this (default 120s)')
      .option(
        '--max-attempts <n>',
        'attempts per request, the first included, retried with backoff (default 8)',
      )
      .option(
        '--max-retry-after <duration>',
        'longest Retry-After to wait for; a longer one fails at once (default 5m)',
      )
      .option(
        '--export-deadline <duration>',
        'fail an export still running after this, per window (default 2h)',
      )
      .option('-q, --quiet', 'no progress, warnings or summary on stderr')
      .option(
        '--no-pager',
        'do not page a long table on a terminal through $PAGER or less (also CLOVERQL_PAGER=off)',
      )
      .option(
        '--csv-raw',
        "csv: write cells starting with = + - @ tab or CR as they are (default: prefix a ' so spreadsheets do not run them as formulas)",
      );

  const queryCmd = withOutput(
    withConnection(
      withCompile(new Command('query').argument('<query...>', 'the query; quote it for the shell')),
    ),
    'table on a terminal, else ndjson',
  ).description('run a query and print the records');
  queryCmd.action(async (words: string[], opts: CommonOpts) => {
    setCode(await runQuery({ source: words.join(' '), opts, exporting: false }, io));
  });

  const exportCmd = withOutput(
    withConnection(
      withCompile(
        new Command('export').argument(
          '<query...>',
          'orders or payments with a time range; "export" may be omitted',
        ),
      ),
    ),
    'table on a terminal, else ndjson',
  )
    .option('--no-wait', 'fail instead of waiting when the Export API is outside its opening hours')
    .description('pull orders or payments through the Export API (30-day exports, one at a time)');
  exportCmd.action(async (words: string[], opts: CommonOpts) => {
    setCode(await runQuery({ source: words.join(' '), opts, exporting: true }, io));
  });

  const explainCmd = withConnection(
    withCompile(new Command('explain').argument('<query...>', 'the query')),
  )
    .option('--curl', 'also print the curl command of each request')
    .option('--json', 'print the plan as JSON instead')
    .description('show the plan of requests a query compiles to, without running it');
  explainCmd.action(async (words: string[], opts: CommonOpts) => {
    setCode(await runExplain(words.join(' '), opts, io));
  });

  const replCmd = withConnection(withCompile(new Command('repl')))
    .addOption(
      new Option('--format <format>', 'output format (default: table)').choices([
        ...OUTPUT_FORMATS,
      ]),
    )
    .option('--concurrency <n>', 'requests in flight (default 5)')
    .option('--rate-limit <n>', 'requests per second (default 16)')
    .option(
      '--no-pager',
      'do not page a long table on a terminal through $PAGER or less (also CLOVERQL_PAGER=off)',
    )
    .description('interactive shell with history, multi-line input and tab completion');
  replCmd.action(async (opts: CommonOpts) => {
    setCode(await runRepl(opts, io));
  });

  const mockCmd = new Command('mock').description('run the mock Clover server until interrupted');
  mockCmd
    .option('--port <n>', 'port (default 8080)', '8080')
    .option('--host <host>', 'interface (default 127.0.0.1)', '127.0.0.1')
    .option('--seed <n>', 'dataset seed (default 42)', '42')
    .addOption(
      new Option(
        '--region <region>',
        'export opening hours (default sandbox: always open)',
      ).choices(EXPORT_REGIONS),
    )
    .option('--orders <n>', 'orders to generate (default 5000)')
    .option('--payments <n>', 'payments to generate (default 5000)')
    .option('--refunds <n>', 'refunds to generate (default 300)')
    .option('--merchant-id <id>', 'merchant id (default MERCHANT00001)')
    .option('--token <token>', 'the merchant token (default test-token)')
    .option(
      '--admin-token <token>',
      'token of the /_mock/ admin API (default: a random one, printed)',
    )
    .option('--webhook-url <url>', 'POST Clover webhooks for every change to this URL')
    .option(
      '--webhook-auth-code <code>',
      'X-Clover-Auth of the webhooks (default: random, printed)',
    )
    .option('--from <date>', 'earliest generated time (default a year before --to)')
    .option('--to <date>', 'latest generated time (default the clock start)')
    .option(
      '--clock-start <instant>',
      `virtual clock start, or 'now' for the real time (default ${MOCK_CLOCK_START}, so a seed always serves the same data)`,
    )
    .option('--frozen', 'freeze the virtual clock (move it through the admin API)')
    .option('--no-rate-limits', "switch off Clover's rate limits")
    .option('--export-duration-ms <n>', 'virtual ms an export takes (default 10000)')
    .option(
      '--activity <rates>',
      'a living merchant, rates per virtual day: orders=200,payments=150,refunds=5,updates=50,deletes=5',
    );
  mockCmd.action(async (opts: Record<string, string | boolean | undefined>) => {
    const { runMockCommand } = await import('./mock-command.js');
    setCode(await runMockCommand(opts, io));
  });

  const fieldsCmd = new Command('fields')
    .argument('[resource]', `one of ${RESOURCE_NAMES.join(', ')} (default: all three)`)
    .description('list the fields of a resource: type, where it is filtered, null, operators');
  fieldsCmd.action(async (resource: string | undefined) => {
    const { fieldsResources, renderFields } = await import('./fields.js');
    println(io.stdout, renderFields(fieldsResources(resource), { table: io.interactive }));
  });

  const completionCmd = new Command('completion')
    .addArgument(new Argument('<shell>', 'the shell').choices([...COMPLETION_SHELLS]))
    .description('print a completion script: source <(cloverql completion bash)');
  completionCmd.action(async (shell: CompletionShell) => {
    const { completionScript } = await import('./completion-script.js');
    const commands = program.commands.map((c) => ({
      name: c.name(),
      flags: c.options.map((o) => o.long).filter((l): l is string => l !== undefined),
    }));
    io.stdout.write(completionScript(shell, commands));
  });

  const fleetCmd = fleetCommand(io, setCode);
  const syncCmd = withConnection(new Command('sync'))
    .description('keep a copy of the merchant in a database: backfill once, then only what changed')
    .option('--db <url>', 'sqlite:<file> (default sqlite:./cloverql.db) or postgres://user@host/db')
    .option('--resources <list>', `comma-separated, of ${RESOURCE_NAMES.join(', ')} (default all)`)
    .option(
      '--since <when>',
      "first run: where history starts — a date, 'today - 365d' or earliest (default)",
    )
    .option('--lookback <duration>', 'read again this far before the watermark (default 15m)')
    .option('--settle <duration>', 'stop this far behind now, for late writes (default 1m)')
    .addOption(
      new Option('--backfill <how>', 'read history through REST windows or the Export API').choices(
        ['rest', 'export'],
      ),
    )
    .option('--hard-delete', 'remove the rows of deleted records instead of marking _deleted_at')
    .option(
      '--reconcile',
      'also re-read the ids of the whole synced range and mark rows the server no longer has',
    )
    .option('--now <instant>', 'treat this instant as now (env CLOVERQL_NOW)')
    .option('--json', 'print the summary as JSON')
    .option('-q, --quiet', 'no progress bar; print the summary only when not ok');
  syncCmd.action(async (opts: Record<string, string | boolean | undefined>) => {
    const { runSyncCommand } = await import('./sync-command.js');
    setCode(await runSyncCommand(opts, io));
  });
  const syncStatusCmd = new Command('status')
    .description("each synced resource's watermark, rows and last run")
    .option('--db <url>', 'sqlite:<file> (default sqlite:./cloverql.db) or postgres://…')
    .option('--json', 'print as JSON');
  syncStatusCmd.action(async () => {
    const { runSyncStatus } = await import('./sync-command.js');
    // `sync` has --db and --json too: commander gives them to whichever command it parses first.
    setCode(await runSyncStatus(syncStatusCmd.optsWithGlobals(), io));
  });
  syncStatusCmd.exitOverride().configureOutput(usageOutput(io));
  syncCmd.addCommand(syncStatusCmd);

  for (const c of [
    queryCmd,
    exportCmd,
    explainCmd,
    replCmd,
    mockCmd,
    syncCmd,
    fieldsCmd,
    completionCmd,
    fleetCmd,
  ]) {
    c.exitOverride().configureOutput(usageOutput(io));
    program.addCommand(c);
  }
  return program;
}

/**
 * `--now`, else `CLOVERQL_NOW` (which `cloverql mock` prints when its clock does not follow real
 * time), else undefined for the real time.
 */
function nowOf(opts: CommonOpts, io: CliIo): number | undefined {
  if (opts.now !== undefined) return parseInstant(opts.now, '--now');
  const env = io.env.CLOVERQL_NOW;
  return env !== undefined && env !== '' ? parseInstant(env, 'CLOVERQL_NOW') : undefined;
}

/** Compile options from flags; throws ConfigError on bad values. */
export function compileOptionsOf(opts: CommonOpts, io: CliIo): CompileOptions {
  return {
    now: nowOf(opts, io) ?? io.now(),
    ...(opts.tz !== undefined ? { tz: opts.tz } : {}),
    ...(opts.earliest !== undefined ? { earliest: parseInstant(opts.earliest, '--earliest') } : {}),
    ...(opts.windowDays !== undefined
      ? { windowDays: parseNumber(opts.windowDays, { flag: '--window-days', min: 0.001, max: 90 }) }
      : {}),
    ...wholeFlag(opts.pageSize, 'pageSize', { flag: '--page-size', min: 1, max: 1000 }),
  };
}

function runFlagsOf(opts: CommonOpts): RunFlags {
  return {
    ...wholeFlag(opts.concurrency, 'concurrency', { flag: '--concurrency', min: 1, max: 64 }),
    ...wholeFlag(opts.maxAttempts, 'maxAttempts', { flag: '--max-attempts', min: 1, max: 100 }),
    ...(opts.rateLimit !== undefined
      ? { rateLimit: parseNumber(opts.rateLimit, { flag: '--rate-limit', min: 0, max: 10_000 }) }
      : {}),
    ...durationFlag(opts.requestTimeout, 'requestTimeoutMs', {
      flag: '--request-timeout',
      minMs: 1,
      maxMs: 2_147_483_647,
    }),
    ...durationFlag(opts.maxRetryAfter, 'maxRetryAfterMs', {
      flag: '--max-retry-after',
      minMs: 0,
      maxMs: 7 * 86_400_000,
    }),
    ...durationFlag(opts.exportDeadline, 'exportDeadlineMs', {
      flag: '--export-deadline',
      minMs: 1000,
      maxMs: 7 * 86_400_000,
    }),
    wait: opts.wait !== false,
    quiet: Boolean(opts.quiet),
  };
}

/** `{ [key]: n }` for a whole-number flag that was given, else `{}`; throws on a bad value. */
function wholeFlag<K extends string>(
  value: string | undefined,
  key: K,
  spec: { flag: string; min: number; max: number },
): Partial<Record<K, number>> {
  return value === undefined
    ? {}
    : ({ [key]: parseNumber(value, { ...spec, integer: true }) } as Record<K, number>);
}

function durationFlag<K extends string>(
  value: string | undefined,
  key: K,
  spec: { flag: string; minMs: number; maxMs: number },
): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: parseDuration(value, spec) } as Record<K, number>);
}

/**
 * Reads the config file's profile and fills in the format and time zone it sets where no flag
 * did (flags > environment > profile > defaults; the connection settings are merged the same way
 * by resolveTarget).
 */
async function applyProfile(
  given: CommonOpts,
  io: CliIo,
): Promise<{ opts: CommonOpts; profile: ChosenProfile | undefined }> {
  const { loadProfile } = await import('./config-file.js');
  const profile = await loadProfile({
    flag: given.profile,
    env: io.env,
    warn: (line) => println(io.stderr, line),
  });
  const p = profile?.profile;
  const opts: CommonOpts = {
    ...given,
    ...(given.format === undefined && p?.format !== undefined ? { format: p.format } : {}),
    ...(given.tz === undefined && p?.tz !== undefined ? { tz: p.tz } : {}),
  };
  return { opts, profile };
}

const connectionOf = (o: CommonOpts): ConnectionFlags => ({
  token: o.token,
  merchantId: o.merchantId,
  baseUrl: o.baseUrl,
  region: o.region,
});

async function runQuery(
  args: { source: string; opts: CommonOpts; exporting: boolean },
  io: CliIo,
): Promise<number> {
  const { opts, profile } = await applyProfile(args.opts, io);
  const source =
    args.exporting && !/^\s*export\b/i.test(args.source) ? `export ${args.source}` : args.source;
  const [{ compile }, { executeQuery }, { checkOutTarget, openFileOutput }, { openSession }] =
    await Promise.all([
      import('@cloverql/dsl'),
      import('./execute.js'),
      import('./output/file-output.js'),
      import('./session.js'),
    ]);
  const compileOptions = compileOptionsOf(opts, io);
  const flags = runFlagsOf(opts);
  // Compile before opening a session so a bad query fails fast, without starting the mock.
  compile(source, compileOptions);
  const target = await resolveTarget(connectionOf(opts), io.env, profile?.profile);
  const format = (opts.format as OutputFormat | undefined) ?? (io.interactive ? 'table' : 'ndjson');
  // A bad --out is a usage error found before any request is made.
  const outTarget: OutTarget | undefined =
    opts.out !== undefined ? await checkOutTarget(opts.out) : undefined;
  const session = await openSession(target, io);
  const controller = new AbortController();
  const removeInterrupt = io.onInterrupt(() => controller.abort());
  const tty = io.stdout as Partial<NodeJS.WriteStream>;
  const pager =
    outTarget === undefined
      ? pagerCommand({
          env: io.env,
          stdoutIsTTY: tty.isTTY === true,
          format,
          pager: opts.pager !== false,
          onPath: (p) => isOnPath(p, io.env.PATH),
        })
      : null;
  let output: RecordOutput =
    pager === null
      ? { stream: io.stdout, commit: async () => {}, discard: async () => {} }
      : pagedOutput({ command: pager, out: io.stdout, rows: tty.rows });
  try {
    if (outTarget) output = await openFileOutput(outTarget);
    await executeQuery(
      {
        source,
        compileOptions,
        session,
        format,
        out: output.stream,
        flags,
        csvRaw: Boolean(opts.csvRaw),
        columns: opts.columns !== undefined ? parseColumnList(opts.columns) : undefined,
        expanded: Boolean(opts.expanded),
        signal: controller.signal,
        finish: () => output.commit(),
      },
      io,
    );
    return EXIT.OK;
  } catch (e) {
    await output.discard();
    throw e;
  } finally {
    removeInterrupt();
    await session.close();
  }
}

async function runExplain(source: string, given: CommonOpts, io: CliIo): Promise<number> {
  const [{ compile, explain, toCurl }, { opts, profile }] = await Promise.all([
    import('@cloverql/dsl'),
    applyProfile(given, io),
  ]);
  const plan = compile(source, compileOptionsOf(opts, io));
  if (opts.json) {
    println(io.stdout, JSON.stringify(plan, null, 2));
    return EXIT.OK;
  }
  println(io.stdout, explain(plan));
  if (opts.curl) {
    let target: Awaited<ReturnType<typeof resolveTarget>> = { kind: 'embedded' };
    try {
      target = await resolveTarget(connectionOf(opts), io.env, profile?.profile);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
    }
    const baseUrl =
      target.kind === 'remote' ? (target.baseUrl ?? 'https://api.clover.com') : '$CLOVER_BASE_URL';
    const merchantId = target.kind === 'remote' ? target.merchantId : '$CLOVER_MERCHANT_ID';
    println(io.stdout);
    println(io.stdout, '# first page of each request; add &offset=N for the next ones');
    for (const line of toCurl(plan, { baseUrl, merchantId })) println(io.stdout, line);
  }
  return EXIT.OK;
}

async function runRepl(given: CommonOpts, io: CliIo): Promise<number> {
  const { opts, profile } = await applyProfile(given, io);
  const compileOptions = compileOptionsOf(opts, io);
  const flags = runFlagsOf(opts);
  const target = await resolveTarget(connectionOf(opts), io.env, profile?.profile);
  const [{ openSession }, { startRepl }] = await Promise.all([
    import('./session.js'),
    import('./repl/repl.js'),
  ]);
  const session = await openSession(target, io);
  try {
    const { now: _now, ...rest } = compileOptions;
    return await startRepl(
      {
        session,
        compileOptions: rest,
        ...(nowOf(opts, io) !== undefined ? { fixedNow: nowOf(opts, io) as number } : {}),
        format: (opts.format as OutputFormat | undefined) ?? 'table',
        flags,
        pager: opts.pager !== false,
        profile: profile ? { name: profile.name, path: profile.path } : undefined,
      },
      io,
    );
  } finally {
    await session.close();
  }
}
