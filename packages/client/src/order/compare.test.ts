import { describe, expect, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { TopRecords } from '../run/sources.js';
import { recordComparator } from './compare.js';

const recs: ClientRecord[] = [
  { id: 'B', amount: 5 },
  { id: 'A', amount: 5 },
  { id: 'C', amount: null },
  { id: 'D' },
  { id: 'E', amount: 1 },
  { id: 'F', amount: 9 },
];
const ids = (rs: ClientRecord[]) => rs.map((r) => r.id);

describe('recordComparator', () => {
  it('sorts ascending with ties by id ascending and missing values last', () => {
    const c = recordComparator({ resource: 'payments', field: 'amount', direction: 'asc' });
    expect(ids([...recs].sort(c))).toEqual(['E', 'A', 'B', 'F', 'C', 'D']);
  });

  it('sorts descending with ties by id descending and missing values still last', () => {
    const c = recordComparator({ resource: 'payments', field: 'amount', direction: 'desc' });
    expect(ids([...recs].sort(c))).toEqual(['F', 'B', 'A', 'E', 'D', 'C']);
  });

  it('reads dotted paths and strings', () => {
    const c = recordComparator({ resource: 'payments', field: 'tender.label', direction: 'asc' });
    const rs: ClientRecord[] = [
      { id: '1', tender: { label: 'Credit Card' } },
      { id: '2', tender: { label: 'Cash' } },
      { id: '3', tender: {} },
    ];
    expect(ids(rs.sort(c))).toEqual(['2', '1', '3']);
  });
});

describe('TopRecords', () => {
  it('keeps exactly the first `limit` records in order, whatever the arrival order', () => {
    const c = recordComparator({ resource: 'payments', field: 'amount', direction: 'desc' });
    const many: ClientRecord[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `R${String(i).padStart(5, '0')}`,
      amount: (i * 7919) % 1000,
    }));
    const top = new TopRecords(c, 10);
    for (const r of many) top.add(r);
    expect(ids(top.sorted())).toEqual(ids([...many].sort(c).slice(0, 10)));
  });
});
