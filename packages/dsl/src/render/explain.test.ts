import { describe, expect, it } from 'vitest';
import { type CompileOptions, compile } from '../compile.js';
import { explain, formatWindow } from './explain.js';

const NOW = Date.UTC(2024, 5, 1);
const text = (query: string, options: CompileOptions = {}) =>
  explain(compile(query, { now: NOW, ...options }));

describe('formatWindow', () => {
  it('writes ISO dates with brackets for inclusive ends and parentheses for exclusive ones', () => {
    const start = Date.UTC(2024, 4, 1);
    const end = Date.UTC(2024, 4, 2);
    expect(formatWindow({ start, end, startInclusive: true, endInclusive: false })).toBe(
      '[2024-05-01T00:00:00.000Z, 2024-05-02T00:00:00.000Z)',
    );
    expect(formatWindow({ start, end, startInclusive: false, endInclusive: true })).toBe(
      '(2024-05-01T00:00:00.000Z, 2024-05-02T00:00:00.000Z]',
    );
  });
});

describe('explain', () => {
  it('shows the query, the plan line, the range, each window with its request, paging and residual', () => {
    expect(
      text("payments where createdTime >= 2024-03-01 and result = 'FAIL'").split('\n'),
    ).toEqual([
      "query:  payments where createdTime >= 2024-03-01 and result = 'FAIL'",
      'plan:   payments via REST, windows on createdTime (tz UTC, now 2024-06-01T00:00:00.000Z)',
      'range:  [2024-03-01T00:00:00.000Z, 2024-06-01T00:00:00.000Z]',
      'windows: 2',
      '  #0 [2024-03-01T00:00:00.000Z, 2024-05-30T00:00:00.000Z) 90 days',
      '     GET /v3/merchants/{mId}/payments?filter=createdTime>=1709251200000&filter=createdTime<1717027200000&filter=result=FAIL&limit=1000',
      '  #1 [2024-05-30T00:00:00.000Z, 2024-06-01T00:00:00.000Z] 2 days',
      '     GET /v3/merchants/{mId}/payments?filter=createdTime>=1717027200000&filter=createdTime<=1717200000000&filter=result=FAIL&limit=1000',
      'paging: 1000 per page; each window is read until a short page',
      'client-side: nothing (the server filters are exact)',
    ]);
  });

  it('writes the query on one line', () => {
    expect(text('payments\n  where   createdTime >= 2024-05-01\n').split('\n')[0]).toBe(
      'query:  payments where createdTime >= 2024-05-01',
    );
  });

  it('shows the tz and fractional and single days', () => {
    const t = text('payments where createdTime >= 2024-05-31T12:00:00Z', { tz: 'Asia/Kolkata' });
    expect(t).toContain('(tz Asia/Kolkata, now 2024-06-01T00:00:00.000Z)');
    expect(t).toContain('] 0.5 days');
    expect(text('payments where createdTime >= 2024-05-31')).toContain('] 1 day\n');
    expect(text('payments where createdTime >= now - 1h')).toContain('] 0.04 days');
  });

  it('groups requests by stream when there are several', () => {
    const lines = text('orders where createdTime >= 2024-05-20 and total > $25').split('\n');
    expect(lines).toContain('windows: 2 in 2 streams (results are merged and de-duplicated by id)');
    expect(lines).toContain('  stream 0:');
    expect(lines).toContain('  stream 1:');
    expect(lines).toContain('    #1 [2024-05-20T00:00:00.000Z, 2024-06-01T00:00:00.000Z] 12 days');
    expect(lines.some((l) => l.startsWith('       GET ') && l.includes('state IS NULL'))).toBe(
      true,
    );
  });

  it('shows what the client checks', () => {
    expect(text("payments where createdTime >= 2024-05-25 and tender.label = 'Cash'")).toContain(
      "client-side: tender.label = 'Cash'",
    );
  });

  it('shows the order, and the limit with a note when the client applies it', () => {
    const exact = text(
      'payments where createdTime >= 2024-05-25 order by createdTime desc limit 10',
    );
    expect(exact).toContain('orderBy=createdTime DESC&limit=10');
    expect(exact.split('\n').slice(-2)).toEqual(['order:  createdTime desc', 'limit:  10']);
    const client = text(
      "payments where createdTime >= 2024-05-25 and tender.label = 'Cash' order by amount limit 10",
    );
    expect(client.split('\n').slice(-2)).toEqual([
      'order:  amount asc',
      'limit:  10 (applied by the client, after the client-side filter)',
    ]);
  });

  it('shows warnings before the range', () => {
    const lines = text("payments where result = 'FAIL'").split('\n');
    expect(lines[2]).toMatch(
      /^warning: no bound on createdTime: Clover answers only the last 90 days/,
    );
    expect(lines[3]).toBe('range:  [2024-03-03T00:00:00.000Z, 2024-06-01T00:00:00.000Z]');
  });

  it('says when nothing is requested', () => {
    expect(text('payments where createdTime > 2024-07-01').split('\n')).toEqual([
      'query:  payments where createdTime > 2024-07-01',
      'plan:   payments via REST, windows on createdTime (tz UTC, now 2024-06-01T00:00:00.000Z)',
      'warning: the range of createdTime starts after now (2024-07-02T00:00:00.000Z), so nothing is requested',
      'requests: none — the result is empty',
    ]);
  });

  it('describes an unwindowed refunds request as reading every record', () => {
    const lines = text('refunds where amount > $50').split('\n');
    expect(lines).toContain(
      'range:  every record (refunds are not clamped when no time filter is sent)',
    );
    expect(lines).toContain('  #0 all records, no time filter');
    expect(lines).toContain('     GET /v3/merchants/{mId}/refunds?filter=amount>5000&limit=1000');
  });

  it('shows exports as POST bodies and their download note', () => {
    const t = text('export payments where createdTime >= 2024-05-15 and amount > $20');
    expect(t).toContain('plan:   payments via Export API, windows on createdTime');
    expect(t).toContain(
      '     POST /v3/merchants/{mId}/exports {"type":"PAYMENTS","startTime":1715731200000,"endTime":1717200000000}',
    );
    expect(t).toContain(
      'exports: one at a time; every file of each export is downloaded (1000 objects per file)',
    );
    expect(t).toContain('client-side: amount > 2000');
    expect(t).not.toContain('paging:');
  });

  it('shows the page size option', () => {
    expect(text('payments where createdTime >= 2024-05-25', { pageSize: 200 })).toContain(
      'paging: 200 per page; each window is read until a short page',
    );
  });
});

describe('explain: select and grouping', () => {
  const tail = (query: string, n: number, options: CompileOptions = {}) =>
    text(query, options).split('\n').slice(-n);

  it('lists the selected columns with their aliases', () => {
    expect(tail('payments where createdTime >= 2024-05-01 select id, amount as a', 1)).toEqual([
      'select: id, amount as a',
    ]);
  });

  it('shows grouping, aggregates, order and limit of groups, and the row names', () => {
    expect(
      tail(
        'payments where createdTime >= 2024-05-01 group by month(createdTime), tender.label select count(), sum(amount) order by sum(amount) desc limit 5',
        5,
        { tz: 'Europe/Paris' },
      ),
    ).toEqual([
      'group:  by month(createdTime), tender.label (by the client; time buckets in Europe/Paris)',
      'aggregates: count(), sum(amount)',
      'order:  sum(amount) desc (groups)',
      'limit:  5 groups',
      'rows:   one per group: month(createdTime), tender.label, count(), sum(amount)',
    ]);
  });

  it('shows having with times as ISO dates, the week start and aliases', () => {
    expect(
      tail(
        'orders where createdTime >= 2024-05-01 group by week(createdTime, sunday) having count() > 2 and week(createdTime, sunday) >= 2024-05-12 select count() as n',
        4,
      ),
    ).toEqual([
      'group:  by week(createdTime,sunday) (by the client; time buckets in UTC, weeks from sunday)',
      'aggregates: count()',
      'having: count() > 2 and week(createdTime,sunday) >= 2024-05-12T00:00:00.000Z',
      'rows:   one per group: week(createdTime,sunday), count() as n',
    ]);
  });

  it('says when every record makes one row', () => {
    expect(tail('payments where createdTime >= 2024-05-01 select count()', 3)).toEqual([
      'group:  every record into one row (by the client)',
      'aggregates: count()',
      'rows:   one per group: count()',
    ]);
  });
});
