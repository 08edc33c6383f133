/**
 * A grouped query as a person sees it (issue #10): the built binary in a real pseudo-terminal,
 * the table of group rows rendered by a terminal emulator.
 */
import { describe, expect, it } from 'vitest';
import { startScreen } from '../support/screen.js';

describe('cloverql query of groups on a terminal', () => {
  it('shows one row per group with money in dollars under the row header, then the rows summary', async () => {
    const screen = startScreen([
      'query',
      'payments where createdTime >= 2025-01-01 group by tender.label select count(), sum(amount) order by sum(amount) desc limit 3',
    ]);
    expect(await screen.exited).toBe(0);
    const lines = screen.lines();
    const header = lines.findIndex((l) =>
      /^│ tender\.label +│ count\(\) +│ sum\(amount\) +│$/.test(l),
    );
    expect(header, screen.text()).toBeGreaterThanOrEqual(0);
    const rows = lines.filter((l) => /^│ [A-Za-z][A-Za-z ]* +│ [\d,]+ +│ \$\d+\.\d{2} +│$/.test(l));
    expect(rows, screen.text()).toHaveLength(3);
    const summary = lines.findIndex((l) => /^cloverql: 3 rows from [\d,]+ payments in /.test(l));
    expect(summary, screen.text()).toBeGreaterThan(header);
    expect(lines[summary - 1]).toMatch(/^└/);
  });
});
