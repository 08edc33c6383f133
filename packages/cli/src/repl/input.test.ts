import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, historyPath, loadHistory } from './history.js';
import { classifyInput, queryText } from './input.js';
import { completeLine } from './repl.js';

describe('multi-line input', () => {
  it('continues while the grammar says the query ends too early', () => {
    expect(classifyInput('')).toBe('empty');
    expect(classifyInput('payments where')).toBe('incomplete');
    expect(classifyInput('payments where (amount > 5')).toBe('incomplete');
    expect(classifyInput("payments where note = 'abc")).toBe('incomplete');
    expect(classifyInput('payments where amount > 5 and')).toBe('incomplete');
    expect(classifyInput('payments \\')).toBe('incomplete');
  });
  it('runs complete queries and queries with a real error (to show it)', () => {
    expect(classifyInput('payments')).toBe('complete');
    expect(classifyInput('payments where amout > 5')).toBe('complete');
    expect(classifyInput('payments wher')).toBe('complete');
  });
  it('joins lines and drops continuation backslashes', () => {
    expect(queryText(['payments \\', 'where amount > 5'])).toBe('payments \nwhere amount > 5');
  });
});

describe('history', () => {
  it('is off with CLOVERQL_HISTORY=off, else in the given file or ~/.cloverql_history', () => {
    expect(historyPath({ CLOVERQL_HISTORY: 'off' })).toBeNull();
    expect(historyPath({ CLOVERQL_HISTORY: '/tmp/h' })).toBe('/tmp/h');
    expect(historyPath({})).toMatch(/\.cloverql_history$/);
  });
  it('appends one line per query and loads most recent first', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cloverql-')), 'history');
    expect(loadHistory(file)).toEqual([]);
    appendHistory(file, 'payments');
    appendHistory(file, 'orders\nwhere total > 5');
    expect(readFileSync(file, 'utf8')).toBe('payments\norders where total > 5\n');
    expect(loadHistory(file)).toEqual(['orders where total > 5', 'payments']);
  });
  it('never throws when the file cannot be written', () => {
    expect(() => appendHistory('/proc/definitely/not/writable', 'x')).not.toThrow();
  });
});

describe('completion', () => {
  it('completes dot-commands at the start of a line', () => {
    expect(completeLine('.ex', { lines: [] })).toEqual([['.explain', '.exit'], '.ex']);
  });
  it('completes fields from the grammar and the catalogue, replacing the partial word', () => {
    expect(completeLine('payments where amo', { lines: [] })).toEqual([['amount'], 'amo']);
    expect(completeLine("payments where result = 'FA", { lines: [] })).toEqual([["'FAIL'"], "'FA"]);
  });
  it('uses the earlier lines of a multi-line query', () => {
    const [items, word] = completeLine('amo', { lines: ['payments where'] });
    expect(items).toEqual(['amount']);
    expect(word).toBe('amo');
  });
});
