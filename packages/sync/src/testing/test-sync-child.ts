/**
 * The parent's side of `sync-child.mjs`: syncs in a child process that the test SIGKILLs at the
 * point it chose, waiting for the child to say it is there (never a timer). A spare child is
 * started ahead, so a test pays the child's start-up (loading the package) off the critical path.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const CHILD = fileURLToPath(new URL('./sync-child.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
// Inside the package, so that the bundle's own imports (pg, better-sqlite3) resolve from it.
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));

/**
 * The parts of the built package the child uses, bundled into one file: a child loads it in a
 * third of the CPU time the package's hundreds of modules take (0.35 s against 0.85 s here),
 * which is most of what a killed child costs. The native and CommonJS drivers stay outside.
 */
let bundles = 0;
function bundle(): string {
  mkdirSync(CACHE, { recursive: true });
  const outfile = `${CACHE}cloverql-sync-child-${process.pid}-${bundles++}.mjs`;
  buildSync({
    stdin: {
      contents: [
        `export { openDestination, parseDestination } from './destination/destination.js';`,
        `export { rowStore } from './destination/row-store.js';`,
        `export { syncInto } from './engine/sync.js';`,
        `export { migrateToLatest } from './schema/migrations.js';`,
      ].join('\n'),
      resolveDir: DIST,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    external: ['better-sqlite3', 'pg'],
    // Bundled CommonJS code calls require().
    banner: {
      // (aliased: the package imports createRequire itself, for the SQLite writer thread)
      js: "import { createRequire as __cloverqlRequireOf } from 'node:module'; const require = __cloverqlRequireOf(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}

/** Where the child stops and waits for its SIGKILL. */
export type KillPoint =
  /** Right after its n-th commit. */
  | { readonly at: 'commit'; readonly n: number }
  /** Inside a transaction, right after its n-th upsert of rows, before COMMIT. */
  | { readonly at: 'write'; readonly n: number };

/** A row an upsert wrote in the transaction the child was killed in. */
export interface PendingRow {
  readonly id: string;
  /** The record as the upsert stored it (JSON text). */
  readonly record: string;
  readonly deleted: boolean;
}

/** One sync the child runs. */
export interface ChildRun {
  readonly baseUrl: string;
  readonly token: string;
  readonly merchantId: string;
  readonly db: string;
  readonly now: number;
  readonly since: string;
  readonly batchSize: number;
  readonly settleMs?: number;
  readonly pause?: KillPoint;
}

/** How a child run ended. */
export type ChildOutcome =
  /** Ran to its end before reaching its kill point (or had none). */
  | { readonly kind: 'done'; readonly status: string; readonly commits: number }
  /**
   * Stopped at its kill point and waiting; `kill()` SIGKILLs it and resolves when it is dead.
   * `rows` (for `write`) are the uncommitted rows of the open transaction.
   */
  | {
      readonly kind: 'paused';
      readonly at: KillPoint['at'];
      readonly commits: number;
      readonly resource?: string;
      readonly rows?: readonly PendingRow[];
      readonly pid: number;
      kill(): Promise<void>;
    };

interface Child {
  readonly p: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  stderr: string;
}

function spawnChild(bundled: string): Child {
  const p = fork(CHILD, [bundled], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const child: Child = {
    p,
    stderr: '',
    ready: new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m?.ready) {
          p.off('message', onMessage);
          resolve();
        }
      };
      p.on('message', onMessage);
      p.once('exit', (code, signal) =>
        reject(new Error(`sync child exited before ready (${code ?? signal}): ${child.stderr}`)),
      );
    }),
    exited: new Promise<void>((resolve) => p.once('exit', () => resolve())),
  };
  p.stderr?.on('data', (d) => {
    child.stderr += String(d);
  });
  // Nobody may be waiting for `ready` when a spare dies with its test.
  child.ready.catch(() => {});
  return child;
}

/** Runs syncs in child processes; `close()` in `afterAll`. */
export class SyncChildren {
  private spare: Child | null = null;
  private readonly live = new Set<Child>();
  private bundled: string | null = null;

  private spawn(): Child {
    this.bundled ??= bundle();
    return this.track(spawnChild(this.bundled));
  }

  /** Starts the first child now, so that it is loaded when the first run comes. */
  warm(): this {
    this.spare ??= this.spawn();
    return this;
  }

  private track(c: Child): Child {
    this.live.add(c);
    void c.exited.then(() => this.live.delete(c));
    return c;
  }

  /**
   * Runs one sync in a child: resolves `done` when it finished, or `paused` when it reached
   * `run.pause` and waits to be killed. A child that finished is kept as the next spare.
   */
  async run(run: ChildRun): Promise<ChildOutcome> {
    const c = this.spare ?? this.spawn();
    this.spare = null;
    await c.ready;
    let commits = 0;
    const outcome = await new Promise<ChildOutcome>((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(new Error(`sync child died (${code ?? signal}): ${c.stderr}`));
      const settle = () => {
        c.p.off('message', onMessage);
        c.p.off('exit', onExit);
      };
      const onMessage = (m: {
        commit?: number;
        done?: { status: string; commits: number };
        failed?: string;
        paused?: { at: KillPoint['at']; resource?: string; rows?: PendingRow[] };
      }) => {
        if (m.commit !== undefined) commits = m.commit;
        else if (m.done) {
          settle();
          resolve({ kind: 'done', ...m.done });
        } else if (m.failed !== undefined) {
          settle();
          reject(new Error(`sync in the child failed: ${m.failed}`));
        } else if (m.paused) {
          settle();
          resolve({
            kind: 'paused',
            ...m.paused,
            commits,
            pid: c.p.pid ?? 0,
            kill: async () => {
              c.p.kill('SIGKILL');
              await c.exited;
            },
          });
        }
      };
      c.p.on('message', onMessage);
      c.p.once('exit', onExit);
      c.p.send({ run });
    });
    if (outcome.kind === 'done') this.spare = c;
    // The next child loads while this one waits for its kill and the test goes on.
    else this.spare = this.spawn();
    return outcome;
  }

  /** Kills every child still alive. */
  async close(): Promise<void> {
    const all = [...this.live];
    this.spare = null;
    for (const c of all) c.p.kill('SIGKILL');
    await Promise.all(all.map((c) => c.exited));
    if (this.bundled) rmSync(this.bundled, { force: true });
    this.bundled = null;
  }
}
