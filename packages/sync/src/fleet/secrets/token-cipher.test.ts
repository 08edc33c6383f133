import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FleetError } from '../fleet-error.js';
import { decryptToken, encryptToken, parseFleetKey } from './token-cipher.js';

const key = randomBytes(32);

describe('token cipher', () => {
  it('round-trips a token, with a fresh IV each time and no token text in the stored value', () => {
    const a = encryptToken('tok-secret', key, 'M1');
    const b = encryptToken('tok-secret', key, 'M1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('tok-secret');
    expect(decryptToken(a, key, 'M1')).toBe('tok-secret');
  });

  it.each([
    ['another key', (s: string) => decryptToken(s, randomBytes(32), 'M1')],
    ['another merchant', (s: string) => decryptToken(s, key, 'M2')],
    ['a damaged value', (s: string) => decryptToken(`${s.slice(0, -4)}AAAA`, key, 'M1')],
    ['no version prefix', (s: string) => decryptToken(s.slice(3), key, 'M1')],
    ['a truncated value', () => decryptToken('v1:AAAA', key, 'M1')],
  ])('refuses %s with DECRYPT', (_, f) => {
    const stored = encryptToken('tok-secret', key, 'M1');
    let e: unknown;
    try {
      f(stored);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(FleetError);
    expect((e as FleetError).code).toBe('DECRYPT');
    expect((e as FleetError).message).not.toContain('tok-secret');
  });

  it('reads a key as 64 hex digits or base64 of 32 bytes, and names what is wrong otherwise', () => {
    expect(parseFleetKey(key.toString('hex'))).toEqual(key);
    expect(parseFleetKey(` ${key.toString('base64')}\n`)).toEqual(key);
    const code = (v: string | undefined) => {
      try {
        parseFleetKey(v);
      } catch (e) {
        return (e as FleetError).code;
      }
      return 'ok';
    };
    expect(code(undefined)).toBe('NO_KEY');
    expect(code('  ')).toBe('NO_KEY');
    expect(code(randomBytes(16).toString('base64'))).toBe('BAD_KEY');
    expect(code('not a key at all')).toBe('BAD_KEY');
  });
});
