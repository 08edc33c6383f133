/**
 * The REPL as a person at a terminal uses it: completion, dot-commands, caret errors and Ctrl-C,
 * each checked on the rendered screen of the built binary in a pseudo-terminal.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROMPT, type ScreenRun, startScreen } from '../support/screen.js';

/** A table body row: `│ <13-character id> │ …`. */
const ROW = /^│ [0-9A-Z]{13} +│/;

const running: ScreenRun[] = [];
const servers: Server[] = [];

function repl(env?: Record<string, string>): ScreenRun {
  const screen = startScreen(['repl'], env ? { env } : {});
  running.push(screen);
  return screen;
}

afterEach(async () => {
  for (const s of running.splice(0)) s.kill();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A Clover that never answers: every request is held open. `received` resolves with the first
 * request, so a test knows the query is in flight.
 */
async function silentServer(): Promise<{ url: string; received: Promise<IncomingMessage> }> {
  let onRequest: (req: IncomingMessage) => void = () => {};
  const received = new Promise<IncomingMessage>((resolve) => {
    onRequest = resolve;
  });
  const server = createServer((req) => onRequest(req));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received };
}

describe('cloverql repl on a terminal', { timeout: 120_000 }, () => {
  it('completes a field name on Tab, then runs the finished query', async () => {
    const screen = repl();
    await screen.waitFor(PROMPT, 'the first prompt');
    screen.type('payments where amo');
    await screen.waitFor(() => screen.promptLine() === `${PROMPT}payments where amo`, 'the typing');
    screen.type('\t');
    await screen.waitFor(
      () => screen.promptLine() === `${PROMPT}payments where amount`,
      '`amount` completed on the prompt line',
    );
    screen.type(' > 0 and createdTime >= today - 30d limit 3\r');
    await screen.waitForPrompt(/^cloverql: 3 payments in /, 'the summary and a new prompt');
    expect(screen.lines().filter((l) => ROW.test(l))).toHaveLength(3);
    expect(screen.lines()).toContain(
      `${PROMPT}payments where amount > 0 and createdTime >= today - 30d limit 3`,
    );
    screen.type('.exit\r');
    expect(await screen.waitForExit()).toBe(0);
  });

  it('.explain shows the plan with its windows, then the prompt again', async () => {
    const screen = repl();
    await screen.waitFor(PROMPT, 'the first prompt');
    screen.type('.explain payments where createdTime >= today - 7d\r');
    await screen.waitForPrompt(/^client-side: /, 'the end of the plan and a new prompt');
    const lines = screen.lines();
    expect(lines).toContain('query:  payments where createdTime >= today - 7d');
    expect(lines.some((l) => /^plan: +payments via REST, windows on createdTime/.test(l))).toBe(
      true,
    );
    expect(lines).toContain('windows: 1');
    expect(lines.some((l) => /^ {2}#0 \[\d{4}-\d\d-\d\dT/.test(l))).toBe(true);
    expect(lines.some((l) => /^ +GET \/v3\/merchants\/\{mId\}\/payments\?/.test(l))).toBe(true);
    screen.type('.exit\r');
    expect(await screen.waitForExit()).toBe(0);
  });

  it('shows a bad query with the caret under the unknown field and a hint, then the prompt', async () => {
    const screen = repl();
    await screen.waitFor(PROMPT, 'the first prompt');
    screen.type('payments where amout > 5\r');
    await screen.waitForPrompt('hint: did you mean amount?', 'the hint and a new prompt');
    const lines = screen.lines();
    expect(lines).toContain("error[UNKNOWN_FIELD]: payments has no field 'amout'");
    const source = lines.findIndex((l) => /^ +1 \| payments where amout > 5$/.test(l));
    expect(source, screen.text()).toBeGreaterThanOrEqual(0);
    const sourceLine = lines[source] ?? '';
    const caretLine = lines[source + 1] ?? '';
    expect(caretLine.indexOf('^'), screen.text()).toBe(sourceLine.indexOf('amout'));
    expect(caretLine.trimEnd().endsWith('^^^^^')).toBe(true);
    screen.type('.exit\r');
    expect(await screen.waitForExit()).toBe(0);
  });

  it('Ctrl-C stops a query that hangs, says so, and the prompt comes back', async () => {
    const clover = await silentServer();
    const screen = repl({
      CLOVER_BASE_URL: clover.url,
      CLOVER_TOKEN: 'screen-token',
      CLOVER_MERCHANT_ID: 'MERCHANT00001',
    });
    await screen.waitFor(PROMPT, 'the first prompt');
    screen.type('payments where createdTime >= today - 7d\r');
    const req = await clover.received;
    expect(req.url).toMatch(/^\/v3\/merchants\/MERCHANT00001\/payments/);
    screen.type('\x03');
    await screen.waitForPrompt('cloverql: interrupted', 'the interruption and a new prompt');
    expect(screen.text()).not.toMatch(/^\s+at /m);
    screen.type('.exit\r');
    expect(await screen.waitForExit()).toBe(0);
  });

  it('pages a table taller than the terminal, the pager reading the keys, then prompts again', async () => {
    // A pager that counts the lines it is given and waits for a line typed on the terminal.
    const dir = mkdtempSync(join(tmpdir(), 'cloverql-pager-'));
    const pager = join(dir, 'pager.sh');
    writeFileSync(
      pager,
      '#!/bin/sh\nn=$(wc -l)\necho "fake pager: $n lines"\nread k < /dev/tty\necho "fake pager read: $k"\n',
    );
    chmodSync(pager, 0o755);
    try {
      const screen = repl({ PAGER: pager });
      await screen.waitFor(PROMPT, 'the first prompt');
      screen.type('payments where createdTime >= today - 90d limit 40\r');
      await screen.waitFor(/fake pager: +\d+ lines/, 'the pager with the table');
      const shown = Number(/fake pager: +(\d+) lines/.exec(screen.text())?.[1]);
      expect(shown).toBeGreaterThanOrEqual(44); // 40 rows, the header and three rules
      expect(screen.lines().filter((l) => ROW.test(l))).toHaveLength(0);
      screen.type('quit\r');
      await screen.waitForPrompt(/^cloverql: 40 payments in /, 'the summary and a new prompt');
      // The keys went to the pager, not to the REPL.
      expect(screen.text()).toContain('fake pager read: quit');
      expect(screen.text()).not.toMatch(/error/i);
      expect(screen.promptLine()?.trim()).toBe(PROMPT.trim());
      screen.type('payments where createdTime >= today - 90d limit 3\r');
      await screen.waitForPrompt(/^cloverql: 3 payments in /, 'a short table, not paged');
      expect(screen.lines().filter((l) => ROW.test(l))).toHaveLength(3);
      screen.type('.exit\r');
      expect(await screen.waitForExit()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
