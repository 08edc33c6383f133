import { describe, expect, it } from 'vitest';
import { tryCompile } from '../compile.js';
import type { Plan } from '../planner/plan-types.js';

const NOW = Date.UTC(2025, 5, 1);

function plan(query: string, tz = 'UTC'): Plan {
  const r = tryCompile(query, { now: NOW, tz });
  if (!r.ok) throw new Error(r.errors.map((e) => e.format()).join('\n'));
  return r.plan;
}

function errors(query: string) {
  const r = tryCompile(query, { now: NOW });
  if (r.ok) throw new Error(`compiled: ${query}`);
  return r.errors.map(({ code, offset, length, expected, hint, message }) => ({
    code,
    at: query.slice(offset, offset + length),
    expected,
    hint,
    message,
  }));
}

const SINCE = 'payments where createdTime >= 2025-01-01';

describe('select lists', () => {
  it('compiles the select example of issue #10 into columns keyed as written', () => {
    const p = plan('payments where createdTime >= 2025-01-01 select id, amount, tender.label');
    expect(p.select).toEqual({
      columns: [
        { name: 'id', field: 'id', path: 'id' },
        { name: 'amount', field: 'amount', path: 'amount' },
        { name: 'tender.label', field: 'tender.label', path: 'tender.label' },
      ],
    });
    expect(p.aggregate).toBeUndefined();
  });

  it('names a column by its alias and reads it from the catalogue path', () => {
    const p = plan('orders where createdTime >= 2025-01-01 select orderType as t, total as a');
    expect(p.select?.columns).toEqual([
      { name: 't', field: 'orderType', path: 'orderType.id' },
      { name: 'a', field: 'total', path: 'total' },
    ]);
  });

  it('leaves plans without select or group by exactly as before (no new keys)', () => {
    const p = plan(`${SINCE} order by createdTime limit 5`);
    expect('select' in p).toBe(false);
    expect('aggregate' in p).toBe(false);
    expect(p.limit).toBe(5);
  });

  it('keeps order by and limit on records, and may order by an alias', () => {
    const p = plan(`${SINCE} select amount as a, id order by a desc limit 3`);
    expect(p.orderBy).toEqual({ field: 'amount', direction: 'desc' });
    expect(p.limit).toBe(3);
  });

  it('reports an unknown selected field with a did-you-mean hint', () => {
    expect(errors(`${SINCE} select id, amout`)).toMatchObject([
      { code: 'UNKNOWN_FIELD', at: 'amout', hint: 'did you mean amount?' },
    ]);
    expect(errors(`${SINCE} select label`)).toMatchObject([
      { code: 'UNKNOWN_FIELD', at: 'label', hint: 'did you mean tender.label?' },
    ]);
  });

  it('reports a column named twice', () => {
    expect(errors(`${SINCE} select amount, id as amount`)).toMatchObject([
      { code: 'DUPLICATE_NAME', at: 'id as amount' },
    ]);
  });

  it('reports row names that collide with a group key', () => {
    expect(errors(`${SINCE} group by result select count() as result`)).toMatchObject([
      { code: 'DUPLICATE_NAME', at: 'count() as result' },
    ]);
    expect(errors(`${SINCE} group by result select result, result as r, count()`)).toMatchObject([
      { code: 'DUPLICATE_NAME', at: 'result as r' },
    ]);
  });

  it('refuses a time bucket or an aggregate in order by without grouping', () => {
    expect(errors(`${SINCE} select amount order by day(createdTime)`)).toMatchObject([
      { code: 'MISPLACED_FUNCTION', at: 'day(createdTime)' },
    ]);
    expect(errors(`${SINCE} order by sum(amount)`)).toMatchObject([
      { code: 'MISPLACED_FUNCTION', at: 'sum(amount)' },
    ]);
  });

  it('refuses a time bucket in a select list without group by', () => {
    expect(errors(`${SINCE} select id, day(createdTime)`)).toMatchObject([
      {
        code: 'MISPLACED_FUNCTION',
        at: 'day(createdTime)',
        hint: 'group by day(createdTime) to count per day',
      },
    ]);
  });
});

describe('group by and aggregates', () => {
  it('compiles the monthly example of issue #10; order by and limit stay with the groups', () => {
    const p = plan(
      'payments where createdTime >= 2025-01-01 group by month(createdTime), tender.label select count(), sum(amount) order by sum(amount) desc limit 5',
    );
    expect(p.aggregate).toEqual({
      groupBy: [
        {
          kind: 'bucket',
          key: 'month(createdTime)',
          unit: 'month',
          field: 'createdTime',
          path: 'createdTime',
          weekStart: null,
        },
        {
          kind: 'field',
          key: 'tender.label',
          field: 'tender.label',
          path: 'tender.label',
          type: 'string',
        },
      ],
      aggregates: [
        { key: 'count()', fn: 'count', field: null, path: null, type: null, distinct: false },
        {
          key: 'sum(amount)',
          fn: 'sum',
          field: 'amount',
          path: 'amount',
          type: 'money',
          distinct: false,
        },
      ],
      output: [
        { name: 'month(createdTime)', key: 'month(createdTime)' },
        { name: 'tender.label', key: 'tender.label' },
        { name: 'count()', key: 'count()' },
        { name: 'sum(amount)', key: 'sum(amount)' },
      ],
      having: null,
      orderBy: { key: 'sum(amount)', direction: 'desc' },
      limit: 5,
      tz: 'UTC',
    });
    // Nothing about order or limit reaches the server: they apply to groups.
    expect(p.limit).toBeNull();
    expect(p.orderBy).toBeNull();
    for (const r of p.requests) {
      expect(r.query.filter(([k]) => k === 'orderBy')).toEqual([]);
      expect(r.query.find(([k]) => k === 'limit')).toEqual(['limit', '1000']);
    }
  });

  it('compiles the daily example of issue #10', () => {
    const p = plan(
      'orders where createdTime >= today - 30d group by day(createdTime) select count(), avg(total)',
    );
    expect(p.aggregate?.output.map((o) => o.name)).toEqual([
      'day(createdTime)',
      'count()',
      'avg(total)',
    ]);
  });

  it('never sends a limit or order for groups, even ordered by the time field', () => {
    const p = plan(`${SINCE} group by createdTime select count() order by createdTime limit 2`);
    expect(p.requests[0]?.query).toEqual([
      ['filter', 'createdTime>=1735689600000'],
      ['filter', 'createdTime<1743465600000'],
      ['limit', '1000'],
    ]);
    expect(p.aggregate?.orderBy).toEqual({ key: 'createdTime', direction: 'asc' });
  });

  it('aggregates every record into one row when there is no group by', () => {
    const p = plan(`${SINCE} select count(), sum(amount) as total`);
    expect(p.aggregate?.groupBy).toEqual([]);
    expect(p.aggregate?.output).toEqual([
      { name: 'count()', key: 'count()' },
      { name: 'total', key: 'sum(amount)' },
    ]);
  });

  it('names a selected group key by its alias, and puts group keys first', () => {
    const p = plan(`${SINCE} group by tender.label select count(), tender.label as tender`);
    expect(p.aggregate?.output).toEqual([
      { name: 'tender', key: 'tender.label' },
      { name: 'count()', key: 'count()' },
    ]);
  });

  it('writes keys in lower case without spaces; distinct keeps one', () => {
    const p = plan(
      `${SINCE} group by WEEK( createdTime , Sunday ) select COUNT( distinct tender.id ), Max(createdTime)`,
    );
    expect(p.aggregate?.groupBy[0]).toMatchObject({
      key: 'week(createdTime,sunday)',
      weekStart: 'sunday',
    });
    expect(p.aggregate?.aggregates.map((a) => a.key)).toEqual([
      'count(distinct tender.id)',
      'max(createdTime)',
    ]);
  });

  it('starts weeks on Monday by default', () => {
    const p = plan(`${SINCE} group by week(createdTime) select count()`);
    expect(p.aggregate?.groupBy[0]).toMatchObject({
      key: 'week(createdTime)',
      weekStart: 'monday',
    });
  });

  it('carries the query time zone for the buckets', () => {
    const p = plan(`${SINCE} group by day(createdTime) select count()`, 'Europe/Paris');
    expect(p.aggregate?.tz).toBe('Europe/Paris');
  });

  it('normalises having into a predicate over keys, with money in cents and dates as days', () => {
    const p = plan(
      `${SINCE} group by day(createdTime), result having sum(amount) > $10 and count() >= 2 and day(createdTime) = 2025-02-01 or result = 'fail' select count()`,
    );
    expect(p.aggregate?.having).toEqual({
      kind: 'or',
      operands: [
        {
          kind: 'and',
          operands: [
            { kind: 'comparison', field: 'sum(amount)', op: '>', value: 1000 },
            { kind: 'comparison', field: 'count()', op: '>=', value: 2 },
            {
              kind: 'comparison',
              field: 'day(createdTime)',
              op: '>=',
              value: Date.UTC(2025, 1, 1),
            },
            { kind: 'comparison', field: 'day(createdTime)', op: '<', value: Date.UTC(2025, 1, 2) },
          ],
        },
        { kind: 'comparison', field: 'result', op: '=', value: 'FAIL' },
      ],
    });
    // An aggregate named only by having is computed, not output.
    expect(p.aggregate?.aggregates.map((a) => a.key)).toEqual(['count()', 'sum(amount)']);
    expect(p.aggregate?.output.map((o) => o.name)).toEqual([
      'day(createdTime)',
      'result',
      'count()',
    ]);
  });

  it('lets having and order by name a select alias', () => {
    const p = plan(
      `${SINCE} group by tender.label having n > 1 select count() as n order by n desc`,
    );
    expect(p.aggregate?.having).toEqual({
      kind: 'comparison',
      field: 'count()',
      op: '>',
      value: 1,
    });
    expect(p.aggregate?.orderBy).toEqual({ key: 'count()', direction: 'desc' });
  });

  it('allows is null in having, and min/max of a time field', () => {
    const p = plan(
      `${SINCE} group by tender.label having tender.label is not null and not max(createdTime) < 2025-03-01 select min(createdTime)`,
    );
    expect(p.aggregate?.having).toMatchObject({ kind: 'and' });
  });
});

describe('errors of select, group by and having', () => {
  it('unknown function, with a did-you-mean hint', () => {
    expect(errors(`${SINCE} group by tender.label select coumt()`)).toMatchObject([
      { code: 'UNKNOWN_FUNCTION', at: 'coumt', hint: 'did you mean count?' },
    ]);
    expect(errors(`${SINCE} group by dayy(createdTime) select count()`)).toMatchObject([
      { code: 'UNKNOWN_FUNCTION', at: 'dayy', hint: 'did you mean day?' },
    ]);
    expect(errors(`${SINCE} select id order by frobnicate(amount)`)).toMatchObject([
      { code: 'UNKNOWN_FUNCTION', at: 'frobnicate' },
    ]);
  });

  it('an aggregate of a string or enum field', () => {
    expect(errors(`${SINCE} group by result select sum(tender.label)`)).toMatchObject([
      {
        code: 'TYPE_MISMATCH',
        at: 'tender.label',
        hint: 'count it instead: count(tender.label) or count(distinct tender.label)',
      },
    ]);
    expect(errors(`${SINCE} select avg(result)`)).toMatchObject([
      { code: 'TYPE_MISMATCH', at: 'result' },
    ]);
    expect(errors(`${SINCE} select min(offline)`)).toMatchObject([
      { code: 'TYPE_MISMATCH', at: 'offline' },
    ]);
  });

  it('a time bucket of a field that is not a time', () => {
    expect(errors(`${SINCE} group by day(amount) select count()`)).toMatchObject([
      {
        code: 'TYPE_MISMATCH',
        at: 'amount',
        expected: ['createdTime', 'clientCreatedTime', 'modifiedTime'],
      },
    ]);
  });

  it('an unknown field inside a call', () => {
    expect(errors(`${SINCE} group by day(createTime) select sum(amout)`)).toMatchObject([
      { code: 'UNKNOWN_FIELD', at: 'createTime', hint: 'did you mean createdTime?' },
      { code: 'UNKNOWN_FIELD', at: 'amout', hint: 'did you mean amount?' },
    ]);
  });

  it('a non-aggregated select item that is not a group key', () => {
    expect(errors(`${SINCE} group by tender.label select amount, count()`)).toMatchObject([
      {
        code: 'NOT_GROUPED',
        at: 'amount',
        expected: ['tender.label'],
        hint: 'add it to group by, or aggregate it: sum(amount)',
      },
    ]);
    expect(errors(`${SINCE} select id, count()`)).toMatchObject([
      {
        code: 'NOT_GROUPED',
        at: 'id',
        hint: 'add it to group by, or aggregate it: count(distinct id)',
      },
    ]);
    expect(errors(`${SINCE} group by tender.label select day(createdTime)`)).toMatchObject([
      { code: 'NOT_GROUPED', at: 'day(createdTime)', hint: 'add day(createdTime) to group by' },
    ]);
  });

  it('having or order by on a field that is not grouped', () => {
    expect(errors(`${SINCE} group by tender.label having amount > 5 select count()`)).toMatchObject(
      [{ code: 'NOT_GROUPED', at: 'amount' }],
    );
    expect(errors(`${SINCE} group by tender.label select count() order by amount`)).toMatchObject([
      { code: 'NOT_GROUPED', at: 'amount' },
    ]);
  });

  it('reports only the broken group key, not every use of it', () => {
    expect(errors(`${SINCE} group by tender.labl select tender.label, count()`)).toMatchObject([
      { code: 'UNKNOWN_FIELD', at: 'tender.labl' },
    ]);
  });

  it('having without group by', () => {
    expect(errors(`${SINCE} having count() > 1 select count()`)).toMatchObject([
      { code: 'HAVING_WITHOUT_GROUP', at: 'count() > 1' },
    ]);
    expect(errors(`${SINCE} having amount > 1`)).toMatchObject([
      {
        code: 'HAVING_WITHOUT_GROUP',
        at: 'amount > 1',
        hint: 'add group by, or move the condition to where',
      },
    ]);
  });

  it('an aggregate as a group key', () => {
    expect(errors(`${SINCE} group by count() select count()`)).toMatchObject([
      { code: 'MISPLACED_FUNCTION', at: 'count()' },
    ]);
  });

  it('wrong arguments to a function', () => {
    expect(errors(`${SINCE} select sum()`)).toMatchObject([
      { code: 'INVALID_ARGUMENT', at: 'sum()' },
    ]);
    expect(errors(`${SINCE} select sum(distinct amount)`)).toMatchObject([
      { code: 'INVALID_ARGUMENT', message: 'distinct applies to count only: count(distinct …)' },
    ]);
    expect(errors(`${SINCE} select max(amount, sunday)`)).toMatchObject([
      { code: 'INVALID_ARGUMENT', at: 'sunday' },
    ]);
    expect(errors(`${SINCE} group by day(createdTime, sunday) select count()`)).toMatchObject([
      { code: 'INVALID_ARGUMENT', at: 'sunday' },
    ]);
    expect(errors(`${SINCE} group by day() select count()`)).toMatchObject([
      { code: 'INVALID_ARGUMENT', at: 'day()' },
    ]);
    expect(errors(`${SINCE} group by day(distinct createdTime) select count()`)).toMatchObject([
      { code: 'INVALID_ARGUMENT', at: 'day(distinct createdTime)' },
    ]);
    expect(errors(`${SINCE} group by week(createdTime, sundy) select count()`)).toMatchObject([
      { code: 'INVALID_ARGUMENT', at: 'sundy', hint: 'did you mean sunday?' },
    ]);
  });

  it('a having literal that does not fit the operand', () => {
    expect(
      errors(`${SINCE} group by tender.label having sum(amount) > 'x' select count()`),
    ).toMatchObject([{ code: 'TYPE_MISMATCH', at: "'x'" }]);
    expect(errors(`${SINCE} group by result having result > 'FAIL' select count()`)).toMatchObject([
      { code: 'INVALID_OPERATOR', at: 'result' },
    ]);
    expect(errors(`${SINCE} group by result having result = 'FAILL' select count()`)).toMatchObject(
      [{ code: 'UNKNOWN_ENUM_VALUE', hint: "did you mean 'FAIL'?" }],
    );
    expect(errors(`${SINCE} group by result having count() > null select count()`)).toMatchObject([
      { code: 'TYPE_MISMATCH', at: 'null' },
    ]);
  });

  it('a limit on groups is checked like any limit', () => {
    expect(errors(`${SINCE} group by result select count() limit 0`)).toMatchObject([
      { code: 'INVALID_LIMIT' },
    ]);
  });

  it('reports errors of several clauses in source order', () => {
    expect(
      errors(`${SINCE} group by result having amount > 1 select cnt(), id`).map((e) => e.at),
    ).toEqual(['amount', 'cnt', 'id']);
  });

  it('syntax: an alias must be a name, and select needs an item', () => {
    expect(errors(`${SINCE} select amount as 5`)).toMatchObject([
      { code: 'SYNTAX_ERROR', at: '5' },
    ]);
    expect(errors(`${SINCE} select`)).toMatchObject([{ code: 'UNEXPECTED_END' }]);
    expect(errors(`${SINCE} select id where amount > 1`)).toMatchObject([
      { code: 'SYNTAX_ERROR', at: 'where' },
    ]);
  });
});
