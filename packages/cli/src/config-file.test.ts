import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { checkConfig, chooseProfile, configPath, lineOfKey, loadProfile } from './config-file.js';

const check = (source: string) =>
  checkConfig(parse(source) as Record<string, unknown>, { path: '/c.toml', source });

describe('configPath', () => {
  it('takes CLOVERQL_CONFIG, else an absolute XDG_CONFIG_HOME, else HOME/.config', () => {
    expect(configPath({ CLOVERQL_CONFIG: '/x.toml', XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toEqual(
      { path: '/x.toml', explicit: true },
    );
    expect(configPath({ XDG_CONFIG_HOME: '/xdg/', HOME: '/h' })).toEqual({
      path: '/xdg/cloverql/config.toml',
      explicit: false,
    });
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored; empty variables are unset.
    expect(configPath({ XDG_CONFIG_HOME: 'rel', CLOVERQL_CONFIG: '', HOME: '/h' })).toEqual({
      path: '/h/.config/cloverql/config.toml',
      explicit: false,
    });
    expect(configPath({})).toBeUndefined();
  });
});

describe('checkConfig', () => {
  it('reads profiles with snake_case settings', () => {
    const c = check(
      '[profiles.default]\ntoken = "t"\nmerchant_id = "M1"\n\n[profiles.eu]\nregion = "eu"\nformat = "csv"\ntz = "Europe/Paris"\nbase_url = "https://eu.clover.com"\n',
    );
    expect(c.profiles).toEqual({
      default: { token: 't', merchantId: 'M1' },
      eu: { region: 'eu', format: 'csv', tz: 'Europe/Paris', baseUrl: 'https://eu.clover.com' },
    });
    expect(check('').profiles).toEqual({});
  });
  it('names the file and line of an unknown setting', () => {
    const source = '[profiles.a]\ntoken = "t"\n\n[profiles.b]\nregion = "us"\nmerchant = "M1"\n';
    expect(() => check(source)).toThrow(
      "/c.toml:6: unknown setting 'merchant' in profile 'b': use token, merchant_id, base_url, region, format, tz",
    );
    expect(() => check('region = "us"\n')).toThrow(
      "/c.toml:1: unknown setting 'region': settings go in [profiles.NAME] tables",
    );
    expect(() => check('[profiles]\nx = 1\n')).toThrow(
      "/c.toml:2: profile 'x' must be a table: [profiles.x]",
    );
  });
  it('names the line of a bad value', () => {
    expect(() => check('[profiles.a]\n\nregion = "mars"\n')).toThrow(
      '/c.toml:3: region must be one of us, ca, eu, la, sandbox',
    );
    expect(() => check('[profiles.a]\nformat = "xml"\n')).toThrow(/^\/c\.toml:2: format must be/);
    expect(() => check('[profiles.a]\ntz = "Mars/Base"\n')).toThrow(/:2: tz must be an IANA/);
    expect(() => check('[profiles.a]\nbase_url = "ftp://x"\n')).toThrow(/:2: base_url must be/);
    expect(() => check('[profiles.a]\nmerchant_id = "M 1"\n')).toThrow(/:2: merchant_id must/);
    expect(() => check('[profiles.a]\ntoken = ""\n')).toThrow(/:2: token must not be empty/);
    expect(() => check('[profiles.a]\ntoken = 12\n')).toThrow(/:2: token must be a quoted string/);
    expect(() => check('[profiles.a]\ntoken = "t"\n')).not.toThrow();
  });
});

describe('lineOfKey', () => {
  it('finds a key in its table even when another table has it too', () => {
    const s = '[profiles.a]\nregion = "x"\n[ profiles . "b" ]\n  "region" = "y"\n';
    expect(lineOfKey(s, ['profiles', 'a'], 'region')).toBe(2);
    expect(lineOfKey(s, ['profiles', 'b'], 'region')).toBe(4);
    // A form it cannot follow (an inline table): the line that defines the table, else line 1.
    expect(lineOfKey('\n[profiles]\nc = { region = "z" }\n', ['profiles', 'c'], 'region')).toBe(3);
    expect(lineOfKey('[profiles.c]\nx.region = 1', ['profiles', 'c'], 'region')).toBe(1);
    expect(lineOfKey('x = 1', ['profiles', 'c'], 'region')).toBe(1);
  });
});

describe('chooseProfile', () => {
  const config = check('[profiles.default]\ntoken = "d"\n[profiles.shop]\ntoken = "s"\n');
  it('takes --profile over CLOVERQL_PROFILE over default', () => {
    const env = { CLOVERQL_PROFILE: 'shop' };
    expect(chooseProfile(config, { flag: 'default', env })?.profile.token).toBe('d');
    expect(chooseProfile(config, { env })?.name).toBe('shop');
    expect(chooseProfile(config, { env: {} })?.name).toBe('default');
    expect(chooseProfile(check('[profiles.x]\n'), { env: {} })).toBeUndefined();
    expect(chooseProfile(undefined, { env: {} })).toBeUndefined();
  });
  it('rejects an unknown profile, naming the file and the profiles it has', () => {
    expect(() => chooseProfile(config, { flag: 'shp', env: {} })).toThrow(
      "no profile 'shp' (--profile) in /c.toml; it has default, shop",
    );
    expect(() =>
      chooseProfile(undefined, { env: { CLOVERQL_PROFILE: 'x' }, path: '/h.toml' }),
    ).toThrow("no profile 'x' (CLOVERQL_PROFILE): there is no config file at /h.toml");
  });
});

describe('loadProfile', () => {
  const file = async (text: string, mode = 0o600) => {
    const dir = await mkdtemp(join(tmpdir(), 'cloverql-config-'));
    const path = join(dir, 'config.toml');
    await writeFile(path, text);
    await chmod(path, mode);
    return path;
  };
  const load = async (env: Record<string, string>, flag?: string) => {
    const warnings: string[] = [];
    const p = await loadProfile({ flag, env, warn: (l) => warnings.push(l) });
    return { p, warnings };
  };

  it('reads the file under XDG_CONFIG_HOME and is quiet about a private file', async () => {
    const path = await file('[profiles.default]\ntoken = "t"\n');
    const xdg = join(path, '..', '..');
    const { mkdir, rename } = await import('node:fs/promises');
    await mkdir(join(xdg, 'cloverql'), { recursive: true });
    await rename(path, join(xdg, 'cloverql', 'config.toml'));
    const { p, warnings } = await load({ XDG_CONFIG_HOME: xdg });
    expect(p).toEqual({
      name: 'default',
      path: join(xdg, 'cloverql', 'config.toml'),
      profile: { token: 't' },
    });
    expect(warnings).toEqual([]);
  });
  it('warns when a file with a token can be read by others', async () => {
    const path = await file('[profiles.default]\ntoken = "t"\n', 0o644);
    const { warnings } = await load({ CLOVERQL_CONFIG: path });
    expect(warnings).toEqual([
      `cloverql: warning: ${path} holds a token and other users can read it; run chmod 600 ${path}`,
    ]);
    const noToken = await file('[profiles.default]\nregion = "eu"\n', 0o644);
    expect((await load({ CLOVERQL_CONFIG: noToken })).warnings).toEqual([]);
  });
  it('is nothing when the default file is missing, an error when CLOVERQL_CONFIG is', async () => {
    expect((await load({ HOME: '/nonexistent-home' })).p).toBeUndefined();
    await expect(load({ CLOVERQL_CONFIG: '/nonexistent/c.toml' })).rejects.toThrow(
      'cannot read the config file /nonexistent/c.toml (CLOVERQL_CONFIG): no such file',
    );
  });
  it('reports bad TOML in one line with the file and line', async () => {
    const path = await file('[profiles.a]\ntoken = "t"\nregion = us\n');
    const err = await load({ CLOVERQL_CONFIG: path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`${path}:3: invalid value`);
  });
});
