import { compile } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { groupRequests } from '../schedule/groups.js';
import { type ClientRecord, dedupeScope, RecordGate } from './record-gate.js';

const now = Date.UTC(2026, 0, 1);
const rec = (id: string, extra: Record<string, unknown> = {}): ClientRecord => ({ id, ...extra });
const gateFor = (q: string) => {
  const plan = compile(q, { now });
  return { plan, gate: new RecordGate(plan, groupRequests(plan)) };
};

describe('RecordGate', () => {
  it('drops ids seen before in the same window and frees the window set when it closes', () => {
    const { gate } = gateFor('payments where createdTime >= 2025-01-01');
    expect(gate.scope).toBe('window');
    const pass = gate.open(0);
    expect([rec('A'), rec('B'), rec('A')].filter(pass).map((r) => r.id)).toEqual(['A', 'B']);
    expect(pass(rec('B'))).toBe(false);
    expect(gate.stats()).toMatchObject({ runWide: false, idsHeld: 2 });
    gate.close(0);
    expect(gate.stats()).toMatchObject({ idsHeld: 0, peakIdsHeld: 2 });
  });

  it('keeps no id set across windows for a single stream on createdTime', () => {
    const { gate } = gateFor('payments where createdTime >= 2025-01-01');
    const a = gate.open(0);
    const b = gate.open(1);
    expect(a(rec('X'))).toBe(true);
    // Impossible for an immutable time field, and deliberately not remembered.
    expect(b(rec('X'))).toBe(true);
    expect(gate.stats().runWide).toBe(false);
  });

  it('de-duplicates across the streams of one overlap group and forgets the group when it completes', () => {
    const { plan, gate } = gateFor(
      "payments where createdTime >= 2025-06-01 and (amount > 100 or result = 'FAIL')",
    );
    expect(gate.scope).toBe('group');
    const [first] = groupRequests(plan);
    const [r0, r1] = first!.requests as [number, number];
    const a = gate.open(r0);
    const b = gate.open(r1);
    expect(a(rec('X'))).toBe(true);
    expect(b(rec('X'))).toBe(false);
    expect(b(rec('Y'))).toBe(true);
    gate.close(r0);
    expect(gate.stats().idsHeld).toBeGreaterThan(0);
    gate.close(r1);
    expect(gate.stats().idsHeld).toBe(0);
  });

  it('keeps a run-wide set when the time field can change (modifiedTime)', () => {
    const { plan, gate } = gateFor('payments where modifiedTime >= 2025-01-01');
    expect(dedupeScope(plan, groupRequests(plan))).toBe('run');
    const a = gate.open(0);
    expect(a(rec('X'))).toBe(true);
    gate.close(0);
    expect(gate.open(1)(rec('X'))).toBe(false);
    expect(gate.stats().runWide).toBe(true);
  });

  it('applies the residual with three-valued logic: unknown does not pass', () => {
    const { gate } = gateFor("payments where createdTime >= 2025-12-01 and tender.label = 'Cash'");
    const pass = gate.open(0);
    expect(pass(rec('A', { tender: { label: 'Cash' } }))).toBe(true);
    expect(pass(rec('B', { tender: { label: 'Card' } }))).toBe(false);
    expect(pass(rec('C', {}))).toBe(false);
  });

  it('remembers a window across a re-open (an export re-created) so nothing comes twice', () => {
    const { gate } = gateFor('export payments where createdTime >= 2025-12-01');
    expect(gate.open(0)(rec('A'))).toBe(true);
    expect(gate.open(0)(rec('A'))).toBe(false);
  });

  it('needs no shared set for orders: each window and its state IS NULL twin are disjoint', () => {
    const { gate } = gateFor('orders where createdTime >= 2025-06-01 and total > 100');
    expect(gate.scope).toBe('window');
    const a = gate.open(0);
    const b = gate.open(1);
    expect(a(rec('X'))).toBe(true);
    expect(b(rec('Y'))).toBe(true);
    expect(gate.stats().runWide).toBe(false);
  });

  it('remembers two pages of ids per REST window, and everything for an export window', () => {
    const rest = compile('payments where createdTime >= 2025-12-01', { now, pageSize: 2 });
    const gate = new RecordGate(rest, groupRequests(rest));
    const pass = gate.open(0);
    for (const id of ['A', 'B', 'C', 'D']) expect(pass(rec(id))).toBe(true);
    expect(pass(rec('D'))).toBe(false);
    expect(pass(rec('B'))).toBe(false);
    expect(gate.stats().idsHeld).toBe(4);
    expect(pass(rec('E'))).toBe(true);
    expect(gate.stats().idsHeld).toBe(4);
    const exp = gateFor('export payments where createdTime >= 2025-12-01').gate;
    const ep = exp.open(0);
    for (let i = 0; i < 5000; i++) ep(rec(`id${i}`));
    expect(ep(rec('id0'))).toBe(false);
  });
});
