/**
 * The columns a table or CSV shows: the plan's result-row properties (select lists and groups),
 * the columns a user chose for raw records (`--columns`, `.columns`), or null for each format's
 * default. Each column knows how a person reads it (money, a time, a bucket, a count).
 */
import { fieldSpec, type Plan, type Predicate, readPath, rowColumns } from '@cloverql/dsl';

/** How a column's values are shown in a table. */
export type ColumnKind = 'money' | 'time' | 'date' | 'count' | 'plain';

/** One output column: its header, how to read it from a record or row, how to show it. */
export interface OutputColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly read: (row: Readonly<Record<string, unknown>>) => unknown;
}

/**
 * The output columns of a plan, or null when the format's own default applies (raw records and
 * no columns chosen). Chosen columns apply to raw records only: rows have their own columns.
 *
 * @example outputColumns(compile('payments group by day(createdTime) select sum(amount)'))
 * // [{ name: 'day(createdTime)', kind: 'date', … }, { name: 'sum(amount)', kind: 'money', … }]
 */
export function outputColumns(
  plan: Plan,
  chosen?: readonly string[] | undefined,
): readonly OutputColumn[] | null {
  const names = rowColumns(plan);
  if (names)
    return names.map((name) => ({ name, kind: rowKind(plan, name), read: (r) => r[name] }));
  if (!chosen || chosen.length === 0) return null;
  return chosen.map((name) => {
    const spec = fieldSpec(plan.resource, name);
    const path = spec?.path ?? name;
    return { name, kind: fieldKind(spec?.type), read: (r) => readPath(r, path) };
  });
}

function fieldKind(type: string | undefined): ColumnKind {
  return type === 'money' ? 'money' : type === 'time' ? 'time' : 'plain';
}

function rowKind(plan: Plan, name: string): ColumnKind {
  const agg = plan.aggregate;
  if (!agg) {
    const c = plan.select?.columns.find((s) => s.name === name);
    return fieldKind(c ? fieldSpec(plan.resource, c.field)?.type : undefined);
  }
  const key = agg.output.find((o) => o.name === name)?.key;
  const group = agg.groupBy.find((g) => g.key === key);
  if (group) {
    if (group.kind === 'bucket') return group.unit === 'hour' ? 'time' : 'date';
    return fieldKind(group.type);
  }
  const a = agg.aggregates.find((x) => x.key === key);
  if (!a) return 'plain';
  if (a.fn === 'count') return 'count';
  return fieldKind(a.type ?? undefined);
}

/**
 * The fields a plan filters on, in the order the query names them: its time field, then each
 * field of the server filters and of the client-side residual. The table adds those it does not
 * show by default, so `payments where tipAmount > 500` shows the tip it asked about.
 *
 * @example filterFields(compile('payments where createdTime >= today and tipAmount > 500'))
 * // ['createdTime', 'tipAmount']
 */
export function filterFields(plan: Plan): readonly string[] {
  const seen = new Set<string>([plan.timeField]);
  const visit = (p: Predicate): void => {
    switch (p.kind) {
      case 'and':
      case 'or':
        for (const q of p.operands) visit(q);
        return;
      case 'not':
        visit(p.operand);
        return;
      case 'constant':
        return;
      default:
        seen.add(p.field);
    }
  };
  for (const r of plan.requests) if (r.kind === 'rest') for (const f of r.filters) visit(f);
  if (plan.residual) visit(plan.residual);
  return [...seen];
}
