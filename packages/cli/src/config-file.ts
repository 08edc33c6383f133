/**
 * The config file: named profiles of connection settings and defaults, in TOML.
 *
 * ```toml
 * [profiles.default]          # used when neither --profile nor CLOVERQL_PROFILE names one
 * token = "…"
 * merchant_id = "MERCHANT00001"
 * region = "us"
 *
 * [profiles.sandbox]
 * base_url = "https://apisandbox.dev.clover.com"
 * token = "…"
 * merchant_id = "SANDBOX0001"
 * format = "csv"
 * tz = "America/New_York"
 * ```
 *
 * Parsing and validation are pure functions over the file's text; reading the file, its
 * permissions and the environment is done by {@link loadProfile} only.
 */

import { REGIONS } from '@cloverql/dsl/catalogue';
import { type CloverRegion, ConfigError } from './config.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output/formats.js';
import { isTimeZone } from './time-zone-name.js';

/** The settings a profile may hold, as written in the file (snake_case) and as used here. */
export const PROFILE_KEYS = {
  token: 'token',
  merchant_id: 'merchantId',
  base_url: 'baseUrl',
  region: 'region',
  format: 'format',
  tz: 'tz',
} as const;

/** One profile's settings; every one optional. */
export interface Profile {
  readonly token?: string;
  readonly merchantId?: string;
  readonly baseUrl?: string;
  readonly region?: CloverRegion;
  readonly format?: OutputFormat;
  readonly tz?: string;
}

/** A parsed config file. */
export interface ConfigFile {
  readonly path: string;
  readonly profiles: Readonly<Record<string, Profile>>;
}

/** The profile in use, and where it came from. */
export interface ChosenProfile {
  readonly name: string;
  readonly path: string;
  readonly profile: Profile;
}

/** The profile used when none is chosen. */
export const DEFAULT_PROFILE = 'default';

type Env = Readonly<Record<string, string | undefined>>;
const set = (v: string | undefined): v is string => v !== undefined && v !== '';

/**
 * Where the config file is: `$CLOVERQL_CONFIG`, else `$XDG_CONFIG_HOME/cloverql/config.toml`
 * (when absolute, as the XDG spec requires), else `$HOME/.config/cloverql/config.toml`.
 * `explicit` says the user named the file, so a missing one is an error.
 *
 * @example configPath({ HOME: '/home/ann' }) // { path: '/home/ann/.config/cloverql/config.toml', explicit: false }
 */
export function configPath(env: Env): { path: string; explicit: boolean } | undefined {
  if (set(env.CLOVERQL_CONFIG)) return { path: env.CLOVERQL_CONFIG, explicit: true };
  const xdg = env.XDG_CONFIG_HOME;
  if (set(xdg) && xdg.startsWith('/')) {
    return { path: `${xdg.replace(/\/+$/, '')}/cloverql/config.toml`, explicit: false };
  }
  if (set(env.HOME)) {
    return {
      path: `${env.HOME.replace(/\/+$/, '')}/.config/cloverql/config.toml`,
      explicit: false,
    };
  }
  return undefined;
}

/**
 * Validates a parsed TOML document as a config file. `source` is the file's text, used only to
 * name the line of a bad setting.
 *
 * @throws ConfigError `path:line: what is wrong`.
 */
export function checkConfig(
  doc: Record<string, unknown>,
  where: { path: string; source: string },
): ConfigFile {
  const fail = (line: number, message: string): never => {
    throw new ConfigError(`${where.path}:${line}: ${message}`);
  };
  for (const key of Object.keys(doc)) {
    if (key !== 'profiles') {
      fail(
        lineOfKey(where.source, null, key),
        `unknown setting '${key}': settings go in [profiles.NAME] tables`,
      );
    }
  }
  const tables = doc.profiles ?? {};
  if (!isTable(tables))
    return fail(
      lineOfKey(where.source, null, 'profiles'),
      "'profiles' must be a table of [profiles.NAME] tables",
    );
  const profiles: Record<string, Profile> = {};
  for (const [name, raw] of Object.entries(tables)) {
    if (!isTable(raw)) {
      return fail(
        lineOfKey(where.source, ['profiles'], name),
        `profile '${name}' must be a table: [profiles.${name}]`,
      );
    }
    const profile: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      const line = () => lineOfKey(where.source, ['profiles', name], key);
      const prop = (PROFILE_KEYS as Record<string, string>)[key];
      if (prop === undefined) {
        fail(
          line(),
          `unknown setting '${key}' in profile '${name}': use ${Object.keys(PROFILE_KEYS).join(', ')}`,
        );
      }
      if (typeof value !== 'string') fail(line(), `${key} must be a quoted string`);
      const problem = checkValue(key, value as string);
      if (problem) fail(line(), `${key} ${problem}`);
      profile[prop as string] = (value as string).trim();
    }
    profiles[name] = profile as Profile;
  }
  return { path: where.path, profiles };
}

function checkValue(key: string, v: string): string | undefined {
  switch (key) {
    case 'token':
      return v.trim() === '' ? 'must not be empty' : undefined;
    case 'merchant_id':
      return /^[A-Za-z0-9]{1,64}$/.test(v.trim())
        ? undefined
        : 'must be a Clover merchant id such as MERCHANT00001';
    case 'base_url':
      return /^https?:\/\/[^\s/]/.test(v.trim()) && URL.canParse(v.trim())
        ? undefined
        : 'must be an http(s) URL such as https://apisandbox.dev.clover.com';
    case 'region':
      return (REGIONS as readonly string[]).includes(v)
        ? undefined
        : `must be one of ${REGIONS.join(', ')}`;
    case 'format':
      return (OUTPUT_FORMATS as readonly string[]).includes(v)
        ? undefined
        : `must be one of ${OUTPUT_FORMATS.join(', ')}`;
    case 'tz':
      return isTimeZone(v) ? undefined : 'must be an IANA time zone such as UTC or Europe/Paris';
    default:
      return undefined;
  }
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * The 1-based line where `key` is set inside the table `table` (null: the top level), found by
 * reading the text line by line; when the form is too unusual to find the key itself (inline
 * tables, dotted keys), the table's header, else the line that defines the table, else 1.
 */
export function lineOfKey(source: string, table: readonly string[] | null, key: string): number {
  const lines = source.split(/\r?\n/);
  const want = table === null ? '' : table.join('.');
  const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, '');
  const headerOf = (l: string) => {
    const m = /^\s*\[\s*([^\]]+?)\s*\]/.exec(l);
    return m ? m[1]!.split('.').map(unquote).join('.') : undefined;
  };
  const keyRe = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`);
  let current = '';
  let header = 0;
  for (const [i, l] of lines.entries()) {
    const h = headerOf(l);
    if (h !== undefined) {
      current = h;
      if (table !== null && h === `${want}.${key}`) return i + 1;
      if (h === want) header = i + 1;
      continue;
    }
    if (current === want && keyRe.test(l)) return i + 1;
  }
  if (header) return header;
  // No header of its own (an inline or dotted table): where its parent sets it.
  return table !== null && table.length > 0
    ? lineOfKey(source, table.length > 1 ? table.slice(0, -1) : null, table.at(-1)!)
    : 1;
}

/**
 * The profile to use: `--profile`, else `CLOVERQL_PROFILE`, else `default` when the file has
 * one; undefined when there is nothing to use.
 *
 * @throws ConfigError when a named profile does not exist.
 */
export function chooseProfile(
  config: ConfigFile | undefined,
  choice: { flag?: string | undefined; env: Env; path?: string | undefined },
): ChosenProfile | undefined {
  const named = set(choice.flag)
    ? choice.flag
    : set(choice.env.CLOVERQL_PROFILE)
      ? choice.env.CLOVERQL_PROFILE
      : undefined;
  const via = set(choice.flag) ? '--profile' : 'CLOVERQL_PROFILE';
  if (named === undefined) {
    const profile = config?.profiles[DEFAULT_PROFILE];
    return config && profile ? { name: DEFAULT_PROFILE, path: config.path, profile } : undefined;
  }
  if (!config) {
    throw new ConfigError(
      `no profile '${named}' (${via}): there is no config file${choice.path ? ` at ${choice.path}` : ''}`,
    );
  }
  const profile = config.profiles[named];
  if (!profile) {
    const known = Object.keys(config.profiles);
    throw new ConfigError(
      `no profile '${named}' (${via}) in ${config.path}; ${known.length ? `it has ${known.join(', ')}` : 'it has no profiles'}`,
    );
  }
  return { name: named, path: config.path, profile };
}

/**
 * Reads the config file named by the environment and picks the profile; warns on `warn` when
 * the file holds a token and others may read it. Undefined when no profile applies.
 *
 * @throws ConfigError for a missing explicit file, bad TOML, bad settings or an unknown profile.
 */
export async function loadProfile(opts: {
  readonly flag?: string | undefined;
  readonly env: Env;
  readonly warn: (line: string) => void;
}): Promise<ChosenProfile | undefined> {
  const where = configPath(opts.env);
  const { readFile, stat } = await import('node:fs/promises');
  let source: string | undefined;
  if (where) {
    try {
      source = await readFile(where.path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (where.explicit || (code !== 'ENOENT' && code !== 'ENOTDIR')) {
        throw new ConfigError(
          `cannot read the config file ${where.path}${where.explicit ? ' (CLOVERQL_CONFIG)' : ''}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
        );
      }
    }
  }
  let config: ConfigFile | undefined;
  if (where && source !== undefined) {
    const { parse, TomlError } = await import('smol-toml');
    let doc: Record<string, unknown>;
    try {
      doc = parse(source) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof TomlError)) throw e;
      // smol-toml's message is several lines with a code excerpt; its first line says what.
      const what = e.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'bad TOML';
      throw new ConfigError(`${where.path}:${e.line}: ${what}`);
    }
    config = checkConfig(doc, { path: where.path, source });
  }
  const chosen = chooseProfile(config, { flag: opts.flag, env: opts.env, path: where?.path });
  if (chosen && where && Object.values(config?.profiles ?? {}).some((p) => p.token !== undefined)) {
    const mode = (await stat(where.path)).mode;
    if (process.platform !== 'win32' && (mode & 0o044) !== 0) {
      opts.warn(
        `cloverql: warning: ${where.path} holds a token and other users can read it; run chmod 600 ${where.path}`,
      );
    }
  }
  return chosen;
}
