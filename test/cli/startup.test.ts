/**
 * What the built `cloverql` loads at start-up (docs/benchmarks.md, startup): `--help` must not
 * load the compiler, and the compiler's V8 code cache must be one this Node accepts.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../packages/cli/', import.meta.url));

/** Records each ES module node loads (its URL on stderr), without changing what it loads. */
const HOOKS = `data:text/javascript,${encodeURIComponent(
  "export async function load(url, ctx, next) { if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, ctx); }",
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`,
)}`;

/** A plain environment: no NODE_OPTIONS (V8 rejects a code cache made under other flags). */
const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', CLOVERQL_HISTORY: 'off' };

async function loadedSources(args: readonly string[]): Promise<string[]> {
  const { stderr } = await run(process.execPath, ['--import', REGISTER, BIN, ...args], { env });
  const urls = [...stderr.matchAll(/^LOADED (.+)$/gm)].map((m) => m[1]!);
  expect(urls.length).toBeGreaterThan(1);
  return Promise.all(urls.map((u) => readFile(new URL(u), 'utf8')));
}

describe('cloverql start-up', () => {
  it('--help loads neither the compiler nor chevrotain; explain loads the compiler', async () => {
    const help = await loadedSources(['--help']);
    expect(help.filter((s) => s.includes('loadCachedScript'))).toEqual([]);
    expect(help.filter((s) => s.includes('performSelfAnalysis'))).toEqual([]);
    const explain = await loadedSources(['explain', 'payments where amount > $10']);
    expect(explain.some((s) => s.includes('loadCachedScript'))).toBe(true);
  });

  it('ships a code cache of the compiler that this Node accepts', async () => {
    const script = `
      import * as catalogue from '@cloverql/dsl/catalogue';
      import { loadCachedScript } from './dist/cached-script.js';
      const file = ${JSON.stringify(`${CLI}dist/bundle/chunks/dsl.cjs`)};
      const r = loadCachedScript({ file, cacheFile: file + '.cache', modules: { '@cloverql/dsl/catalogue': catalogue } });
      process.stdout.write(JSON.stringify({ used: r.cacheUsed, compile: typeof r.exports.compile }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: CLI,
      env,
    });
    expect(JSON.parse(stdout)).toEqual({ used: true, compile: 'function' });
  });
});
