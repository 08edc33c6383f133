/**
 * The built `cloverql` binary, spawned as a user would run it (issue #4): each command, each
 * output format, each exit code, and the embedded mock when no credentials are given.
 * The root `pnpm test` builds first, so this runs against the current code.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startMockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasRawControl } from '../../packages/cli/src/output/test-control.js';
import { runCli, startCli } from './run-cli.js';

// A test here spawns the real binary up to three times; each start takes seconds on a loaded
// 2-core machine (over 10 s pinned to one core with other suites running), so the bound is wide.
// It is a limit on a hung test, not a wait: every test waits for the event it needs.
vi.setConfig({ testTimeout: 120_000 });

const RECENT = 'payments where createdTime >= today - 20d';

describe('cloverql with no credentials: the embedded mock', () => {
  it('query prints ndjson records and says it uses the embedded mock, exit 0', async () => {
    const r = await runCli(['query', `${RECENT} limit 5`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/using the embedded mock Clover at http:\/\/127\.0\.0\.1:\d+/);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('id');
    expect(r.stderr).toMatch(/cloverql: 5 payments in [\d.]+ s/);
  });

  it('writes every format: json, csv, table', async () => {
    const json = await runCli(['query', `${RECENT} limit 3`, '--format', 'json', '-q']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toHaveLength(3);
    const csv = await runCli(['query', `${RECENT} limit 3`, '--format', 'csv', '-q']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]!.startsWith('id,createdTime,')).toBe(true);
    const table = await runCli(['query', `${RECENT} limit 3`, '--format', 'table', '-q']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('│ id ');
    expect(table.stdout).toMatch(/\$\d+\.\d\d/);
  });

  it('export pulls the same records as the REST query over the same range', async () => {
    const range = 'createdTime >= today - 10d and createdTime < today';
    const rest = await runCli(['query', `payments where ${range}`, '-q']);
    const exp = await runCli(['export', `payments where ${range}`, '-q']);
    expect(exp.code).toBe(0);
    const ids = (s: string) =>
      s
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .sort();
    expect(ids(exp.stdout).length).toBeGreaterThan(0);
    expect(ids(exp.stdout)).toEqual(ids(rest.stdout));
  });

  it('explain needs no server and prints the plan', async () => {
    const r = await runCli([
      'explain',
      'orders where createdTime >= 2024-01-01 and total > $10',
      '--now',
      '2024-06-01',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('orders via REST');
    expect(r.stdout).toContain('state IS NULL');
    expect(r.stderr).toBe('');
  });

  it('--out writes the whole file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cloverql-')), 'out.ndjson');
    const r = await runCli(['query', `${RECENT} limit 4`, '--out', file, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  // The bundle once carried better-sqlite3's loader, which reads __filename: every sync into
  // SQLite from the built binary failed to open its file, while the in-process tests passed.
  it('sync copies into a SQLite file and sync status reads it back', async () => {
    const db = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cloverql-')), 'copy.db')}`;
    const r = await runCli(['sync', '--db', db, '--since', 'today - 20d', '--json']);
    expect(r.stderr).not.toMatch(/cannot open|internal error/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { resources: Record<string, { inserted: number }> };
    expect(summary.resources.payments?.inserted).toBeGreaterThan(0);
    const status = await runCli(['sync', 'status', '--db', db]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/payments/);
  });
});

// A fake Clover on 127.0.0.1 whose answer each test picks with `mode`.
let server: Server;
let url: string;
let mode: 'bad-request' | 'hang' | 'hostile-records' | 'hostile-error' = 'bad-request';
let requests = 0;
// Resolvers waiting for the next request to arrive: a test signals the CLI only once the CLI is
// provably mid-query (its Ctrl-C handler exists by then), however slowly the process started.
let arrivals: (() => void)[] = [];
const nextRequest = () => new Promise<void>((resolve) => arrivals.push(resolve));
// Free text as a hostile merchant or server can send it: a window title, a clear screen, a CR
// that rewrites the line, a one-byte C1 CSI, DEL.
const HOSTILE = 'x\u001b]0;pwned\u0007 \u001b[2J\rfake\u009b31m\u007fz';
const HOSTILE_SHOWN = 'x\\x1b]0;pwned\\x07 \\x1b[2J\\rfake\\x9b31m\\x7fz';
const hostilePayment = (id: string, label: string, amount: number) => ({
  id,
  createdTime: Date.now() - 3_600_000,
  amount,
  result: 'SUCCESS',
  tender: { label },
  note: HOSTILE,
});
beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    const waiting = arrivals;
    arrivals = [];
    for (const resolve of waiting) resolve();
    if (mode === 'hang') return; // never answers
    if (mode === 'hostile-records') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          elements: [
            hostilePayment('P1', '=HYPERLINK("http://evil.example","x")', -1250),
            hostilePayment('P2', '-5', 500),
            hostilePayment('P3', HOSTILE, 700),
          ],
        }),
      );
      return;
    }
    const message = mode === 'hostile-error' ? HOSTILE : 'Bad Request';
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message, details: `the test server refuses this ${message}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
const env = () => ({
  CLOVER_BASE_URL: url,
  CLOVER_TOKEN: 't',
  CLOVER_MERCHANT_ID: 'MERCHANT00001',
});
const tempDir = () => mkdtempSync(join(tmpdir(), 'cloverql-'));

describe('exit codes', () => {
  it('2: a bad query, with the caret error and no stack trace', async () => {
    const r = await runCli(['query', 'payments where amout > 5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[UNKNOWN_FIELD]');
    expect(r.stderr).toContain('^^^^^');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('2: bad usage', async () => {
    expect((await runCli(['query', RECENT, '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['nonsense'])).code).toBe(2);
    expect((await runCli(['query', RECENT], { env: { CLOVER_TOKEN: 'only-a-token' } })).code).toBe(
      2,
    );
  });

  it('3: Clover refuses the token', async () => {
    const mock = await startMockServer({
      seed: 1,
      merchants: [{ id: 'MERCHANT00001', token: 'right', orders: 10, payments: 10, refunds: 1 }],
    });
    try {
      const r = await runCli(['query', RECENT], {
        env: {
          CLOVER_BASE_URL: mock.url,
          CLOVER_TOKEN: 'wrong',
          CLOVER_MERCHANT_ID: 'MERCHANT00001',
        },
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('authentication failed');
      expect(r.stderr).toContain('401');
    } finally {
      await mock.close();
    }
  });

  it('4: Clover answers an error that retrying cannot fix, said with the window, request and message', async () => {
    mode = 'bad-request';
    const r = await runCli(['query', RECENT], { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('400');
    expect(r.stderr).toContain('/v3/merchants/MERCHANT00001/payments');
    expect(r.stderr).toContain('the test server refuses this');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('in the REPL, Ctrl-C stops the running query and the shell goes on', async () => {
    mode = 'hang';
    const repl = startCli(['repl'], { env: env() });
    await repl.waitFor('cloverql> ');
    const arrived = nextRequest();
    repl.child.stdin!.write(`${RECENT}\n`);
    await arrived;
    repl.child.kill('SIGINT');
    await repl.waitFor('cloverql: interrupted', 'stderr');
    repl.child.stdin!.end('.tz\n.exit\n');
    const r = await repl.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tz: UTC');
  });

  it('130: Ctrl-C stops a running query; a failed --out leaves no file', async () => {
    mode = 'hang';
    const file = join(tempDir(), 'out.csv');
    const arrived = nextRequest();
    const run = startCli(['query', RECENT, '--format', 'csv', '--out', file], { env: env() });
    await arrived;
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dirname(file))).toEqual([]);
  });
});

describe('output that cannot harm the user', () => {
  it('csv: string cells that start a formula get a quote, numbers stay numbers; --csv-raw opts out', async () => {
    mode = 'hostile-records';
    const r = await runCli(['query', RECENT, '--format', 'csv', '-q'], { env: env() });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toContain(`,-1250,`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines[2]).toContain(",'-5,");
    expect(r.stdout).not.toMatch(/,=HYPERLINK/);
    const raw = await runCli(['query', RECENT, '--format', 'csv', '-q', '--csv-raw'], {
      env: env(),
    });
    expect(raw.code).toBe(0);
    expect(raw.stdout).toContain(`,"=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(raw.stdout).toContain(',-5,');
  });

  it('table: control characters from Clover are shown escaped, never sent to the terminal', async () => {
    mode = 'hostile-records';
    const r = await runCli(['query', RECENT, '--format', 'table', '-q'], { env: env() });
    expect(r.code).toBe(0);
    expect(hasRawControl(r.stdout, { allowNewlines: true })).toBe(false);
    expect(r.stdout).toContain('x\\x1b]0;pwned');
  });

  it('ndjson and json: control characters are JSON-escaped, C1 and DEL included', async () => {
    mode = 'hostile-records';
    for (const format of ['ndjson', 'json']) {
      const r = await runCli(['query', RECENT, '--format', format, '-q'], { env: env() });
      expect(r.code).toBe(0);
      expect(hasRawControl(r.stdout, { allowNewlines: true }), format).toBe(false);
      expect(r.stdout).toContain('\\u001b]0;pwned\\u0007');
      expect(r.stdout).toContain('\\u009b31m\\u007fz');
    }
  });

  it("errors: Clover's own message text is shown with its control characters escaped", async () => {
    mode = 'hostile-error';
    const r = await runCli(['query', RECENT], { env: env() });
    expect(r.code).toBe(4);
    expect(hasRawControl(r.stderr, { allowNewlines: true })).toBe(false);
    expect(r.stderr).toContain(HOSTILE_SHOWN);
  });
});

describe('--out FILE', () => {
  const args = (file: string) => ['query', RECENT, '--format', 'csv', '-q', '--out', file];

  it('a missing directory is a one-line usage error before any request', async () => {
    mode = 'hostile-records';
    const before = requests;
    const file = join(tempDir(), 'no-such-dir', 'out.csv');
    const r = await runCli(args(file), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `cloverql: --out ${file}: directory ${dirname(file)} does not exist`,
    ]);
    expect(requests).toBe(before);
  });

  it('a directory as the target is a one-line usage error before any request', async () => {
    mode = 'hostile-records';
    const before = requests;
    const dir = tempDir();
    const r = await runCli(args(dir), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `cloverql: --out ${dir}: is a directory; name a file`,
    ]);
    expect(requests).toBe(before);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps an existing file's mode and replaces its content", async () => {
    mode = 'hostile-records';
    const dir = tempDir();
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    const r = await runCli(args(file), { env: env() });
    expect(r.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').startsWith('id,createdTime,')).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it("leaves the user's own FILE.partial alone and never follows a symlink there", async () => {
    mode = 'hostile-records';
    const dir = tempDir();
    const file = join(dir, 'out.csv');
    writeFileSync(`${file}.partial`, 'mine\n');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const other = join(dir, 'other.csv');
    symlinkSync(victim, `${other}.partial`);
    for (const target of [file, other]) {
      const r = await runCli(args(target), { env: env() });
      expect(r.code).toBe(0);
    }
    expect(readFileSync(`${file}.partial`, 'utf8')).toBe('mine\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(`${other}.partial`).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(
      ['other.csv', 'other.csv.partial', 'out.csv', 'out.csv.partial', 'victim.txt'].sort(),
    );
  });

  it('a failed run leaves the existing file as it was and no temp file', async () => {
    mode = 'bad-request';
    const dir = tempDir();
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old\n');
    const r = await runCli(args(file), { env: env() });
    expect(r.code).toBe(4);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });
});

describe('cloverql mock', () => {
  it('serves a seeded dataset that the CLI can query with CLOVER_* set, and stops on Ctrl-C', async () => {
    const mock = startCli([
      'mock',
      '--port',
      '0',
      '--seed',
      '7',
      '--orders',
      '40',
      '--payments',
      '60',
      '--refunds',
      '5',
      '--token',
      'tok',
      // This test queries with the real "now": the mock's clock must follow real time.
      '--clock-start',
      'now',
    ]);
    const out = await mock.waitFor(
      /export CLOVER_BASE_URL=\S+ CLOVER_TOKEN=tok CLOVER_MERCHANT_ID=\S+/,
    );
    const base = /CLOVER_BASE_URL=(\S+)/.exec(out)![1]!;
    const r = await runCli(['query', 'payments where createdTime >= today - 400d', '-q'], {
      env: { CLOVER_BASE_URL: base, CLOVER_TOKEN: 'tok', CLOVER_MERCHANT_ID: 'MERCHANT00001' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(60);
    expect(r.stderr).not.toContain('embedded mock');
    mock.child.kill('SIGINT');
    const m = await mock.done;
    expect(m.code).toBe(0);
  });
});

describe('cloverql repl', () => {
  it('reads queries from stdin: a bad one prints the caret error and the next one runs', async () => {
    const history = join(mkdtempSync(join(tmpdir(), 'cloverql-')), 'history');
    const r = await runCli(['repl'], {
      env: { CLOVERQL_HISTORY: history },
      input: [
        'payments where amout > 5',
        // A dangling `and` continues the query on the next line; so does a trailing backslash.
        'payments where createdTime >= today - 20d and',
        '  amount > 1 limit 2',
        '.format ndjson',
        'refunds \\',
        'limit 1',
        '.exit',
        '',
      ].join('\n'),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('error[UNKNOWN_FIELD]');
    expect(r.stderr).toContain('cloverql: 2 payments');
    expect(r.stdout).toContain('│ id ');
    const json = r.stdout.split('\n').filter((l) => l.includes('{"'));
    expect(json).toHaveLength(1);
    expect(readFileSync(history, 'utf8')).toContain('payments where createdTime >= today - 20d');
  });

  it('completes from the grammar on Tab', async () => {
    // Line editing as on a terminal; keys are sent one burst at a time, since readline inserts a
    // pasted tab literally: each burst waits for readline to echo the line it now holds.
    const repl = startCli(['repl'], { env: { CLOVERQL_REPL_TERMINAL: '1' } });
    await repl.waitFor('cloverql> ');
    const bursts: [keys: string, echo: string][] = [
      ['payments where amo', 'payments where amo'],
      ['\t', 'payments where amount'],
      [' > 99999999 limit 1', 'payments where amount > 99999999 limit 1'],
    ];
    for (const [keys, echo] of bursts) {
      repl.child.stdin!.write(keys);
      await repl.waitFor(echo);
    }
    repl.child.stdin!.write('\r');
    await repl.waitFor(/cloverql: 0 payments/, 'stderr');
    repl.child.stdin!.end('.exit\r');
    const r = await repl.done;
    expect(r.code).toBe(0);
    // The line as readline redrew it after completion.
    expect(r.stdout).toContain('payments where amount');
    expect(r.stderr).toMatch(/cloverql: 0 payments/);
  });
});
