/**
 * Start-up benchmark: how long a person waits for `cloverql --help`, `cloverql explain`, the
 * REPL's first prompt and the import of each package, each as a process of its own, against
 * `node -e 0` measured in the same interleaved rounds; and each package's install size (its
 * packed tarball, and the files of its production dependency closure).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type BenchFigure, type BenchSuite, interleave, pairedFigure } from '../harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/cloverql.js');
const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 9);
const PACKAGES = ['dsl', 'client', 'mock-server', 'cli'] as const;
const PROMPT = 'cloverql> ';
const BASELINE = 'node -e 0';
/** A HOME that does not exist: no config file, no history. */
const NO_HOME = join(tmpdir(), 'cloverql-bench-no-home');

/**
 * Milliseconds from spawning `node args` to its exit, or, with `until`, to the first time its
 * stdout contains that text (then the process is killed). Environment: this one plus `env`, with
 * no CLOVER_* or config file, so the run never depends on the machine's settings.
 */
function timeProcess(
  args: readonly string[],
  opts: { until?: string; env?: Record<string, string> } = {},
) {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('CLOVER_') || k.startsWith('CLOVERQL_') || k === 'XDG_CONFIG_HOME') {
      delete env[k];
    }
  }
  Object.assign(env, { HOME: NO_HOME, CLOVERQL_HISTORY: 'off' }, opts.env);
  return new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let seen: number | undefined;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (opts.until !== undefined && seen === undefined && out.includes(opts.until)) {
        seen = performance.now() - t0;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const t = performance.now() - t0;
      if (opts.until !== undefined) {
        if (seen !== undefined) resolve(seen);
        else
          reject(
            new Error(
              `node ${args.join(' ')} exited (${code}) before printing ${JSON.stringify(opts.until)}: ${err}`,
            ),
          );
      } else if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited ${code}: ${err}`));
      } else resolve(t);
    });
  });
}

async function startupFigure(f: {
  name: string;
  args: readonly string[];
  until?: string;
  env?: Record<string, string>;
  note?: string;
}): Promise<BenchFigure> {
  const a = () =>
    timeProcess(f.args, {
      ...(f.until ? { until: f.until } : {}),
      ...(f.env ? { env: f.env } : {}),
    });
  const b = () => timeProcess(['-e', '0']);
  await a();
  await b();
  const r = await interleave({ a, b, rounds: ROUNDS });
  return pairedFigure({
    name: f.name,
    unit: 'ms',
    a: r.a,
    baselineName: BASELINE,
    b: r.b,
    ...(f.note ? { note: f.note } : {}),
  });
}

/** Bytes of the files under `dir`, skipping `node_modules`. */
async function treeBytes(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = await treeBytes(p);
      bytes += sub.bytes;
      files += sub.files;
    } else if (e.isFile()) {
      bytes += (await stat(p)).size;
      files++;
    }
  }
  return { bytes, files };
}

/** `pnpm pack` of a workspace package into a temp dir; the tarball's path. */
function pack(pkgDir: string, dest: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['pack', '--pack-destination', dest], {
      cwd: pkgDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const tgz = out.trim().split('\n').at(-1)?.trim();
      if (code === 0 && tgz?.endsWith('.tgz')) resolve(tgz);
      else reject(new Error(`pnpm pack in ${pkgDir} failed (${code}): ${out}`));
    });
  });
}

/**
 * The production dependency closure of a package as installed in this workspace: every package
 * reached through `dependencies` and `optionalDependencies`, each counted once, by the files of
 * its directory (the workspace's own packages by the files they publish: see `published`).
 */
async function closure(
  pkgDir: string,
  published: (dir: string) => Promise<{ bytes: number; files: number } | undefined>,
): Promise<{ packages: number; bytes: number; files: number }> {
  const seen = new Set<string>();
  let bytes = 0;
  let files = 0;
  const visit = async (dir: string) => {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const size = (await published(real)) ?? (await treeBytes(real));
    bytes += size.bytes;
    files += size.files;
    const manifest = JSON.parse(await readFile(join(real, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const name of Object.keys(deps)) {
      const found = await resolvePackageDir(real, name);
      if (found) await visit(found);
      else if (!(name in (manifest.optionalDependencies ?? {}))) {
        throw new Error(`${name} (a dependency of ${real}) is not installed`);
      }
    }
  };
  await visit(pkgDir);
  return { packages: seen.size - 1, bytes, files };
}

/** Where node would find package `name` from `dir`: the nearest node_modules/name upwards. */
async function resolvePackageDir(dir: string, name: string): Promise<string | undefined> {
  for (let d = dir; ; ) {
    const candidate = join(d, 'node_modules', name);
    try {
      await stat(join(candidate, 'package.json'));
      return candidate;
    } catch {
      const up = join(d, '..');
      if (up === d) return undefined;
      d = up;
    }
  }
}

async function installSizes(): Promise<BenchFigure[]> {
  const dest = await mkdtemp(join(tmpdir(), 'cloverql-pack-'));
  try {
    const tarballs = new Map<string, number>();
    const figures: BenchFigure[] = [];
    for (const p of PACKAGES) {
      const tgz = await pack(join(ROOT, 'packages', p), dest);
      tarballs.set(p, (await stat(tgz)).size);
    }
    const workspace = new Map(
      await Promise.all(
        PACKAGES.map(async (p) => [await realpath(join(ROOT, 'packages', p)), p] as const),
      ),
    );
    // A workspace package is counted by what it publishes: package.json and its `files`.
    const published = async (dir: string) => {
      if (!workspace.has(dir)) return undefined;
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        files?: string[];
      };
      let bytes = (await stat(join(dir, 'package.json'))).size;
      let files = 1;
      for (const f of manifest.files ?? []) {
        const p = join(dir, f);
        const s = await stat(p);
        const t = s.isDirectory() ? await treeBytes(p) : { bytes: s.size, files: 1 };
        bytes += t.bytes;
        files += t.files;
      }
      return { bytes, files };
    };
    for (const p of PACKAGES) {
      figures.push({
        name: `@cloverql/${p}: packed tarball`,
        value: tarballs.get(p)! / 1024,
        unit: 'KiB',
      });
      const c = await closure(join(ROOT, 'packages', p), published);
      figures.push({
        name: `@cloverql/${p}: installed with its production dependencies`,
        value: c.bytes / 1024 / 1024,
        unit: 'MiB',
        note: `${c.packages} packages, ${c.files.toLocaleString('en-US')} files`,
      });
    }
    return figures;
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
}

export const startupSuite: BenchSuite = {
  name: 'startup',
  description:
    'How long a person waits: each command runs as a process of its own, from spawn to exit (or to the REPL prompt on stdout), in ' +
    `${ROUNDS} interleaved rounds against \`${BASELINE}\` after one warm-up each; median [min–max] and the per-round ratio. ` +
    'No CLOVER_* variables or config file are set, so `explain` and `--help` never start the mock; the embedded-mock REPL includes starting the mock and generating its data, the other REPL row has CLOVER_* set (no request is made before the first query). ' +
    'Install sizes: `pnpm pack` of each package, and the bytes of the files of its production dependency closure as installed here (each package once; workspace packages by the files they publish).',
  async run() {
    const figures: BenchFigure[] = [];
    figures.push(await startupFigure({ name: 'cloverql --help', args: [BIN, '--help'] }));
    figures.push(
      await startupFigure({
        name: 'cloverql explain',
        args: [BIN, 'explain', 'payments where createdTime >= 2024-01-01 and amount > $10'],
      }),
    );
    figures.push(
      await startupFigure({
        name: 'cloverql repl: first prompt (CLOVER_* set)',
        args: [BIN, 'repl'],
        until: PROMPT,
        env: {
          CLOVERQL_REPL_TERMINAL: '1',
          CLOVER_TOKEN: 'bench-token',
          CLOVER_MERCHANT_ID: 'MERCHANT00001',
          CLOVER_BASE_URL: 'http://127.0.0.1:9',
        },
      }),
    );
    figures.push(
      await startupFigure({
        name: 'cloverql repl: first prompt (embedded mock)',
        args: [BIN, 'repl'],
        until: PROMPT,
        env: { CLOVERQL_REPL_TERMINAL: '1' },
        note: 'starts the mock and generates its data',
      }),
    );
    for (const p of PACKAGES) {
      figures.push(
        await startupFigure({
          name: `import @cloverql/${p}`,
          args: ['--input-type=module', '-e', `await import('@cloverql/${p}')`],
        }),
      );
    }
    figures.push(...(await installSizes()));
    return figures;
  },
};
