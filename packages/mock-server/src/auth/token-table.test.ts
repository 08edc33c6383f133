import { describe, expect, it } from 'vitest';
import { TokenTable } from './token-table.js';

const merchants = [
  { id: 'M1', token: 'one' },
  { id: 'M2', token: 'two' },
];
const fails = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; details: string };
  }
  throw new Error('expected 401');
};

describe('auth: 401 for every failure, never 403 (docs/mock-server.md)', () => {
  const tokens = new TokenTable(merchants, false);
  const auth = (
    authorization: string | undefined,
    merchantId = 'M1',
    accessTokens: string[] = [],
  ) => tokens.authenticate({ authorization, accessTokens, merchantId });

  it('accepts the bearer token of the merchant in the path', () => {
    expect(auth('Bearer one')).toBe('one');
    expect(auth('bearer   one ')).toBe('one');
  });

  it('401s a missing, malformed or unknown token and another merchant token', () => {
    for (const [header, merchant] of [
      [undefined, 'M1'],
      ['one', 'M1'],
      ['Basic b25lOg==', 'M1'],
      ['Bearer', 'M1'],
      ['Bearer nope', 'M1'],
      ['Bearer two', 'M1'],
      ['Bearer one', 'M9'],
    ] as const) {
      const err = fails(() => auth(header, merchant));
      expect(err.code).toBe('UNAUTHORIZED');
      expect(err.message).toBe('401 Unauthorized');
    }
  });

  it('401s an access_token query parameter unless acceptQueryToken is on', () => {
    expect(fails(() => auth(undefined, 'M1', ['one'])).details).toMatch(/access_token/);
    expect(fails(() => auth('Bearer one', 'M1', ['one'])).code).toBe('UNAUTHORIZED');
    const old = new TokenTable(merchants, true);
    expect(
      old.authenticate({ authorization: undefined, accessTokens: ['one'], merchantId: 'M1' }),
    ).toBe('one');
    expect(
      fails(() =>
        old.authenticate({ authorization: undefined, accessTokens: ['two'], merchantId: 'M1' }),
      ).code,
    ).toBe('UNAUTHORIZED');
    expect(
      fails(() =>
        old.authenticate({
          authorization: undefined,
          accessTokens: ['one', 'one'],
          merchantId: 'M1',
        }),
      ).code,
    ).toBe('UNAUTHORIZED');
  });
});
