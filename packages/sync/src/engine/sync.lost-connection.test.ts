/**
 * A PostgreSQL connection the server ends is one "lost the connection" SyncError, whichever
 * database step meets it first. Here the very first step, the state read, gets the error pg
 * gives on a session an administrator terminated (57P01), from a pool that hands out such a
 * client; sync.safety.test.ts ends a real session, where which event comes first is a race.
 */
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../destination/destination.js';
import { SyncError } from '../errors/sync-error.js';
import { MERCHANT, TOKEN } from '../testing/test-sync.js';
import { syncInto } from './sync.js';

const TERMINATED = Object.assign(new Error('terminating connection due to administrator command'), {
  code: '57P01',
});

/** A pool whose one client fails every query as a terminated session does. */
function terminatedPool(): PostgresPool {
  const client = {
    query: () => Promise.reject(TERMINATED),
    release: () => {},
  };
  // Only `query` (as a promise) and `release` are used by the statements a run sends first.
  return { connect: async () => client as never, end: async () => {} };
}

describe('a PostgreSQL connection ended under a run', () => {
  it('ends the run with one lost-the-connection SyncError at its first database step', async () => {
    const dest: Destination = {
      dialect: 'postgres',
      db: new Kysely({ dialect: new PostgresDialect({ pool: terminatedPool() }) }),
      label: 'postgres://u:***@h/db',
      close: async () => {},
    };
    const e = await syncInto(dest, {
      // Never reached: the run stops at its state read, before any request.
      client: { baseUrl: 'http://127.0.0.1:9', token: TOKEN, merchantId: MERCHANT },
      resources: ['payments'],
      since: '2026-01-01',
      now: Date.UTC(2026, 0, 7),
    }).then(
      () => 'the run did not fail',
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(SyncError);
    expect(e).toMatchObject({ code: 'DESTINATION' });
    expect((e as Error).message).toBe(
      'lost the connection to postgres://u:***@h/db: terminating connection due to administrator command; what was committed stays, run again',
    );
  });
});
