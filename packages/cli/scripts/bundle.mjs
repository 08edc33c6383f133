/**
 * Bundles the `cloverql` executable (src/cli.ts and everything it loads, our packages included)
 * into dist/bundle/ with esbuild, split into chunks at each dynamic import, so a command loads
 * only what it runs. Node then reads a handful of files instead of hundreds: start-up is mostly
 * module resolution and loading (see docs/benchmarks.md, startup). Not bundled: the mock server
 * (express and faker are CommonJS that expects its own layout; it is loaded only for the
 * embedded mock), the undici the client uses, for the same reason, typescript and better-sqlite3
 * (see below).
 *
 * Chevrotain's package entry loads lodash-es as hundreds of modules; its single-file
 * `lib/chevrotain.min.mjs` is the same release. @cloverql/dsl finds that file at run time; in the
 * bundle the module that does so is replaced by a static import of it.
 *
 * The compiler (@cloverql/dsl with chevrotain) is bundled apart, as one CommonJS file
 * (chunks/dsl.cjs) with a V8 code cache made by a run of it (chunks/dsl.cjs.cache; see
 * src/cached-script.ts and scripts/dsl-code-cache.mjs): compiling it, and the functions that build
 * the parser, was the largest part of `cloverql explain`'s start-up. The rest of the bundle
 * imports it through a small module that loads it with the cache; the catalogue stays an ES
 * module of the bundle, which the compiler shares, so `--help` reads it without the compiler.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
// The chevrotain that @cloverql/dsl depends on (dist/index.js -> the package's node_modules).
const dslDir = join(dirname(fileURLToPath(import.meta.resolve('@cloverql/dsl'))), '..');
const chevrotainMin = realpathSync(
  join(dslDir, 'node_modules', 'chevrotain', 'lib', 'chevrotain.min.mjs'),
);

/** Replaces dsl's run-time chevrotain locator with a static import of the single-file build. */
const chevrotainBundle = {
  name: 'chevrotain-min',
  setup(b) {
    b.onLoad({ filter: /[\\/]dsl[\\/]dist[\\/]lexer[\\/]chevrotain-runtime\.js$/ }, () => ({
      contents: `export { createToken, CstParser, EOF, getLookaheadPaths, Lexer, LLkLookaheadStrategy } from ${JSON.stringify(chevrotainMin)};`,
      loader: 'js',
      resolveDir: here,
    }));
    // dist/bundle/ is not beside package.json as dist/version.js is: inline the version.
    b.onLoad({ filter: /[\\/]cli[\\/]src[\\/]version\.ts$/ }, async () => ({
      contents: `export const VERSION = ${JSON.stringify(JSON.parse(await readFile(join(here, '..', 'package.json'), 'utf8')).version)};`,
      loader: 'js',
    }));
  },
};

/** Resolves `@cloverql/dsl` to a module that loads chunks/dsl.cjs with its code cache. */
const DSL_SHIM = 'cloverql-dsl-shim';
const dslNames = Object.keys(await import('@cloverql/dsl')).sort();
const dslShim = {
  name: 'dsl-shim',
  setup(b) {
    b.onResolve({ filter: /^@cloverql\/dsl$/ }, () => ({ path: 'dsl', namespace: DSL_SHIM }));
    b.onLoad({ filter: /.*/, namespace: DSL_SHIM }, () => ({
      contents: `
import * as catalogue from '@cloverql/dsl/catalogue';
import { fileURLToPath } from 'node:url';
import { loadCachedScript } from ${JSON.stringify(join(here, '..', 'src', 'cached-script.ts'))};
const file = fileURLToPath(new URL('./dsl.cjs', import.meta.url));
const dsl = loadCachedScript({
  file,
  cacheFile: file + '.cache',
  modules: { '@cloverql/dsl/catalogue': catalogue },
}).exports;
export const { ${dslNames.join(', ')} } = dsl;
`,
      loader: 'js',
      resolveDir: here,
    }));
  },
};

const outdir = join(here, '..', 'dist', 'bundle');
// Chunk names carry a hash: clear the last build's so the package does not ship stale ones.
await rm(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  // Smaller files parse faster; names are kept so a CLOVERQL_DEBUG stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
};
const { metafile } = await build({
  ...common,
  entryPoints: { cli: join(here, '..', 'src', 'cli.ts') },
  outdir,
  splitting: true,
  format: 'esm',
  // typescript (7 MB): cosmiconfig, which graphile-worker uses to look for its own config file,
  // loads it only for a TypeScript config file; it is an optional peer dependency there, not ours.
  // better-sqlite3: a native module; its loader (bindings) finds the .node file from __filename,
  // which an ES module bundle does not have, so it is loaded from node_modules as installed (a
  // dependency of this package for that reason).
  external: ['@cloverql/mock-server', 'typescript', 'better-sqlite3'],
  plugins: [chevrotainBundle, dslShim],
  metafile: true,
  // CommonJS dependencies (commander, cli-table3…) call require() for node's own modules.
  banner: {
    js: "import { createRequire as __cloverqlCreateRequire } from 'node:module'; const require = __cloverqlCreateRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
});

// The shim finds dsl.cjs beside itself: it must be in a chunk (it is only imported dynamically).
const shimOut = Object.entries(metafile.outputs).find(([, o]) =>
  Object.keys(o.inputs).some((i) => i.startsWith(`${DSL_SHIM}:`)),
)?.[0];
if (!shimOut || relative(outdir, shimOut).split(sep)[0] !== 'chunks') {
  throw new Error(`the dsl shim is in ${shimOut}, not in chunks/: it would not find dsl.cjs`);
}

const dslCjs = join(outdir, 'chunks', 'dsl.cjs');
await build({
  ...common,
  entryPoints: [fileURLToPath(import.meta.resolve('@cloverql/dsl'))],
  outfile: dslCjs,
  format: 'cjs',
  plugins: [
    chevrotainBundle,
    {
      // One catalogue: the bundle's ES module, handed to dsl.cjs as this require().
      name: 'catalogue-external',
      setup(b) {
        b.onResolve({ filter: /[\\/]catalogue[\\/]catalogue\.js$/ }, () => ({
          path: '@cloverql/dsl/catalogue',
          external: true,
        }));
      },
    },
  ],
});

// The code cache is made by a plain `node` (V8 rejects a cache made under other flags).
const { NODE_OPTIONS: _ignored, ...env } = process.env;
const made = spawnSync(process.execPath, [join(here, 'dsl-code-cache.mjs'), dslCjs], {
  env,
  stdio: 'inherit',
});
if (made.status !== 0) throw new Error(`making the code cache of ${dslCjs} failed`);
