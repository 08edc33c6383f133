/**
 * `explain(plan)`: the plan as text a person can check — the range and its windows with ISO
 * dates, each request with its filters, what the client checks itself, and the warnings.
 */

import type { ResourceName } from '../catalogue/catalogue.js';
import { DAY_MS } from '../limits/clover-limits.js';
import type { AggregateSpec, Plan, SelectColumn, TimeWindow } from '../planner/plan-types.js';
import { isTimeFiltered } from '../planner/time-filtered.js';
import { formatPredicate } from './format-predicate.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Formats a window as `[start, end)` with ISO dates. */
export function formatWindow(w: TimeWindow): string {
  return `${w.startInclusive ? '[' : '('}${iso(w.start)}, ${iso(w.end)}${w.endInclusive ? ']' : ')'}`;
}

function days(w: TimeWindow): string {
  const d = Number(((w.end - w.start) / DAY_MS).toFixed(2));
  return `${d} day${d === 1 ? '' : 's'}`;
}

/**
 * A multi-line description of a plan.
 *
 * @example console.log(explain(compile('payments where createdTime >= today - 7d')))
 */
export function explain(plan: Plan): string {
  const out: string[] = [];
  const kind = plan.kind === 'export' ? 'Export API' : 'REST';
  out.push(`query:  ${plan.source.trim().replace(/\s+/g, ' ')}`);
  out.push(
    `plan:   ${plan.resource} via ${kind}, windows on ${plan.timeField} (tz ${plan.tz}, now ${iso(plan.now)})`,
  );
  for (const w of plan.warnings) out.push(`warning: ${w.message}`);
  if (plan.requests.length === 0) {
    out.push('requests: none — the result is empty');
    return out.join('\n');
  }
  const unwindowed = (r: (typeof plan.requests)[number]) => !isTimeFiltered(r, plan.timeField);
  if (plan.requests.every(unwindowed)) {
    out.push(`range:  every record (${plan.resource} are not clamped when no time filter is sent)`);
  } else if (plan.range) {
    out.push(`range:  ${formatWindow(plan.range)}`);
  }
  const streams = new Set(plan.requests.map((r) => r.stream)).size;
  out.push(
    `windows: ${plan.windows.length}${streams > 1 ? ` in ${streams} streams (results are merged and de-duplicated by id)` : ''}`,
  );
  let lastStream = -1;
  for (const r of plan.requests) {
    const w = plan.windows[r.window]!;
    if (streams > 1 && r.stream !== lastStream) {
      out.push(`  stream ${r.stream}:`);
      lastStream = r.stream;
    }
    const indent = streams > 1 ? '    ' : '  ';
    out.push(
      `${indent}#${r.window} ${unwindowed(r) ? 'all records, no time filter' : `${formatWindow(w)} ${days(w)}`}`,
    );
    if (r.kind === 'rest') {
      const params = r.query.map(([k, v]) => `${k}=${v}`).join('&');
      out.push(`${indent}   GET ${r.path}?${params}`);
    } else {
      out.push(`${indent}   POST ${r.path} ${JSON.stringify(r.body)}`);
    }
  }
  if (plan.kind === 'rest') {
    out.push(`paging: ${plan.pageSize} per page; each window is read until a short page`);
  } else {
    out.push(
      'exports: one at a time; every file of each export is downloaded (1000 objects per file)',
    );
  }
  out.push(
    `client-side: ${plan.residual ? formatPredicate(plan.residual, plan.resource) : 'nothing (the server filters are exact)'}`,
  );
  if (plan.orderBy) out.push(`order:  ${plan.orderBy.field} ${plan.orderBy.direction}`);
  if (plan.limit !== null) {
    out.push(
      `limit:  ${plan.limit}${plan.residual ? ' (applied by the client, after the client-side filter)' : ''}`,
    );
  }
  if (plan.select) out.push(`select: ${plan.select.columns.map(selectColumn).join(', ')}`);
  if (plan.aggregate) out.push(...explainAggregate(plan.aggregate, plan.resource));
  return out.join('\n');
}

function selectColumn(c: SelectColumn): string {
  return c.name === c.field ? c.field : `${c.field} as ${c.name}`;
}

/** The grouping half of a plan: done by the client, after the client-side filter. */
function explainAggregate(a: AggregateSpec, resource: ResourceName): string[] {
  const out: string[] = [];
  const weeks = a.groupBy.flatMap((k) => (k.kind === 'bucket' && k.weekStart ? [k.weekStart] : []));
  if (a.groupBy.length === 0) {
    out.push('group:  every record into one row (by the client)');
  } else {
    const buckets = a.groupBy.some((k) => k.kind === 'bucket')
      ? `; time buckets in ${a.tz}${weeks.length ? `, weeks from ${[...new Set(weeks)].join('/')}` : ''}`
      : '';
    out.push(`group:  by ${a.groupBy.map((k) => k.key).join(', ')} (by the client${buckets})`);
  }
  if (a.aggregates.length > 0) out.push(`aggregates: ${a.aggregates.map((x) => x.key).join(', ')}`);
  if (a.having) {
    const timeFields = [
      ...a.groupBy.filter((k) => k.kind === 'bucket' || k.type === 'time').map((k) => k.key),
      ...a.aggregates.filter((x) => x.fn !== 'count' && x.type === 'time').map((x) => x.key),
    ];
    out.push(`having: ${formatPredicate(a.having, resource, { timeFields })}`);
  }
  if (a.orderBy) out.push(`order:  ${a.orderBy.key} ${a.orderBy.direction} (groups)`);
  if (a.limit !== null) out.push(`limit:  ${a.limit} groups`);
  const names = a.output.map((o) => (o.name === o.key ? o.key : `${o.key} as ${o.name}`));
  out.push(`rows:   one per group: ${names.join(', ')}`);
  return out;
}
