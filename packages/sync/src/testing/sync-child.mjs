/**
 * A sync in a child process, for the crash tests (see `test-sync-child.ts`, the parent's side).
 * It imports the built package (the root `pnpm test` builds first), bundled, so that it starts
 * fast, says
 * `{ ready: true }`, then runs each `{ run }` message it gets and answers `{ done }`, telling the
 * parent after every commit (`{ commit: n }`).
 *
 * A run can be told to stop dead at one point and wait there to be SIGKILLed, so the parent kills
 * it exactly where it means to, never on a timer:
 * - `{ at: 'commit', n }`: right after the n-th commit of the run, before anything else;
 * - `{ at: 'write', n }`: right after the n-th upsert of rows into a resource table has run,
 *   inside its transaction, before the COMMIT (in the SQLite writer thread, or on this thread for
 *   PostgreSQL). The message then carries the rows that upsert wrote, uncommitted, so the parent
 *   can check that none of them survives the kill.
 *
 * Its clock is virtual and starts at the run's `now`: retries wait no real time.
 */
import { pathToFileURL } from 'node:url';

// The parent passes the built package bundled into one file (see `test-sync-child.ts`).
const { openDestination, parseDestination, rowStore, syncInto, migrateToLatest } = await import(
  pathToFileURL(process.argv[2]).href
);

const RESOURCES = new Set(['orders', 'payments', 'refunds']);
const forever = () => new Promise(() => {});

/**
 * The destination's batch statements, wrapped to count the writes of rows (inserts of new rows
 * and upserts) into resource tables and, at the n-th, tell the parent what it wrote and never
 * return: its transaction stays open (the write runs inside it, before the COMMIT) until the
 * process dies.
 */
function pauseAtWrite(store, n) {
  let count = 0;
  const paused = (write) => async (trx, shape, rows) => {
    await write(trx, shape, rows);
    if (!RESOURCES.has(shape.table) || ++count !== n) return;
    process.send({
      paused: {
        at: 'write',
        n,
        resource: shape.table,
        rows: pendingRows(
          shape.columns.map((c) => c.name),
          rows,
        ),
      },
    });
    await forever();
  };
  return {
    stored: (trx, q) => store.stored(trx, q),
    upsert: paused((trx, shape, rows) => store.upsert(trx, shape, rows)),
    ...(store.insert
      ? { insert: paused((trx, shape, rows) => store.insert(trx, shape, rows)) }
      : {}),
  };
}

/** The rows an upsert wrote, as the parent compares them (`PendingRow`). */
function pendingRows(columns, rows) {
  const at = (name) => columns.indexOf(name);
  const [id, record, deleted] = [at('id'), at('record'), at('_deleted_at')];
  return rows.map((r) => ({
    id: String(r[id]),
    record: typeof r[record] === 'string' ? r[record] : JSON.stringify(r[record]),
    deleted: r[deleted] !== null && r[deleted] !== undefined,
  }));
}

/**
 * The same stop for a SQLite file, whose batches the writer thread writes: the thread blocks
 * after its n-th upsert, inside the transaction, and this process tells the parent.
 */
function pauseWriterAtWrite(n) {
  return {
    pauseAtWrite: {
      n,
      paused: ({ table, columns, rows }) =>
        process.send({
          paused: { at: 'write', n, resource: table, rows: pendingRows(columns, rows) },
        }),
    },
  };
}

/** A PostgreSQL URL names this process, so the parent finds its sessions in pg_stat_activity. */
function withApplicationName(db) {
  if (!/^postgres(ql)?:/i.test(db)) return db;
  const u = new URL(db);
  u.searchParams.set('application_name', `cloverql-sync-child-${process.pid}`);
  return u.toString();
}

async function runOnce(o) {
  let t = o.now;
  const clock = {
    now: () => t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      if (ms > 0) t += ms;
      await new Promise((r) => setImmediate(r));
    },
  };
  const dest = await openDestination(parseDestination(withApplicationName(o.db)));
  try {
    await migrateToLatest(dest.db, dest.dialect);
    // SQLite files are written by the writer thread; PostgreSQL on this thread, through `store`.
    const atWrite = o.pause?.at === 'write';
    const store =
      atWrite && dest.dialect === 'postgres'
        ? pauseAtWrite(rowStore(dest.dialect, dest.sqlite), o.pause.n)
        : undefined;
    const writerHooks =
      atWrite && dest.dialect === 'sqlite' ? pauseWriterAtWrite(o.pause.n) : undefined;
    let commits = 0;
    const summary = await syncInto(
      { ...dest, store, writerHooks },
      {
        client: {
          baseUrl: o.baseUrl,
          token: o.token,
          merchantId: o.merchantId,
          rateLimit: 0,
          clock,
        },
        now: o.now,
        since: o.since,
        batchSize: o.batchSize,
        ...(o.settleMs !== undefined ? { settleMs: o.settleMs } : {}),
        onCommit: () => {
          commits++;
          process.send({ commit: commits });
          if (o.pause?.at === 'commit' && commits === o.pause.n) {
            process.send({ paused: { at: 'commit', n: commits } });
            // onCommit is synchronous: block here, between this commit and the next statement.
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
          }
        },
      },
    );
    return { status: summary.status, commits };
  } finally {
    await dest.close();
  }
}

process.on('message', (m) => {
  if (!m?.run) return;
  runOnce(m.run).then(
    (done) => process.send({ done }),
    (e) => process.send({ failed: String(e?.stack ?? e) }),
  );
});
process.send({ ready: true });
