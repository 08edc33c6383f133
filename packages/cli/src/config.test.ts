import { describe, expect, it } from 'vitest';
import { ConfigError, parseInstant, parseNumber, resolveTarget } from './config.js';

describe('resolveTarget', () => {
  it('uses the embedded mock when no Clover setting is given', async () => {
    expect(await resolveTarget({}, {})).toEqual({ kind: 'embedded' });
    expect(await resolveTarget({}, { CLOVER_TOKEN: '' })).toEqual({ kind: 'embedded' });
  });
  it('reads the environment, with flags winning', async () => {
    const env = { CLOVER_TOKEN: 't-env', CLOVER_MERCHANT_ID: 'MERCHANT00001', CLOVER_REGION: 'eu' };
    expect(await resolveTarget({}, env)).toEqual({
      kind: 'remote',
      token: 't-env',
      merchantId: 'MERCHANT00001',
      region: 'eu',
    });
    expect(await resolveTarget({ token: 't-flag', baseUrl: 'http://127.0.0.1:9/' }, env)).toEqual({
      kind: 'remote',
      token: 't-flag',
      merchantId: 'MERCHANT00001',
      baseUrl: 'http://127.0.0.1:9',
      region: 'eu',
    });
  });
  it('says what is missing when only part of the credentials is given', async () => {
    await expect(resolveTarget({ token: 'x' }, {})).rejects.toThrow(/CLOVER_MERCHANT_ID/);
    await expect(resolveTarget({ baseUrl: 'http://localhost:1' }, {})).rejects.toThrow(
      /CLOVER_TOKEN \(or --token\) and CLOVER_MERCHANT_ID/,
    );
  });
  it('rejects a bad region, URL or merchant id with the setting named', async () => {
    await expect(
      resolveTarget({ token: 'x', merchantId: 'M', region: 'mars' }, {}),
    ).rejects.toThrow(ConfigError);
    await expect(
      resolveTarget({ token: 'x', merchantId: 'M', region: 'mars' }, {}),
    ).rejects.toThrow(/CLOVER_REGION/);
    await expect(
      resolveTarget({ token: 'x', merchantId: 'M', baseUrl: 'ftp://x' }, {}),
    ).rejects.toThrow(/CLOVER_BASE_URL/);
    await expect(resolveTarget({ token: 'x', merchantId: 'M-1 2' }, {})).rejects.toThrow(
      /CLOVER_MERCHANT_ID/,
    );
  });
});

describe('flag parsers', () => {
  it('parses instants as unix ms or ISO (dates at UTC midnight)', () => {
    expect(parseInstant('1704067200000', '--now')).toBe(1704067200000);
    expect(parseInstant('2024-01-01', '--now')).toBe(Date.UTC(2024, 0, 1));
    expect(parseInstant('2024-01-01T10:00:00+02:00', '--now')).toBe(Date.UTC(2024, 0, 1, 8));
    expect(() => parseInstant('yesterday-ish', '--earliest')).toThrow(/--earliest/);
  });
  it('parses bounded numbers', () => {
    expect(parseNumber('5', { flag: '--concurrency', min: 1, max: 64, integer: true })).toBe(5);
    expect(() =>
      parseNumber('0', { flag: '--concurrency', min: 1, max: 64, integer: true }),
    ).toThrow(/--concurrency/);
    expect(() =>
      parseNumber('1.5', { flag: '--page-size', min: 1, max: 1000, integer: true }),
    ).toThrow(/whole/);
    expect(() => parseNumber('', { flag: '--x', min: 0, max: 1 })).toThrow(ConfigError);
  });
});
