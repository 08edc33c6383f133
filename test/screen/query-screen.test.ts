/**
 * The CLI and the REPL as a person sees them: the built binary in a real pseudo-terminal, its
 * output rendered by a terminal emulator, and the assertions made on the final screen.
 */
import { describe, expect, it } from 'vitest';
import { startScreen } from '../support/screen.js';

const BAR = /[░█▓▒]/;
/** A table body row: `│ <13-character id> │ …`. */
const ROW = /^│ [0-9A-Z]{13} +│/;

describe('cloverql query on a terminal', () => {
  it('shows every row under an intact header, the summary on its own line, and no bar left', async () => {
    // 54 rows are taller than the 30-row terminal: without --no-pager they would go to less.
    const screen = startScreen([
      'query',
      'payments where createdTime >= today - 30d limit 54',
      '--no-pager',
    ]);
    expect(await screen.exited).toBe(0);
    const lines = screen.lines();
    const header = lines.findIndex((l) => /^│ id +│/.test(l));
    expect(header, screen.text()).toBeGreaterThanOrEqual(0);
    expect(lines.filter((l) => ROW.test(l))).toHaveLength(54);
    const summary = lines.findIndex((l) => l.startsWith('cloverql: 54 payments in '));
    expect(summary, screen.text()).toBeGreaterThan(header);
    // The summary comes after the table's last line, not over it.
    expect(lines[summary - 1]).toMatch(/^└/);
    expect(screen.text()).not.toMatch(BAR);
  });

  it('streams ndjson to the screen with no bar drawn over the records', async () => {
    const screen = startScreen([
      'query',
      'payments where createdTime >= today - 30d limit 7',
      '--format',
      'ndjson',
    ]);
    expect(await screen.exited).toBe(0);
    const records = screen.lines().filter((l) => l.startsWith('{"'));
    expect(records).toHaveLength(7);
    for (const r of records)
      expect(r).toMatch(/^\{"href":"http:\/\/127\.0\.0\.1:\d+\/v3\/merchants\//);
    expect(screen.text()).not.toMatch(BAR);
  });
});

describe('cloverql repl on a terminal', () => {
  it('shows the rows of a query, then the prompt again', async () => {
    const screen = startScreen(['repl']);
    await screen.waitFor('cloverql> ', 'the first prompt');
    screen.type('payments where createdTime >= today - 30d limit 5\r');
    await screen.waitFor(
      /cloverql: 5 payments in .*\n(.*\n)*cloverql> $/,
      'the summary and a new prompt',
    );
    const lines = screen.lines();
    expect(lines.filter((l) => ROW.test(l))).toHaveLength(5);
    expect(lines.some((l) => /^│ id +│/.test(l))).toBe(true);
    expect(screen.text()).not.toMatch(BAR);
    screen.type('.exit\r');
    expect(await screen.exited).toBe(0);
  });
});
