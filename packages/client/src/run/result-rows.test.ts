import { compile } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { resultRows } from './result-rows.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const at = (q: string) => compile(q, { now: NOW });
const recs: ClientRecord[] = [
  { id: 'P1', createdTime: NOW - 1000, amount: 100, tender: { label: 'Cash' } },
  { id: 'P2', createdTime: NOW - 2000, amount: 250, tender: { label: 'Card' } },
  { id: 'P3', createdTime: NOW - 3000, amount: 50, tender: { label: 'Cash' } },
];
async function* stream(rs: readonly ClientRecord[]) {
  yield* rs;
}
async function all(plan: ReturnType<typeof at>, rs = recs) {
  const out: unknown[] = [];
  for await (const r of resultRows(plan, stream(rs))) out.push(r);
  return out;
}

describe('resultRows', () => {
  it('passes records through when the plan neither selects nor groups', async () => {
    expect(await all(at('payments where createdTime >= today'))).toEqual(recs);
  });

  it('projects each record for a select list', async () => {
    expect(
      await all(at('payments where createdTime >= today select id, tender.label as t')),
    ).toEqual([
      { id: 'P1', t: 'Cash' },
      { id: 'P2', t: 'Card' },
      { id: 'P3', t: 'Cash' },
    ]);
  });

  it('yields group rows in the aggregate order and limit', async () => {
    const plan = at(
      'payments where createdTime >= today group by tender.label select count(), sum(amount) order by count() desc limit 1',
    );
    expect(plan.limit).toBeNull();
    const it = resultRows(plan, stream(recs));
    expect((await it.next()).value).toEqual({
      'tender.label': 'Cash',
      'count()': 2,
      'sum(amount)': 150,
    });
    expect((await it.next()).done).toBe(true);
  });

  it('gives one row for count() over no records', async () => {
    expect(await all(at('payments where createdTime >= today select count()'), [])).toEqual([
      { 'count()': 0 },
    ]);
  });
});
