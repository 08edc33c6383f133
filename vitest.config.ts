import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import the workspace packages from source so a unit test never runs against a stale
// dist/; only the CLI tests spawn the built binary (the root `test` script builds first).
export default defineConfig({
  resolve: {
    alias: {
      // A subpath export first: the package alias below would otherwise swallow it.
      '@cloverql/dsl/catalogue': fileURLToPath(
        new URL('./packages/dsl/src/catalogue/catalogue.ts', import.meta.url),
      ),
      // Before '@cloverql/mock-server', which would otherwise take this subpath as its prefix.
      '@cloverql/mock-server/vitest': fileURLToPath(
        new URL('./packages/mock-server/src/vitest.ts', import.meta.url),
      ),
      '@cloverql/dsl': src('dsl'),
      '@cloverql/mock-server': src('mock-server'),
      '@cloverql/client': src('client'),
      '@cloverql/sync': src('sync'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // CLOVERQL_LONG=1 multiplies the runs of the property and chaos tests (20,000 fast-path
    // queries take over a minute), so each test gets 30 minutes instead of 30 seconds.
    testTimeout: process.env.CLOVERQL_LONG ? 1_800_000 : 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
