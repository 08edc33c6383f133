import { describe, expectTypeOf, it } from 'vitest';
import type { ResourceName } from './catalogue/catalogue.js';
import { compile, type QueryResource } from './compile.js';
import type { Plan } from './planner/plan-types.js';

// Type-level only: the functions below are never called.

describe('compile: the plan type follows the query text', () => {
  it('types the plan with the leading resource of a literal query', () => {
    expectTypeOf<QueryResource<'payments where amount > $10'>>().toEqualTypeOf<'payments'>();
    expectTypeOf<QueryResource<'  Orders where total > 5'>>().toEqualTypeOf<'orders'>();
    expectTypeOf<
      QueryResource<'export orders where createdTime >= 2024-01-01'>
    >().toEqualTypeOf<'orders'>();
    expectTypeOf<QueryResource<'refunds'>>().toEqualTypeOf<'refunds'>();
    const refunds = () => compile('refunds where amount > 1');
    expectTypeOf<ReturnType<typeof refunds>>().toEqualTypeOf<Plan<'refunds'>>();
  });

  it('leaves the plan untyped for rows, unknown words and non-literal strings', () => {
    expectTypeOf<
      QueryResource<'payments select amount where amount > 1'>
    >().toEqualTypeOf<ResourceName>();
    expectTypeOf<
      QueryResource<'payments where x = 1 GROUP BY tender.label'>
    >().toEqualTypeOf<ResourceName>();
    expectTypeOf<QueryResource<'paymentsx where amount > 1'>>().toEqualTypeOf<ResourceName>();
    expectTypeOf<QueryResource<string>>().toEqualTypeOf<ResourceName>();
    const untyped = (text: string) => compile(text);
    expectTypeOf<ReturnType<typeof untyped>>().toEqualTypeOf<Plan>();
  });
});
