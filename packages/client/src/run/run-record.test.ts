import { compile, type Order, type Payment, type Plan } from '@cloverql/dsl';
import { describe, expectTypeOf, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { collect, type RunIterable, run } from './run.js';

// Type-level only: the functions below are never called, so nothing is compiled or sent.
const options = { token: 't', merchantId: 'M' };

describe('run and collect: typed records', () => {
  it('yields the record type of a plan compiled from a literal query', () => {
    const payments = () => run(compile('payments where amount > $10'), options);
    expectTypeOf<ReturnType<typeof payments>>().toEqualTypeOf<RunIterable<Payment>>();
    const orders = () => collect(compile('export orders where total > 5'), options);
    expectTypeOf<ReturnType<typeof orders>>().toEqualTypeOf<Promise<Order[]>>();
  });

  it('yields plain records for untyped plans and plans that may yield rows', () => {
    const untyped = (plan: Plan) => run(plan, options);
    expectTypeOf<ReturnType<typeof untyped>>().toEqualTypeOf<RunIterable<ClientRecord>>();
    const rows = () => collect(compile('payments select amount where amount > 1'), options);
    expectTypeOf<ReturnType<typeof rows>>().toEqualTypeOf<Promise<ClientRecord[]>>();
  });
});
