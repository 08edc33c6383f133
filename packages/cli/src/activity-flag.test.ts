import { describe, expect, it } from 'vitest';
import { parseActivity } from './activity-flag.js';
import { ConfigError } from './config.js';

const message = (text: string) => {
  try {
    parseActivity(text);
  } catch (err) {
    return err instanceof ConfigError ? err.message : 'other';
  }
  return 'ok';
};

describe('--activity', () => {
  it('reads name=rate pairs per day', () => {
    expect(parseActivity('orders=200, updates=50,deletes=5,payments=1.5,refunds=0')).toEqual({
      ordersPerDay: 200,
      updatesPerDay: 50,
      deletesPerDay: 5,
      paymentsPerDay: 1.5,
      refundsPerDay: 0,
    });
  });

  it('names every mistake in one line', () => {
    expect(message('')).toMatch(/^--activity needs name=rate pairs/);
    expect(message('colour=3')).toBe(
      "--activity: unknown name 'colour' (use orders, payments, refunds, updates, deletes)",
    );
    expect(message('orders')).toBe("--activity: 'orders' needs a rate per day, e.g. orders=100");
    expect(message('orders=1,orders=2')).toBe("--activity: 'orders' is given twice");
    expect(message('orders=-1')).toBe(
      "--activity orders must be a number from 0 to 1000000, not '-1'",
    );
    expect(message('orders=x')).toMatch(/not 'x'$/);
  });
});
