import { describe, expect, it } from 'vitest';
import { realClock } from '../clock/clock.js';
import { ClientError } from '../errors/client-error.js';
import { type RunOptions, resolveOptions } from './run-options.js';

const base: RunOptions = { token: 't', merchantId: 'M' };

function invalid(o: unknown): ClientError {
  try {
    resolveOptions(o as RunOptions);
  } catch (e) {
    if (e instanceof ClientError) return e;
    throw e;
  }
  throw new Error('expected INVALID_OPTIONS');
}

describe('resolveOptions', () => {
  it('fills in the documented defaults', () => {
    const o = resolveOptions(base);
    expect(o).toMatchObject({
      baseUrl: 'https://api.clover.com',
      concurrency: 5,
      rateLimit: 16,
      retry: {
        maxAttempts: 8,
        baseDelayMs: 250,
        maxDelayMs: 30_000,
        budget: 500,
        maxRetryAfterMs: 300_000,
      },
      requestTimeoutMs: 120_000,
      maxBodyBytes: 64 * 1024 * 1024,
      paging: { maxRecordsPerSecond: 100, maxPages: 10_000 },
      exports: {
        wait: true,
        region: 'us',
        pollMs: 1000,
        maxPollMs: 30_000,
        downloadConcurrency: 2,
        deadlineMs: 7_200_000,
        orphanWaitMs: 300_000,
        maxAmbiguousCreates: 2,
      },
    });
    expect(o.clock).toBe(realClock);
  });

  it('prefers baseUrl over region and derives the export hours region', () => {
    expect(resolveOptions({ ...base, region: 'eu' })).toMatchObject({
      baseUrl: 'https://api.eu.clover.com',
      exports: { region: 'eu' },
    });
    expect(resolveOptions({ ...base, region: 'eu', baseUrl: 'http://127.0.0.1:9/' }).baseUrl).toBe(
      'http://127.0.0.1:9',
    );
    expect(resolveOptions({ ...base, region: 'la' }).exports.region).toBe('us');
    expect(
      resolveOptions({ ...base, region: 'eu', exports: { region: 'sandbox' } }).exports.region,
    ).toBe('sandbox');
  });

  it('accepts 0 and Infinity as "no rate limit" and explicit undefined values', () => {
    expect(resolveOptions({ ...base, rateLimit: 0 }).rateLimit).toBe(0);
    expect(resolveOptions({ ...base, rateLimit: Number.POSITIVE_INFINITY }).rateLimit).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(
      resolveOptions({ ...base, baseUrl: undefined, retry: { budget: undefined } }).retry.budget,
    ).toBe(500);
  });

  it('accepts Infinity as "any Retry-After" and merges partial paging bounds', () => {
    const o = resolveOptions({
      ...base,
      retry: { maxRetryAfterMs: Number.POSITIVE_INFINITY },
      paging: { maxPages: 3 },
    });
    expect(o.retry.maxRetryAfterMs).toBe(Number.POSITIVE_INFINITY);
    expect(o.paging).toEqual({ maxRecordsPerSecond: 100, maxPages: 3 });
  });

  it.each([
    [{ ...base, requestTimeoutMs: 0 }, "option 'requestTimeoutMs'"],
    [{ ...base, requestTimeoutMs: 2 ** 31 }, "option 'requestTimeoutMs'"],
    [{ ...base, maxBodyBytes: 0 }, "option 'maxBodyBytes'"],
    [{ ...base, retry: { maxRetryAfterMs: -1 } }, "option 'retry.maxRetryAfterMs'"],
    [{ ...base, paging: { maxRecordsPerSecond: 0 } }, "option 'paging.maxRecordsPerSecond'"],
    [{ ...base, paging: { maxPages: 0.5 } }, "option 'paging.maxPages'"],
    [{ ...base, paging: { pages: 3 } }, "unknown option 'paging.pages'"],
    [{ ...base, token: '' }, "option 'token'"],
    [{ merchantId: 'M' }, "option 'token'"],
    [{ ...base, concurrency: 0 }, "option 'concurrency'"],
    [{ ...base, concurrency: 2.5 }, "option 'concurrency'"],
    [{ ...base, rateLimit: -1 }, "option 'rateLimit'"],
    [{ ...base, baseUrl: 'ftp://x' }, "option 'baseUrl'"],
    [{ ...base, baseUrl: 'not a url' }, "option 'baseUrl'"],
    [{ ...base, region: 'mars' }, "option 'region'"],
    [{ ...base, retry: { maxAttempts: 0 } }, "option 'retry.maxAttempts'"],
    [{ ...base, retry: { baseDelayMs: 500, maxDelayMs: 100 } }, "option 'retry.maxDelayMs'"],
    [{ ...base, exports: { pollMs: -1 } }, "option 'exports.pollMs'"],
    [{ ...base, exports: { region: 'ca' } }, "option 'exports.region'"],
    [{ ...base, exports: { deadlineMs: 0 } }, "option 'exports.deadlineMs'"],
    [{ ...base, exports: { orphanWaitMs: -1 } }, "option 'exports.orphanWaitMs'"],
    [{ ...base, exports: { maxAmbiguousCreates: 1.5 } }, "option 'exports.maxAmbiguousCreates'"],
    [{ ...base, clock: { now: (): number => 0 } }, "option 'clock'"],
    [{ ...base, random: 0.5 }, "option 'random'"],
    [{ ...base, signal: {} }, "option 'signal'"],
    [{ ...base, dispatcher: {} }, "option 'dispatcher'"],
    [{ ...base, concurency: 3 }, "unknown option 'concurency'"],
    [{ ...base, retry: { attempts: 3 } }, "unknown option 'retry.attempts'"],
  ])('rejects %j naming the option', (o, name) => {
    const e = invalid(o);
    expect(e.code).toBe('INVALID_OPTIONS');
    expect(e.message).toContain(name);
  });
});
