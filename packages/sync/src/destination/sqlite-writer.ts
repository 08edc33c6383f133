/**
 * The SQLite writer thread: a worker (node:worker_threads) with a connection of its own to the
 * database file, which classifies, upserts and commits batches of rows, each batch and the state
 * that covers it in one transaction.
 *
 * better-sqlite3 is synchronous: a commit (an fsync of the WAL, `synchronous=FULL`) and the
 * upserts of a batch block the thread that runs them. On the main thread they stopped the reading
 * of pages for as long as they took; in the writer thread they run while the main thread goes on
 * reading and parsing the next pages, on the machine's other core.
 *
 * One batch is in flight at a time: the engine sends the next batch only once the previous one
 * is acknowledged as committed, so `onCommit`, an abort between two commits and a crash leave the
 * database exactly as they did when the writes ran on the main thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { canonicalJson } from '../engine/canonical-json.js';

/** One transaction for the writer: rows of one table, and the state they complete (if any). */
export interface WriterBatch {
  readonly table: string;
  readonly merchantId: string;
  /** Column names, in the order of each row's values (`merchant_id`, `id` first). */
  readonly columns: readonly string[];
  /** Where the record's JSON text is in a row. */
  readonly recordIndex: number;
  readonly rows: readonly (readonly unknown[])[];
  /** Each row's incoming `modifiedTime` (null when it has none). */
  readonly modified: readonly (number | null)[];
  /** The rows are deleted records (`hard`: remove them instead of upserting). */
  readonly deleted: { readonly hard: boolean } | null;
  /** The state update committed with the rows (a compiled statement), or null. */
  readonly state: { readonly sql: string; readonly parameters: readonly unknown[] } | null;
}

/** What a batch did (as `WriteCounts`). */
export interface WriterCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** A writer thread for one SQLite file. */
export interface SqliteWriter {
  /** Writes and commits one batch; resolves once it is committed. One at a time. */
  write(batch: WriterBatch): Promise<WriterCounts>;
  /** Closes the connection and ends the thread. */
  close(): Promise<void>;
}

/** Test hooks of the writer thread (the crash tests). */
export interface WriterHooks {
  /**
   * After the n-th upsert of rows (inside its transaction, before COMMIT), hand the rows it
   * wrote to `paused` and block the thread there for good: the process is about to be killed.
   */
  readonly pauseAtWrite?: {
    readonly n: number;
    readonly paused: (p: { table: string; rows: unknown[][]; columns: string[] }) => void;
  };
  /** After the n-th upsert of rows (inside its transaction), the thread exits (code 1). */
  readonly exitAtWrite?: number;
}

/**
 * The thread's code: self-contained (it runs from its source text), so it works the same from
 * the TypeScript sources (tests), the built package and a bundle of it.
 */
function writerThread(): void {
  // Modules come through process.getBuiltinModule, not `require`: a bundler rewrites `require`
  // calls in this function's text.
  // biome-ignore lint/suspicious/noExplicitAny: the thread's modules, untyped here.
  const builtin = (name: string): any => (process as any).getBuiltinModule(name);
  const { parentPort, workerData } = builtin('node:worker_threads');
  const canonical: (v: unknown) => string = new Function(`return ${workerData.canonicalJson}`)();
  const Database = builtin('node:module').createRequire(workerData.driver)(workerData.driver);
  const db = new Database(workerData.file);
  db.pragma('journal_mode = WAL');
  // Every commit is on disk before it is acknowledged (survives a power loss).
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // A bigger WAL between checkpoints: an index page changed by many batches is copied into the
  // database once per checkpoint rather than once per 1000 pages of WAL. Durability is the WAL's.
  db.pragma('wal_autocheckpoint = 10000');
  const statements = new Map();
  const prepared = (text: string) => {
    let s = statements.get(text);
    if (!s) {
      s = db.prepare(text);
      statements.set(text, s);
    }
    return s;
  };
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  let upserts = 0;
  // biome-ignore lint/suspicious/noExplicitAny: a batch as posted (see WriterBatch).
  const writeBatch = (b: any) => {
    const counts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
    const ids = b.rows.map((r: unknown[]) => r[1]);
    if (b.deleted?.hard) {
      const del = prepared(
        `delete from ${q(b.table)} where merchant_id = ? and id in (select value from json_each(?))`,
      );
      for (let i = 0; i < ids.length; i += 1000) {
        counts.deleted += del.run(b.merchantId, JSON.stringify(ids.slice(i, i + 1000))).changes;
      }
    } else if (b.rows.length > 0) {
      const lookup = prepared(
        `select id, record, _deleted_at is not null as deleted from ${q(b.table)} where merchant_id = ? and id in (select value from json_each(?))`,
      );
      const names = b.columns.map(q);
      const set = b.columns
        .filter((c: string) => c !== 'merchant_id' && c !== 'id')
        .map((c: string) => `${q(c)} = excluded.${q(c)}`)
        .join(', ');
      const upsert = prepared(
        `insert into ${q(b.table)} (${names.join(', ')}) values (${names.map(() => '?').join(', ')}) on conflict (merchant_id, id) do update set ${set}`,
      );
      const write: unknown[][] = [];
      for (let i = 0; i < b.rows.length; i += 1000) {
        const stored = new Map();
        for (const s of lookup.all(b.merchantId, JSON.stringify(ids.slice(i, i + 1000))))
          stored.set(s.id, s);
        const end = Math.min(b.rows.length, i + 1000);
        for (let k = i; k < end; k++) {
          const row = b.rows[k];
          const json = row[b.recordIndex];
          const old = stored.get(row[1]);
          if (old) {
            // Equal text is the same version (the stored text is what a run wrote); otherwise
            // compare canonically, as key order may differ.
            const oldRecord = old.record === json ? null : JSON.parse(old.record);
            const same = oldRecord === null || canonical(oldRecord) === canonical(JSON.parse(json));
            if (b.deleted) {
              if (old.deleted === 1 && same) {
                counts.unchanged++;
                continue;
              }
              counts.deleted++;
            } else {
              const mod = oldRecord?.modifiedTime;
              const oldModified =
                oldRecord === null ? b.modified[k] : typeof mod === 'number' ? mod : null;
              const newModified = b.modified[k];
              const stale =
                oldModified !== null && newModified !== null && newModified < oldModified;
              if (stale || (old.deleted !== 1 && same)) {
                counts.unchanged++;
                continue;
              }
              counts.updated++;
            }
          } else if (b.deleted) counts.deleted++;
          else counts.inserted++;
          write.push(row);
        }
      }
      for (const row of write) upsert.run(row);
      if (write.length > 0) upserts++;
      if (write.length > 0 && workerData.exitAtWrite === upserts) process.exit(1);
      if (write.length > 0 && workerData.pauseAtWrite === upserts) {
        parentPort.postMessage({ paused: { table: b.table, columns: b.columns, rows: write } });
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    }
    if (b.state) prepared(b.state.sql).run(...b.state.parameters);
    return counts;
  };
  const transaction = db.transaction(writeBatch);
  // biome-ignore lint/suspicious/noExplicitAny: messages as posted by the main thread.
  parentPort.on('message', (m: any) => {
    if (m.close) {
      db.close();
      parentPort.close();
      return;
    }
    try {
      const counts = transaction.immediate(m.batch);
      parentPort.postMessage({ id: m.id, counts });
    } catch (e) {
      const err = e as { message?: string; code?: string };
      parentPort.postMessage({
        id: m.id,
        error: { message: String(err?.message ?? e), code: err?.code },
      });
    }
  });
  parentPort.postMessage({ ready: true });
}

const driverPath = () => createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Runs before the thread's text. A bundler that keeps function names (esbuild's `keepNames`, as
 * the CLI's bundle does) wraps functions in calls of its own `__name` helper, which the text of
 * `writerThread` then names but the thread does not have.
 */
const WRITER_PRELUDE = 'var __name = (f) => f;\n';

/**
 * Starts a writer thread on `file` (a SQLite file the caller has opened and migrated). Resolves
 * once the thread's connection is open; rejects if it cannot open it or the thread dies.
 */
export function startSqliteWriter(file: string, hooks: WriterHooks = {}): Promise<SqliteWriter> {
  const worker = new Worker(`${WRITER_PRELUDE}(${writerThread.toString()})()`, {
    eval: true,
    workerData: {
      file,
      driver: driverPath(),
      canonicalJson: canonicalJson.toString(),
      pauseAtWrite: hooks.pauseAtWrite?.n ?? null,
      exitAtWrite: hooks.exitAtWrite ?? null,
    },
  });
  // The thread keeps no event loop of the process alive while idle: a process that forgets to
  // close its writer still exits.
  worker.unref();
  type Pending = { resolve: (c: WriterCounts) => void; reject: (e: Error) => void };
  const pending = new Map<number, Pending>();
  let next = 0;
  let dead: Error | null = null;
  let ready: { resolve: () => void; reject: (e: Error) => void } | null = null;
  const fail = (e: Error) => {
    dead ??= e;
    ready?.reject(dead);
    ready = null;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  worker.on('message', (m) => {
    if (m.ready) {
      ready?.resolve();
      ready = null;
      return;
    }
    if (m.paused) {
      hooks.pauseAtWrite?.paused(m.paused);
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) {
      const e = new Error(m.error.message) as Error & { code?: string };
      if (m.error.code) e.code = m.error.code;
      p.reject(e);
    } else p.resolve(m.counts);
  });
  worker.on('error', (e) => fail(new Error(`the SQLite writer thread failed: ${e.message}`)));
  worker.on('exit', (code) =>
    fail(new Error(`the SQLite writer thread stopped (exit code ${code})`)),
  );
  const writer: SqliteWriter = {
    write(batch) {
      if (dead) return Promise.reject(dead);
      const id = next++;
      return new Promise<WriterCounts>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Referenced while a batch is in flight: the process waits for its commit.
        worker.ref();
        worker.postMessage({ id, batch });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      });
    },
    async close() {
      if (dead) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ close: true });
      await exited;
    },
  };
  return new Promise<SqliteWriter>((resolve, reject) => {
    worker.ref();
    ready = {
      resolve: () => {
        worker.unref();
        resolve(writer);
      },
      reject,
    };
  });
}
