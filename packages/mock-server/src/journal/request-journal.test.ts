import { describe, expect, it } from 'vitest';
import { type JournalEntry, RequestJournal } from './request-journal.js';

const entry = (path: string): JournalEntry => ({
  method: 'GET',
  path,
  query: [],
  status: 200,
  merchantId: null,
  durationMs: 1,
  at: 0,
  overridden: false,
});

describe('RequestJournal', () => {
  it('keeps the most recent requests, oldest first, forgetting past its size', () => {
    const j = new RequestJournal(3);
    for (const p of ['/a', '/b', '/c', '/d', '/e']) j.record(entry(p));
    expect(j.entries().map((e) => e.path)).toEqual(['/c', '/d', '/e']);
    j.record(entry('/f'));
    expect(j.entries().map((e) => e.path)).toEqual(['/d', '/e', '/f']);
  });

  it('clears, and a size of 0 keeps nothing', () => {
    const j = new RequestJournal(2);
    j.record(entry('/a'));
    j.clear();
    expect(j.entries()).toEqual([]);
    j.record(entry('/b'));
    expect(j.entries().map((e) => e.path)).toEqual(['/b']);
    const none = new RequestJournal(0);
    none.record(entry('/a'));
    expect(none.entries()).toEqual([]);
  });
});
