/**
 * Runs examples/vitest-integration the way a user would: packs @cloverql/dsl, client and
 * mock-server (`pnpm pack`, so only what the packages publish is there), copies the example to
 * a temporary directory outside the workspace, installs the tarballs and vitest with npm (which
 * ships with Node, so nothing global is needed), and runs its tests. Needs `pnpm build` first
 * (the root `example` script does it). Exit code: the example's.
 *
 * @example pnpm example
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['dsl', 'client', 'mock-server'];
/** Each step is bounded: a hung registry or test fails the run instead of stalling CI. */
const STEP_TIMEOUT_MS = 10 * 60_000;

/**
 * The environment of the steps, without the `npm_config_*` variables pnpm sets for the scripts
 * it runs: npm would read them as its own configuration (and warn about the ones it does not know).
 */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')),
);

/** Runs one step; its output is shown unless `quiet` (pnpm pack lists every file it packs). */
function run(command: readonly string[], o: { cwd: string; quiet?: boolean }): void {
  const [cmd, ...args] = command as [string, ...string[]];
  process.stdout.write(`$ ${command.join(' ')}\n`);
  execFileSync(cmd, args, {
    cwd: o.cwd,
    env,
    stdio: o.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    timeout: STEP_TIMEOUT_MS,
  });
}

/** The pnpm that runs this script (npm_execpath, a JS file run by node), else pnpm on the PATH. */
function pnpmCommand(): string[] {
  const execPath = process.env.npm_execpath;
  if (execPath?.includes('pnpm')) {
    return /\.c?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  return ['pnpm'];
}

const work = mkdtempSync(join(tmpdir(), 'cloverql-example-'));
let ok = false;
try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  // pnpm pack rewrites workspace:* dependencies to the packages' versions.
  for (const pkg of PACKAGES) {
    run([...pnpmCommand(), 'pack', '--pack-destination', tarballs], {
      cwd: join(root, 'packages', pkg),
      quiet: true,
    });
  }
  const project = join(work, 'project');
  cpSync(join(root, 'examples', 'vitest-integration'), project, {
    recursive: true,
    filter: (src) => !src.includes('node_modules'),
  });
  const packed = readdirSync(tarballs).map((f) => join(tarballs, f));
  run(['npm', 'install', '--no-audit', '--no-fund', '--save-dev', ...packed], { cwd: project });
  run(['npm', 'test'], { cwd: project });
  ok = true;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
