/**
 * Bundles the `cloverql` executable (src/cli.ts and everything it loads, our packages included)
 * into dist/bundle/ with esbuild, split into chunks at each dynamic import, so a command loads
 * only what it runs. Node then reads a handful of files instead of hundreds: start-up is mostly
 * module resolution and loading (see docs/benchmarks.md, startup). Not bundled: the mock server
 * (express and faker are CommonJS that expects its own layout; it is loaded only for the
 * embedded mock), and the undici the client uses, for the same reason.
 *
 * Chevrotain's package entry loads lodash-es as hundreds of modules; its single-file
 * `lib/chevrotain.min.mjs` is the same release. @cloverql/dsl finds that file at run time; in the
 * bundle the module that does so is replaced by a static import of it.
 */
import { realpathSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
      contents: `export { createToken, CstParser, EOF, Lexer } from ${JSON.stringify(chevrotainMin)};`,
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

const outdir = join(here, '..', 'dist', 'bundle');
// Chunk names carry a hash: clear the last build's so the package does not ship stale ones.
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: join(here, '..', 'src', 'cli.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['@cloverql/mock-server'],
  plugins: [chevrotainBundle],
  // CommonJS dependencies (commander, cli-table3…) call require() for node's own modules.
  banner: {
    js: "import { createRequire as __cloverqlCreateRequire } from 'node:module'; const require = __cloverqlCreateRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  // Smaller files parse faster; names are kept so a CLOVERQL_DEBUG stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
});
