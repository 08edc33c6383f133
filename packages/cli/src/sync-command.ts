/**
 * `cloverql sync` and `cloverql sync status`: the CLI side of `@cloverql/sync` — flags to
 * options, the embedded mock when no credentials are given, a progress bar on a terminal, the
 * summary as text or JSON, and exit codes as the other commands.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl/catalogue';
import type { ResourceStatus, SyncSummary } from '@cloverql/sync';
import {
  ConfigError,
  type ConnectionFlags,
  parseDuration,
  parseInstant,
  resolveTarget,
} from './config.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, println } from './io.js';

/** The flags of `cloverql sync`. */
export interface SyncFlags extends ConnectionFlags {
  readonly db?: string | undefined;
  readonly resources?: string | undefined;
  readonly since?: string | undefined;
  readonly lookback?: string | undefined;
  readonly settle?: string | undefined;
  readonly now?: string | undefined;
  readonly backfill?: string | undefined;
  readonly json?: boolean | undefined;
  readonly quiet?: boolean | undefined;
  readonly hardDelete?: boolean | undefined;
  readonly reconcile?: boolean | undefined;
}

/**
 * `--resources orders,payments`: a list of known resources, each once.
 *
 * @example parseResources('payments, orders') // ['payments', 'orders']
 */
export function parseResources(value: string): ResourceName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = names.filter((n) => !(RESOURCE_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0) {
    throw new ConfigError(
      `--resources must list some of ${RESOURCE_NAMES.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`,
    );
  }
  return [...new Set(names)] as ResourceName[];
}

/** Runs `cloverql sync`; returns the exit code. */
export async function runSyncCommand(flags: SyncFlags, io: CliIo): Promise<number> {
  const [{ sync, parseDestination, parseSince }, { openSession }] = await Promise.all([
    import('@cloverql/sync'),
    import('./session.js'),
  ]);
  // Every flag is checked before the mock starts or a request is made.
  const resources = flags.resources !== undefined ? parseResources(flags.resources) : undefined;
  const lookbackMs =
    flags.lookback !== undefined
      ? parseDuration(flags.lookback, { flag: '--lookback', minMs: 0, maxMs: 30 * 86_400_000 })
      : undefined;
  const settleMs =
    flags.settle !== undefined
      ? parseDuration(flags.settle, { flag: '--settle', minMs: 0, maxMs: 86_400_000 })
      : undefined;
  const envNow = io.env.CLOVERQL_NOW;
  const now =
    flags.now !== undefined
      ? parseInstant(flags.now, '--now')
      : envNow !== undefined && envNow !== ''
        ? parseInstant(envNow, 'CLOVERQL_NOW')
        : io.now();
  if (flags.since !== undefined && flags.since.trim().toLowerCase() !== 'earliest') {
    usageOf(() => parseSince(flags.since as string, { now }));
  }
  if (flags.db !== undefined) usageOf(() => parseDestination(flags.db as string));
  const target = await resolveTarget(connectionOf(flags), io.env);
  const session = await openSession(target, io);
  let db = flags.db;
  if (db === undefined && session.embedded) {
    db = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cloverql-sync-')), 'cloverql.db')}`;
    println(
      io.stderr,
      `cloverql: no --db given with the embedded mock — syncing into a temp database ${db}`,
    );
  }
  const controller = new AbortController();
  const removeInterrupt = io.onInterrupt(() => controller.abort());
  const { progressView } = await import('./progress.js');
  const view = progressView(io.stderr, io.stderrIsTTY && !flags.quiet);
  try {
    const summary = await sync({
      client: {
        ...(session.baseUrl !== undefined ? { baseUrl: session.baseUrl } : {}),
        ...(session.region !== undefined ? { region: session.region } : {}),
        token: session.token,
        merchantId: session.merchantId,
        exports: { region: session.exportRegion },
      },
      ...(db !== undefined ? { db } : {}),
      ...(resources ? { resources } : {}),
      ...(flags.since !== undefined ? { since: flags.since } : {}),
      ...(lookbackMs !== undefined ? { lookbackMs } : {}),
      ...(settleMs !== undefined ? { settleMs } : {}),
      ...(flags.backfill === 'export' ? { backfill: 'export' as const } : {}),
      hardDelete: flags.hardDelete === true,
      reconcile: flags.reconcile === true,
      now,
      signal: controller.signal,
      onProgress: (p) =>
        view.update({
          phase: 'rest',
          windowsDone: p.windowsDone,
          windowsTotal: p.windowsTotal,
          requests: p.requests,
          retries: p.retries,
          records: p.records,
        }),
    });
    view.stop();
    if (flags.json) println(io.stdout, JSON.stringify(summary));
    else if (!flags.quiet || summary.status !== 'ok') println(io.stdout, summaryText(summary));
    return summary.status === 'aborted' ? EXIT.INTERRUPTED : EXIT.OK;
  } finally {
    view.stop();
    removeInterrupt();
    await session.close();
  }
}

/** Runs `cloverql sync status`; returns the exit code. */
export async function runSyncStatus(
  flags: { db?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const { openDestination, parseDestination, readStatus, SYNC_DEFAULTS } = await import(
    '@cloverql/sync'
  );
  const spec = usageOf(() => parseDestination(flags.db ?? SYNC_DEFAULTS.db));
  const { existsSync } = await import('node:fs');
  if (spec.dialect === 'sqlite' && !existsSync(spec.file)) {
    throw new ConfigError(
      `no sync database at ${spec.file}; run cloverql sync first (or pass --db)`,
    );
  }
  const dest = await openDestination(spec);
  try {
    let status: ResourceStatus[];
    try {
      status = await readStatus(dest.db);
    } catch (e) {
      throw new ConfigError(
        `${dest.label} is not a cloverql sync database (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    if (flags.json) println(io.stdout, JSON.stringify(status));
    else println(io.stdout, statusText(status));
    return EXIT.OK;
  } finally {
    await dest.close();
  }
}

/** A `SyncError('INVALID_OPTIONS')` from a parse becomes a usage error. */
function usageOf<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && (e as { code?: string }).code === 'INVALID_OPTIONS') {
      throw new ConfigError(e.message);
    }
    throw e;
  }
}

const connectionOf = (o: ConnectionFlags): ConnectionFlags => ({
  token: o.token,
  merchantId: o.merchantId,
  baseUrl: o.baseUrl,
  region: o.region,
});

const iso = (t: number | null) =>
  t === null ? '-' : new Date(t).toISOString().replace('.000Z', 'Z');

/**
 * The summary as text: one line for the run, one per resource.
 *
 * @example summaryText(summary) // 'synced MERCHANT00001 into sqlite:./cloverql.db in 1.2 s: …'
 */
export function summaryText(s: SyncSummary): string {
  const head = `${s.status === 'aborted' ? 'interrupted: synced part of' : 'synced'} ${s.merchantId} into ${s.destination} in ${(s.durationMs / 1000).toFixed(1)} s: ${s.requests} requests, ${s.retries} retries`;
  const rows = Object.entries(s.resources).map(([r, x]) =>
    [
      r.padEnd(9),
      x.mode.padEnd(20),
      `inserted ${x.inserted}`,
      `updated ${x.updated}`,
      `deleted ${x.deleted}`,
      `unchanged ${x.unchanged}`,
      `watermark ${iso(x.watermark)}`,
    ].join('  '),
  );
  return [head, ...rows.map((r) => `  ${r}`)].join('\n');
}

/** `sync status` as text: one line per (merchant, resource). */
export function statusText(status: readonly ResourceStatus[]): string {
  if (status.length === 0) return 'nothing synced yet';
  return status
    .map((s) =>
      [
        s.merchantId,
        s.resource.padEnd(9),
        `${s.rows} rows${s.deletedRows ? ` (+${s.deletedRows} deleted)` : ''}`.padEnd(12),
        s.backfillDone
          ? `watermark ${iso(s.watermark)}`
          : `backfill reached ${iso(s.backfillReached)}`,
        `last run ${iso(s.lastRunStarted)} ${s.lastRunStatus ?? '-'}`,
      ].join('  '),
    )
    .join('\n');
}
