import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { profileLines } from './repl/repl.js';
import { fakeIo } from './test-io.js';

const NOW = '2024-06-01T00:00:00Z';
const CONFIG = `
[profiles.default]
base_url = "https://default.example"
token = "default-token-0001"
merchant_id = "DEFAULTM1"
tz = "America/New_York"

[profiles.shop]
base_url = "https://shop.example"
token = "shop-token-0002"
merchant_id = "SHOPM1"
format = "csv"
`;

async function configFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cloverql-profile-'));
  const path = join(dir, 'config.toml');
  await writeFile(path, text);
  await chmod(path, 0o600);
  return path;
}

/** The base URL and merchant of the first curl line, and the first window's start. */
async function explainCurl(argv: string[], env: Record<string, string>) {
  const io = fakeIo({ env });
  const code = await main(
    ['explain', 'payments where createdTime >= 2024-05-01', '--now', NOW, '--curl', ...argv],
    io,
  );
  const url = /curl -sS -G "([^"]+)\/v3\/merchants\/([^/]+)\//.exec(io.out());
  const start = /\[(\S+Z),/.exec(io.out());
  return { code, baseUrl: url?.[1], merchant: url?.[2], start: start?.[1], err: io.err() };
}

describe('config profiles in the CLI', () => {
  it('uses the default profile when none is chosen, its tz included', async () => {
    const r = await explainCurl([], { CLOVERQL_CONFIG: await configFile(CONFIG) });
    expect(r).toMatchObject({
      code: 0,
      baseUrl: 'https://default.example',
      merchant: 'DEFAULTM1',
      // Midnight in New York, not UTC.
      start: '2024-05-01T04:00:00.000Z',
      err: '',
    });
  });

  it('takes --profile over CLOVERQL_PROFILE, and each over the default', async () => {
    const config = await configFile(CONFIG);
    const viaEnv = await explainCurl([], { CLOVERQL_CONFIG: config, CLOVERQL_PROFILE: 'shop' });
    expect([viaEnv.baseUrl, viaEnv.merchant, viaEnv.start]).toEqual([
      'https://shop.example',
      'SHOPM1',
      '2024-05-01T00:00:00.000Z',
    ]);
    const viaFlag = await explainCurl(['--profile', 'default'], {
      CLOVERQL_CONFIG: config,
      CLOVERQL_PROFILE: 'shop',
    });
    expect(viaFlag.merchant).toBe('DEFAULTM1');
  });

  it('orders flags > env > profile > defaults, setting by setting', async () => {
    const config = await configFile(CONFIG);
    // The environment replaces the profile's merchant and keeps its base URL.
    const env = await explainCurl([], { CLOVERQL_CONFIG: config, CLOVER_MERCHANT_ID: 'ENVM1' });
    expect([env.baseUrl, env.merchant]).toEqual(['https://default.example', 'ENVM1']);
    // A flag beats both; --tz beats the profile's tz.
    const flag = await explainCurl(['--merchant-id', 'FLAGM1', '--tz', 'UTC'], {
      CLOVERQL_CONFIG: config,
      CLOVER_MERCHANT_ID: 'ENVM1',
    });
    expect([flag.baseUrl, flag.merchant, flag.start]).toEqual([
      'https://default.example',
      'FLAGM1',
      '2024-05-01T00:00:00.000Z',
    ]);
  });

  it('exits 2 with one line naming the file for an unknown profile or a bad file', async () => {
    const config = await configFile(CONFIG);
    const unknown = await explainCurl(['--profile', 'shp'], { CLOVERQL_CONFIG: config });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(
      `cloverql: no profile 'shp' (--profile) in ${config}; it has default, shop\n`,
    );
    const bad = await configFile(
      '[profiles.default]\ntoken = "t"\nmerchant_id = "M1"\ncolor = "red"\n',
    );
    const r = await explainCurl([], { CLOVERQL_CONFIG: bad });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `cloverql: ${bad}:4: unknown setting 'color' in profile 'default': use token, merchant_id, base_url, region, format, tz\n`,
    );
    const toml = await configFile('[profiles.default\n');
    const t = await explainCurl([], { CLOVERQL_CONFIG: toml });
    expect(t.code).toBe(2);
    expect(t.err).toMatch(new RegExp(`^cloverql: ${toml}:1: [^\\n]+\\n$`));
  });

  it('warns on stderr when the file holding a token is readable by others', async () => {
    const config = await configFile(CONFIG);
    await chmod(config, 0o644);
    const r = await explainCurl([], { CLOVERQL_CONFIG: config });
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `cloverql: warning: ${config} holds a token and other users can read it; run chmod 600 ${config}\n`,
    );
  });

  it('gives the REPL its format, and .profile shows the profile with the token masked', async () => {
    const io = fakeIo({
      env: { CLOVERQL_CONFIG: await configFile(CONFIG), CLOVERQL_PROFILE: 'shop' },
    });
    io.stdin.end('.format\n.profile\n');
    expect(await main(['repl', '--now', NOW], io)).toBe(0);
    expect(io.out()).toContain('format: csv');
    expect(io.out()).toContain(`profile: shop (${io.env.CLOVERQL_CONFIG})`);
    expect(io.out()).toContain('target: https://shop.example, merchant SHOPM1, token ****0002');
    expect(io.out()).not.toContain('shop-token');
  });
});

describe('.profile lines', () => {
  const session = {
    token: 'test-token',
    merchantId: 'MERCHANT00001',
    exportRegion: 'sandbox' as const,
    close: async () => {},
  };
  it('names the embedded mock, and no profile when none applies', () => {
    expect(
      profileLines({ session: { ...session, baseUrl: 'http://127.0.0.1:5', embedded: true } }),
    ).toEqual([
      'profile: none (flags and CLOVER_* variables only)',
      'target: the embedded mock Clover at http://127.0.0.1:5',
    ]);
  });
  it('names the region when there is no base URL, and hides a short token whole', () => {
    expect(
      profileLines({
        session: { ...session, region: 'eu', embedded: false },
        profile: { name: 'eu', path: '/c.toml' },
      }),
    ).toEqual([
      'profile: eu (/c.toml)',
      'target: Clover region eu, merchant MERCHANT00001, token ****',
    ]);
  });
});
