import { CATALOGUE, compile, type RestRequest, type ServerFilter } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { pairwiseDisjoint, provablyDisjoint } from './disjoint.js';

const now = Date.UTC(2026, 0, 1);

describe('provablyDisjoint', () => {
  it("pairs each orders stream with its 'state IS NULL' twin as disjoint (Clover hides null states)", () => {
    const plan = compile('orders where createdTime >= 2025-12-01 and total > 500', { now });
    const [main, twin] = plan.requests;
    expect(provablyDisjoint(main!, twin!, CATALOGUE.orders)).toBe(true);
  });
  it('reads the structured filters, not the rendered query strings', () => {
    const plan = compile('orders where createdTime >= 2025-12-01 and total > 500', { now });
    const [main, twin] = plan.requests.map((r) => ({ ...r, query: [] }));
    expect(provablyDisjoint(main!, twin!, CATALOGUE.orders)).toBe(true);
  });
  it('sees a comparison as excluding null: note IS NULL vs note = x', () => {
    const plan = compile(
      "orders where createdTime >= 2025-12-01 and (note is null or note = 'x') and state = 'open'",
      { now },
    );
    expect(plan.requests.length).toBe(2);
    expect(pairwiseDisjoint(plan.requests, CATALOGUE.orders)).toBe(true);
  });
  it('does not call overlapping or-streams disjoint', () => {
    const plan = compile(
      "payments where createdTime >= 2025-12-01 and (amount > 100 or result = 'FAIL')",
      { now },
    );
    expect(plan.requests.length).toBe(2);
    expect(provablyDisjoint(plan.requests[0]!, plan.requests[1]!, CATALOGUE.payments)).toBe(false);
  });
  it('does not call two IS NULL requests disjoint, nor apply the hidden rule to other resources', () => {
    const rest = (filter: string, filters: readonly ServerFilter[]): RestRequest => ({
      kind: 'rest',
      method: 'GET',
      path: '/x',
      query: [['filter', filter]],
      window: 0,
      stream: 0,
      filters,
      orderBy: null,
      pageLimit: 100,
    });
    const a = rest('state IS NULL', [{ kind: 'isNull', field: 'state', negated: false }]);
    expect(provablyDisjoint(a, a, CATALOGUE.orders)).toBe(false);
    const b = rest('result IS NULL', [{ kind: 'isNull', field: 'result', negated: false }]);
    const c = rest('amount>5', [{ kind: 'comparison', field: 'amount', op: '>', value: 5 }]);
    expect(provablyDisjoint(b, c, CATALOGUE.payments)).toBe(false);
  });
});
