/**
 * Result rows through the built `cloverql` binary and the embedded mock (issue #10): grouped and
 * selected queries in each format, `--columns` and `--expanded` for raw records.
 */
import { describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

// Bound on a hung spawn on a loaded machine, not a wait (see cli.test.ts).
vi.setConfig({ testTimeout: 120_000 });

const SINCE = 'payments where createdTime >= 2025-01-01';
const GROUPED = `${SINCE} group by month(createdTime), tender.label select count(), sum(amount)`;

describe('cloverql prints result rows', () => {
  it('json: a grouped query gives rows with exactly the row keys, money in cents, counts adding up to the ungrouped records', async () => {
    const [grouped, ungrouped] = await Promise.all([
      runCli(['query', GROUPED, '--format', 'json']),
      runCli(['query', SINCE, '--format', 'ndjson', '-q']),
    ]);
    expect(grouped.code, grouped.stderr).toBe(0);
    const rows = JSON.parse(grouped.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual([
        'month(createdTime)',
        'tender.label',
        'count()',
        'sum(amount)',
      ]);
      expect(Number.isInteger(r['sum(amount)'])).toBe(true);
    }
    const records = ungrouped.stdout.trim().split('\n');
    const total = rows.reduce((s, r) => s + (r['count()'] as number), 0);
    expect(total).toBe(records.length);
    expect(grouped.stderr).toContain(
      `cloverql: ${rows.length} rows from ${records.length.toLocaleString('en-US')} payments in `,
    );
  });

  it('table: group rows with buckets as dates, money in dollars and counts as integers; a select list as its columns', async () => {
    const [grouped, selected] = await Promise.all([
      runCli(['query', `${GROUPED} order by sum(amount) desc limit 3`, '--format', 'table']),
      runCli(['query', `${SINCE} select id, amount, tender.label limit 2`, '--format', 'csv']),
    ]);
    expect(grouped.code, grouped.stderr).toBe(0);
    const lines = grouped.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('│ month'))).toMatch(
      /^│ month\(createdTime\) +│ tender\.label +│ count\(\) +│ sum\(amount\) +│$/,
    );
    const body = lines.filter((l) => /^│ \d{4}-\d{2}-01 +│/.test(l));
    expect(body).toHaveLength(3);
    for (const l of body) expect(l).toMatch(/│ [\d,]+ +│ \$\d+\.\d{2} +│$/);
    expect(selected.code, selected.stderr).toBe(0);
    const csv = selected.stdout.trim().split('\n');
    expect(csv[0]).toBe('id,amount,tender.label');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toMatch(/^[0-9A-Z]{13},\d+,[^,]*$/);
  });

  it('--columns picks the fields of raw records for table and csv; --expanded shows one block per record', async () => {
    const [table, csv, expanded] = await Promise.all([
      runCli([
        'query',
        `${SINCE} limit 2`,
        '--format',
        'table',
        '--columns',
        'id,amount,tender.label',
      ]),
      runCli(['query', `${SINCE} limit 2`, '--format', 'csv', '--columns', 'id, createdTime']),
      runCli([
        'query',
        `${SINCE} limit 2`,
        '--format',
        'table',
        '--expanded',
        '--columns',
        'id,amount',
      ]),
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^│ id +│ amount +│ tender\.label +│$/m);
    expect(table.stdout).toMatch(/^│ [0-9A-Z]{13} +│ -?\$\d+\.\d{2} +│/m);
    expect(csv.stdout.trim().split('\n')[0]).toBe('id,createdTime');
    expect(csv.stdout.trim().split('\n')[1]).toMatch(/^[0-9A-Z]{13},\d{13}$/);
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(expanded.stdout).toMatch(
      /^-\[ RECORD 1 \]-\nid {5}\| [0-9A-Z]{13}\namount \| -?\$\d+\.\d{2}\n-\[ RECORD 2 \]-\n/,
    );
  });
});
