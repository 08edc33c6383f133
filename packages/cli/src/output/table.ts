import { fieldPath, readPath, resourceSpec } from '@cloverql/dsl';
import Table from 'cli-table3';
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
  const columns = TABLE_COLUMNS[opts.resource];
  const types = new Map(resourceSpec(opts.resource).fields.map((f) => [f.name, f.type]));
  const rows: string[][] = [];
  const time = new Intl.DateTimeFormat('sv-SE', {
    timeZone: opts.tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const show = (name: string, v: unknown): string => {
    if (v === null || v === undefined) return '';
    const type = types.get(name);
    if (type === 'time' && typeof v === 'number') return time.format(v);
    if (type === 'money' && typeof v === 'number')
      return `${v < 0 ? '-' : ''}$${(Math.abs(v) / 100).toFixed(2)}`;
    return escapeControl(typeof v === 'object' ? JSON.stringify(v) : String(v));
  };
  return {
    write: async (record) => {
      rows.push(columns.map((c) => show(c, readPath(record, fieldPath(opts.resource, c)))));
    },
    end: async () => {
      if (rows.length === 0) {
        await writeChunk(opts.out, '(no records)\n');
        return;
      }
      const table = new Table({ head: [...columns], style: { head: [], border: [] } });
      table.push(...rows);
      await writeChunk(opts.out, `${table.toString()}\n`);
    },
  };
}
