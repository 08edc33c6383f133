import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { isTimeFiltered } from './time-filtered.js';

const now = Date.UTC(2026, 0, 1);

describe('isTimeFiltered', () => {
  it('is true for windowed REST requests and for exports', () => {
    const rest = compile('payments where createdTime >= 2025-12-01', { now });
    expect(rest.requests.every((r) => isTimeFiltered(r, rest.timeField))).toBe(true);
    const exp = compile('export payments where createdTime >= 2025-12-01', { now });
    expect(exp.requests[0]?.kind).toBe('export');
    expect(isTimeFiltered(exp.requests[0]!, exp.timeField)).toBe(true);
  });

  it('is false for a request of an unwindowed stream, whatever its other filters', () => {
    const plan = compile('refunds where amount > 1', { now });
    expect(plan.requests).toHaveLength(1);
    expect(isTimeFiltered(plan.requests[0]!, plan.timeField)).toBe(false);
  });
});
