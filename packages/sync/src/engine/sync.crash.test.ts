import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOURCE_NAMES } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDestination, parseDestination } from '../destination/destination.js';
import { type ResourceState, readAllStates } from '../state/state.js';
import {
  clientOf,
  MERCHANT,
  NOW,
  startSyncMock,
  TOKEN,
  tableRecords,
  tempDir,
  truthRecords,
} from '../testing/test-sync.js';
import { sync } from './sync.js';

/**
 * What a database must hold after any crash: only true records, and every record the state
 * claims (created inside the backfilled range) in its current version.
 */
async function expectConsistent(mock: MockServer, db: string): Promise<ResourceState[]> {
  const dest = await openDestination(parseDestination(db));
  try {
    const states = await readAllStates(dest.db);
    for (const r of RESOURCE_NAMES) {
      const truth = truthRecords(mock, r);
      const rows = await tableRecords(dest, r);
      for (const [id, json] of rows) expect(json).toBe(truth.get(id));
      const s = states.find((x) => x.resource === r);
      if (!s) continue;
      for (const rec of mock.store.records(MERCHANT, r)) {
        const t = rec.createdTime as number;
        if (t >= s.backfillFrom && t < s.backfillDone)
          expect(rows.get(String(rec.id))).toBeDefined();
      }
    }
    return states;
  } finally {
    await dest.close();
  }
}

const expectExact = async (mock: MockServer, db: string) => {
  for (const r of RESOURCE_NAMES) expect(await tableRecords(db, r)).toEqual(truthRecords(mock, r));
};

describe('crash safety', () => {
  let mock: MockServer;
  const tmp = tempDir();
  beforeAll(async () => {
    mock = await startSyncMock({ orders: 200, payments: 200, refunds: 30 });
  });
  afterAll(async () => {
    await mock.close();
    tmp.remove();
  });

  it('an abort after any commit stops there, consistent, and the next run finishes exactly', async () => {
    // Count the commits of a whole run first, then stop a fresh run after each of them.
    let total = 0;
    const probe = `sqlite:${join(tmp.dir, 'probe.db')}`;
    await sync({
      client: clientOf(mock),
      db: probe,
      since: 'today - 400d',
      now: NOW,
      batchSize: 40,
      onCommit: () => total++,
    });
    expect(total).toBeGreaterThan(15);
    for (let k = 1; k < total; k += 4) {
      const db = `sqlite:${join(tmp.dir, `abort-${k}.db`)}`;
      const controller = new AbortController();
      let commits = 0;
      const s = await sync({
        client: clientOf(mock),
        db,
        since: 'today - 400d',
        now: NOW,
        batchSize: 40,
        signal: controller.signal,
        onCommit: () => {
          if (++commits === k) controller.abort();
        },
      });
      expect(s.status).toBe('aborted');
      // The abort lands between two commits: nothing after the k-th.
      expect(commits).toBe(k);
      await expectConsistent(mock, db);
      const after = await sync({ client: clientOf(mock), db, now: NOW + 120_000, batchSize: 40 });
      expect(after.status).toBe('ok');
      await expectExact(mock, db);
    }
  });

  it('a process killed at random points resumes from its last commit, exactly', async () => {
    const child = fileURLToPath(new URL('../testing/sync-child.mjs', import.meta.url));
    const db = `sqlite:${join(tmp.dir, 'killed.db')}`;
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let finished = false;
    for (let round = 0; round < 8 && !finished; round++) {
      const killAfter = 1 + Math.floor(random() * 6);
      finished = await new Promise<boolean>((resolve, reject) => {
        const p = fork(child, [mock.url, TOKEN, MERCHANT, db, String(NOW)], {
          execArgv: [],
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        });
        let commits = 0;
        let err = '';
        p.stderr?.on('data', (d) => {
          err += String(d);
        });
        p.on('message', (m) => {
          // Killed right after a commit, or a few ms into the next transaction.
          if (m === 'commit' && ++commits === killAfter) {
            setTimeout(() => p.kill('SIGKILL'), Math.floor(random() * 15));
          }
        });
        p.on('exit', (code, signal) => {
          if (signal === 'SIGKILL') resolve(false);
          else if (code === 0) resolve(true);
          else reject(new Error(`child exited ${code}: ${err}`));
        });
      });
      await expectConsistent(mock, db);
    }
    const path = parseDestination(db);
    expect(path.dialect === 'sqlite' && existsSync(path.file)).toBe(true);
    await sync({ client: clientOf(mock), db, now: NOW + 120_000 });
    await expectExact(mock, db);
  }, 120_000);
});
