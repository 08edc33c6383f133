import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { compile } from '../compile.js';
import { PLAN_JSON_SCHEMA } from './plan-json-schema.js';
import { planJsonSchema, planSchema } from './plan-schema.js';
import type { Plan } from './plan-types.js';

const ROOT = fileURLToPath(new URL('../../../../fixtures/plans/', import.meta.url));
const goldenPlans = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(ROOT, d.name, 'plan.json'))
  .filter((f) => existsSync(f));

describe('planSchema', () => {
  it('accepts every golden plan', () => {
    expect(goldenPlans.length).toBeGreaterThan(20);
    for (const file of goldenPlans) {
      const r = planSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      expect(r.success, `${file}: ${r.error?.message}`).toBe(true);
    }
  });

  it('accepts plans with select, aggregates and having', () => {
    const p = compile(
      'payments where createdTime >= 2024-05-01 group by week(createdTime, sunday), tender.label having sum(amount) > $5 or not count() < 2 select count(), min(createdTime) order by count() desc limit 3',
      { now: Date.UTC(2024, 5, 1) },
    );
    expect(planSchema.safeParse(p).success).toBe(true);
  });

  it('rejects what is not a plan of this version', () => {
    const p = compile('payments where createdTime >= 2024-05-01', { now: Date.UTC(2024, 5, 1) });
    expect(planSchema.safeParse({ ...p, version: 1 }).success).toBe(false);
    expect(planSchema.safeParse({ ...p, requests: [{ kind: 'soap' }] }).success).toBe(false);
    expect(planSchema.safeParse(null).success).toBe(false);
  });

  it('describes exactly the Plan type', () => {
    expectTypeOf<z.infer<typeof planSchema>>().toExtend<Plan>();
  });
});

const GENERATED = fileURLToPath(new URL('./plan-json-schema.ts', import.meta.url));

describe('planJsonSchema and PLAN_JSON_SCHEMA', () => {
  it('is a JSON Schema of an object with every plan property', () => {
    const s = planJsonSchema();
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.type).toBe('object');
    expect(Object.keys(s.properties as object)).toEqual(
      expect.arrayContaining(['version', 'requests', 'residual', 'select', 'aggregate']),
    );
    expect(s.required).not.toContain('select');
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('exports a copy equal to the generated schema (UPDATE_GOLDEN=1 rewrites it)', () => {
    const schema = planJsonSchema();
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(
        GENERATED,
        [
          '/**',
          ' * The JSON Schema of `Plan`, generated from `plan-schema.ts` by `z.toJSONSchema`: do not edit.',
          ' * Regenerate with `UPDATE_GOLDEN=1 pnpm exec vitest run packages/dsl/src/planner/plan-schema.test.ts`',
          ' * then `pnpm format`.',
          ' */',
          '',
          '/** The JSON Schema (draft 2020-12) of a `Plan`, as plain data. */',
          `export const PLAN_JSON_SCHEMA: Readonly<Record<string, unknown>> = ${JSON.stringify(schema, null, 2)};`,
          '',
        ].join('\n'),
      );
      return;
    }
    expect(PLAN_JSON_SCHEMA).toEqual(schema);
  });
});
