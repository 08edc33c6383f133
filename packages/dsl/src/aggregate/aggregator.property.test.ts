/**
 * Properties of grouping: whatever the records and the grouping, the groups partition the records
 * (their counts add up to the number of records), every bucket contains its instant, and the
 * result does not depend on the order the records arrive in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import type { BucketUnit, Weekday } from '../planner/plan-types.js';
import { createAggregator } from './aggregator.js';
import { bucketOf } from './time-bucket.js';

const RUNS = process.env.CLOVERQL_LONG ? 2_000 : 100;
const NOW = Date.UTC(2025, 5, 1);
const ZONES = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const KEYS = [
  'tender.label',
  'result',
  'offline',
  'amount',
  'day(createdTime)',
  'hour(createdTime)',
  'week(createdTime)',
  'week(createdTime, sunday)',
  'month(createdTime)',
  'year(createdTime)',
];
const UNITS: BucketUnit[] = ['hour', 'day', 'week', 'month', 'year'];
const DAYS: Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });

/** Payments with any mix of values, nulls and missing fields. */
const record = fc.record(
  {
    id: fc.string({ maxLength: 3 }),
    amount: maybe(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.constant(null))),
    tender: maybe(
      fc.record({ label: fc.oneof(fc.constantFrom('Cash', 'Card', 'cash'), fc.constant(null)) }),
    ),
    result: maybe(fc.constantFrom('SUCCESS', 'FAIL')),
    offline: maybe(fc.boolean()),
    createdTime: maybe(fc.oneof(instant, fc.constant(null))),
  },
  { requiredKeys: ['id'] },
);

describe('aggregator properties', () => {
  it('the counts of the groups add up to the number of records, for any grouping', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 60 }),
        fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 3 }),
        fc.constantFrom(...ZONES),
        (records, keys, tz) => {
          const group = keys.length ? ` group by ${keys.join(', ')}` : '';
          const plan = compile(`payments where createdTime >= 2025-01-01${group} select count()`, {
            now: NOW,
            tz,
          });
          const agg = createAggregator(plan);
          for (const r of records) agg.add(r);
          const rows = agg.result();
          const total = rows.reduce((n, row) => n + (row['count()'] as number), 0);
          expect(total).toBe(records.length);
          // Rows are distinct groups.
          const ids = rows.map((row) => JSON.stringify(keys.map((k) => row[k.replace(/\s/g, '')])));
          expect(new Set(ids).size).toBe(rows.length);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the result does not depend on the order records arrive in', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.constantFrom(...KEYS), (records, key) => {
        const plan = compile(
          `payments where createdTime >= 2025-01-01 group by ${key} select count(), sum(amount), avg(amount), min(createdTime), count(distinct tender.label)`,
          { now: NOW, tz: 'Europe/Paris' },
        );
        const once = createAggregator(plan);
        const reversed = createAggregator(plan);
        for (const r of records) once.add(r);
        for (const r of [...records].reverse()) reversed.add(r);
        expect(reversed.result()).toEqual(once.result());
      }),
      { numRuns: RUNS },
    );
  });

  it('every bucket contains its instant and starts a bucket of its own', () => {
    fc.assert(
      fc.property(
        fc.record({
          ms: instant,
          unit: fc.constantFrom(...UNITS),
          tz: fc.constantFrom(...ZONES),
          weekStart: fc.constantFrom(...DAYS),
        }),
        ({ ms, ...rule }) => {
          const b = bucketOf(ms, rule);
          expect(b).not.toBeNull();
          expect(b!.start).toBeLessThanOrEqual(ms);
          expect(b!.end).toBeGreaterThan(ms);
          expect(bucketOf(b!.start, rule)?.start).toBe(b!.start);
          expect(bucketOf(b!.end, rule)?.start).toBe(b!.end);
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });
});
