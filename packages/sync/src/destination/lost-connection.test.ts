/**
 * Which failures mean the database connection is gone, so that a run says "lost the connection"
 * whichever statement meets it first (sync.safety.test.ts ends a real session; this covers the
 * shapes the driver reports it in).
 */
import { describe, expect, it } from 'vitest';
import { SyncError } from '../errors/sync-error.js';
import { isLostConnection, lostConnectionError } from './destination.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isLostConnection', () => {
  it('is true for PostgreSQL shutdown codes and a closed socket', () => {
    expect(
      isLostConnection(withCode('terminating connection due to administrator command', '57P01')),
    ).toBe(true);
    expect(isLostConnection(withCode('terminating connection because of crash', '57P02'))).toBe(
      true,
    );
    expect(isLostConnection(withCode('the database system is shutting down', '57P03'))).toBe(true);
    expect(isLostConnection(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isLostConnection(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('is false for other database errors and non-errors', () => {
    expect(
      isLostConnection(withCode('duplicate key value violates unique constraint', '23505')),
    ).toBe(false);
    expect(isLostConnection(withCode('password authentication failed', '28P01'))).toBe(false);
    expect(isLostConnection(new Error('disk I/O error'))).toBe(false);
    expect(isLostConnection('57P01')).toBe(false);
  });

  it('lostConnectionError is one DESTINATION line naming the database', () => {
    const e = lostConnectionError(
      'postgres://u:***@h/db',
      new Error('Connection terminated unexpectedly'),
    );
    expect(e).toBeInstanceOf(SyncError);
    expect(e).toMatchObject({ code: 'DESTINATION' });
    expect(e.message).toBe(
      'lost the connection to postgres://u:***@h/db: Connection terminated unexpectedly; what was committed stays, run again',
    );
  });
});
