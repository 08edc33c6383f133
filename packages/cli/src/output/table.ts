import { fieldPath, readPath, resourceSpec } from '@cloverql/dsl';
import Table from 'cli-table3';
import type { ColumnKind, OutputColumn } from './columns.js';
import { escapeControl } from './control-chars.js';
import { type RecordSink, type SinkOptions, writeChunk } from './sink.js';

/** The columns a table shows per resource: the ones a person scans first. */
const TABLE_COLUMNS = {
  orders: ['id', 'createdTime', 'total', 'state', 'payType', 'employee.name', 'title'],
  payments: [
    'id',
    'createdTime',
    'amount',
    'result',
    'tender.label',
    'cardTransaction.cardType',
    'order.id',
  ],
  refunds: ['id', 'createdTime', 'amount', 'payment.id', 'employee.id', 'reason'],
} as const;

/**
 * A table for people: chosen columns, times in the query's zone, money in dollars. Control
 * characters in cells are shown escaped (`\x1b`), never sent to the terminal.
 */
export function tableSink(opts: SinkOptions): RecordSink {
  const columns = opts.columns ?? defaultColumns(opts);
  const rows: string[][] = [];
  const dateTime = new Intl.DateTimeFormat('sv-SE', {
    timeZone: opts.tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const date = new Intl.DateTimeFormat('sv-SE', {
    timeZone: opts.tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const show = (kind: ColumnKind, v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (kind === 'time' && typeof v === 'number') return dateTime.format(v);
    if (kind === 'date' && typeof v === 'number') return date.format(v);
    if (kind === 'money' && typeof v === 'number') return money(v);
    // A money sum past 2^53 cents arrives as a decimal string of cents.
    if (kind === 'money' && typeof v === 'string' && /^-?\d+$/.test(v)) return bigMoney(v);
    if (kind === 'count' && typeof v === 'number') return v.toLocaleString('en-US');
    return escapeControl(typeof v === 'object' ? JSON.stringify(v) : String(v));
  };
  return {
    write: async (record) => {
      rows.push(columns.map((c) => show(c.kind, c.read(record))));
    },
    end: async () => {
      if (rows.length === 0) {
        await writeChunk(opts.out, '(no records)\n');
        return;
      }
      if (opts.expanded) {
        await writeChunk(opts.out, expandedText(columns, rows));
        return;
      }
      const table = new Table({
        head: columns.map((c) => c.name),
        style: { head: [], border: [] },
      });
      table.push(...rows);
      await writeChunk(opts.out, `${table.toString()}\n`);
    },
  };
}

/** At most this many filtered-on fields are added to the default columns, to keep it readable. */
const MAX_FILTER_COLUMNS = 3;

function defaultColumns(opts: SinkOptions): OutputColumn[] {
  const types = new Map(resourceSpec(opts.resource).fields.map((f) => [f.name, f.type]));
  const base: readonly string[] = TABLE_COLUMNS[opts.resource];
  const extra = (opts.filterFields ?? [])
    .filter((f) => !base.includes(f) && types.has(f))
    .slice(0, MAX_FILTER_COLUMNS);
  return [...base, ...extra].map((name) => {
    const type = types.get(name);
    const path = fieldPath(opts.resource, name);
    return {
      name,
      kind: type === 'money' ? 'money' : type === 'time' ? 'time' : 'plain',
      read: (r) => readPath(r, path),
    };
  });
}

function money(cents: number): string {
  return `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

function bigMoney(cents: string): string {
  const neg = cents.startsWith('-');
  const digits = (neg ? cents.slice(1) : cents).padStart(3, '0');
  return `${neg ? '-' : ''}$${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** psql's `\x`: a `-[ RECORD n ]-` header, then one `name | value` line per column. */
function expandedText(columns: readonly OutputColumn[], rows: readonly string[][]): string {
  const width = Math.max(...columns.map((c) => c.name.length));
  return rows
    .map(
      (cells, i) =>
        `-[ RECORD ${i + 1} ]-\n${columns.map((c, j) => `${c.name.padEnd(width)} | ${cells[j]}`).join('\n')}\n`,
    )
    .join('');
}
