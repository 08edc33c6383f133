/**
 * Runs one query end to end for the CLI and the REPL: compile, print warnings, stream records
 * into the chosen format, show progress, print a summary.
 */
import type { Writable } from 'node:stream';
import { type Clock, type Progress, run } from '@cloverql/client';
import { type CompileOptions, compile, type Plan } from '@cloverql/dsl';
import { type CliIo, println } from './io.js';
import { filterFields, outputColumns } from './output/columns.js';
import { escapeControl } from './output/control-chars.js';
import { createSink, type OutputFormat } from './output/sink.js';
import { progressView } from './progress.js';
import type { Session } from './session.js';
import { waitNotices } from './wait-notice.js';

/** Tuning flags of a run. */
export interface RunFlags {
  readonly concurrency?: number | undefined;
  readonly rateLimit?: number | undefined;
  readonly wait?: boolean | undefined;
  readonly quiet?: boolean | undefined;
  /** `--request-timeout`: the deadline of one attempt. */
  readonly requestTimeoutMs?: number | undefined;
  /** `--max-attempts`: attempts per request, the first included. */
  readonly maxAttempts?: number | undefined;
  /** `--max-retry-after`: the longest `Retry-After` to wait for. */
  readonly maxRetryAfterMs?: number | undefined;
  /** `--export-deadline`: how long one window's export may run. */
  readonly exportDeadlineMs?: number | undefined;
}

export interface ExecuteRequest {
  readonly source: string;
  readonly compileOptions: CompileOptions;
  readonly session: Session;
  readonly format: OutputFormat;
  readonly out: Writable;
  readonly flags: RunFlags;
  /** CSV: leave formula-like cells as they are (`--csv-raw`). */
  readonly csvRaw?: boolean | undefined;
  /** Table and CSV columns for raw records (`--columns`, `.columns`): dotted field paths. */
  readonly columns?: readonly string[] | undefined;
  /** Table: one `field | value` block per record (`--expanded`, `\x`). */
  readonly expanded?: boolean | undefined;
  readonly signal?: AbortSignal;
  /**
   * Runs once the results are complete, before the summary line: shows a paged table, commits
   * an `--out` file. Whatever it writes comes before the summary, as the user reads them.
   */
  readonly finish?: (() => Promise<void>) | undefined;
  /** The run's clock (default the real one); tests pass a virtual one. */
  readonly clock?: Clock;
}

export interface ExecuteSummary {
  readonly plan: Plan;
  /** What was printed: records, or result rows for a plan that selects or groups. */
  readonly records: number;
  /** For a grouped plan, the records the groups were made from. */
  readonly recordsRead?: number | undefined;
  readonly requests: number;
  readonly retries: number;
  readonly ms: number;
}

/** Compiles the query (throwing `QueryError`) and runs it into the output. */
export async function executeQuery(req: ExecuteRequest, io: CliIo): Promise<ExecuteSummary> {
  const plan = compile(req.source, req.compileOptions);
  if (!req.flags.quiet)
    for (const w of plan.warnings)
      println(io.stderr, `cloverql: warning: ${escapeControl(w.message, { keepNewlines: true })}`);
  const sink = createSink(req.format, {
    out: req.out,
    resource: plan.resource,
    tz: plan.tz,
    csvRaw: req.csvRaw,
    columns: outputColumns(plan, req.columns),
    filterFields: filterFields(plan),
    expanded: req.expanded,
  });
  const barShown = io.stderrIsTTY && !req.flags.quiet;
  const view = progressView(io.stderr, barShown);
  // Off a terminal there is no bar: every wait is said in a line instead (the bar shows it).
  const notice =
    !req.flags.quiet && !barShown
      ? waitNotices({ exportRegion: req.session.exportRegion, now: io.now })
      : undefined;
  // The bar and the results share the screen when the output is the terminal: the bar is
  // erased before the first byte of a result reaches it and never drawn again, so it can
  // neither erase a row nor redraw itself over one. The table writes only at its end.
  const sharesScreen = (req.out as Partial<NodeJS.WriteStream>).isTTY === true;
  const streamsRows = req.format !== 'table';
  const started = io.now();
  let finishedAt: number | undefined;
  let last: Progress | undefined;
  let records = 0;
  try {
    const { session, flags } = req;
    const records$ = run(plan, {
      ...(session.baseUrl ? { baseUrl: session.baseUrl } : {}),
      ...(session.region ? { region: session.region } : {}),
      token: session.token,
      merchantId: session.merchantId,
      ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
      ...(flags.rateLimit !== undefined ? { rateLimit: flags.rateLimit } : {}),
      ...(flags.requestTimeoutMs !== undefined ? { requestTimeoutMs: flags.requestTimeoutMs } : {}),
      retry: {
        ...(flags.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: flags.maxRetryAfterMs } : {}),
        ...(flags.maxAttempts !== undefined ? { maxAttempts: flags.maxAttempts } : {}),
      },
      exports: {
        wait: flags.wait ?? true,
        region: session.exportRegion,
        ...(flags.exportDeadlineMs !== undefined ? { deadlineMs: flags.exportDeadlineMs } : {}),
      },
      ...(req.signal ? { signal: req.signal } : {}),
      ...(req.clock ? { clock: req.clock } : {}),
      onProgress: (p) => {
        last = p;
        view.update(p);
        const line = notice?.(p);
        if (line) println(io.stderr, line);
      },
    });
    for await (const r of records$) {
      if (sharesScreen && streamsRows && records === 0) view.stop();
      await sink.write(r);
      records++;
    }
    view.stop();
    await sink.end();
    // The query's time, not the time a person spends reading it in the pager (finish shows it).
    finishedAt = io.now();
    await req.finish?.();
  } finally {
    view.stop();
    const orphans = last?.orphanedExports ?? 0;
    if (orphans && !req.flags.quiet)
      println(
        io.stderr,
        `cloverql: warning: ${orphans} export create request${orphans === 1 ? '' : 's'} lost ${orphans === 1 ? 'its' : 'their'} answer; Clover may be running ${orphans === 1 ? 'an export' : 'exports'} that cannot be listed or read (they occupy an export slot until done)`,
      );
  }
  const summary = {
    plan,
    records,
    ...(plan.aggregate ? { recordsRead: last?.records ?? 0 } : {}),
    requests: last?.requests ?? 0,
    retries: last?.retries ?? 0,
    ms: (finishedAt ?? io.now()) - started,
  };
  if (!req.flags.quiet) println(io.stderr, summaryLine(summary));
  return summary;
}

/**
 * `cloverql: 1,234 payments in 3.2 s (5 windows, 12 requests, 0 retries)`; for a grouped plan
 * `cloverql: 12 rows from 1,234 payments in …`.
 */
export function summaryLine(s: ExecuteSummary): string {
  const resource = (count: number) =>
    `${count.toLocaleString('en-US')} ${count === 1 ? s.plan.resource.replace(/s$/, '') : s.plan.resource}`;
  const what =
    s.recordsRead !== undefined
      ? `${s.records.toLocaleString('en-US')} row${s.records === 1 ? '' : 's'} from ${resource(s.recordsRead)}`
      : resource(s.records);
  const secs = (s.ms / 1000).toFixed(1);
  return `cloverql: ${what} in ${secs} s (${s.plan.windows.length} window${s.plan.windows.length === 1 ? '' : 's'}, ${s.requests} request${s.requests === 1 ? '' : 's'}, ${s.retries} retr${s.retries === 1 ? 'y' : 'ies'})`;
}
