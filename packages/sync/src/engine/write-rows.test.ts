import { describe, expect, it } from 'vitest';
import { jsonOf, type SourceRecord, withoutHref } from './write-rows.js';

describe('jsonOf', () => {
  const cases: Record<string, SourceRecord> = {
    'href first (as Clover sends it)': { href: 'https://x/v3/p/A"1', id: 'A', amount: 1 },
    'href elsewhere': { id: 'B', href: 'https://x/v3/p/B', nested: { href: 'n' } },
    'no href': { id: 'C', nested: { href: 'n' } },
    'only href and id': { href: 'h', id: 'D' },
  };
  for (const [name, rec] of Object.entries(cases)) {
    it(`is the record's JSON without its top-level href: ${name}`, () => {
      expect(jsonOf(rec)).toBe(JSON.stringify(withoutHref(rec)));
      expect(JSON.parse(jsonOf(rec))).not.toHaveProperty('href');
    });
  }
  it('is {} for a record of only an href', () => {
    expect(jsonOf({ href: 'h' } as unknown as SourceRecord)).toBe('{}');
  });
});
