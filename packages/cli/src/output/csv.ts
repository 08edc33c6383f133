import { type FieldSpec, fieldPath, readPath, resourceSpec } from '@cloverql/dsl';
import { stringify } from 'csv-stringify/sync';
import { type RecordSink, type SinkOptions, writeChunk } from './sink.js';

/**
 * CSV with one column per catalogue field of the resource (dotted names as headers), so the
 * columns are the same whatever the records hold — or the plan's row columns, or the chosen ones. Times stay UTC ms and money stays cents: CSV is
 * for machines. String cells that a spreadsheet would run as a formula are neutralised unless
 * `csvRaw` (see {@link neutraliseFormula}).
 */
export function csvSink(opts: SinkOptions): RecordSink {
  const fields: readonly FieldSpec[] = resourceSpec(opts.resource).fields;
  const chosen = opts.columns;
  const columns = chosen ? chosen.map((c) => c.name) : fields.map((f) => f.name);
  const readAll = (record: Record<string, unknown>) =>
    chosen
      ? chosen.map((c) => c.read(record))
      : fields.map((f) => readPath(record, fieldPath(opts.resource, f.name)));
  const toCell = opts.csvRaw ? cell : (v: unknown) => neutraliseFormula(cell(v));
  let headerDone = false;
  return {
    write: (record) => {
      const row = readAll(record).map(toCell);
      const text = stringify([row], { header: !headerDone, columns });
      headerDone = true;
      return writeChunk(opts.out, text);
    },
    end: async () => {
      if (!headerDone) await writeChunk(opts.out, stringify([], { header: true, columns }));
    },
  };
}

function cell(v: unknown): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** What a spreadsheet takes as the start of a formula (OWASP's list for CSV injection). */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * OWASP's defence against CSV injection: a string cell starting with `=`, `+`, `-`, `@`, tab or
 * CR gets a leading `'`, which spreadsheets show as text. Clover's notes and labels are free text,
 * so `=HYPERLINK(...)` in a note must not run when the file is opened. Numbers (JSON numbers, such
 * as a negative amount) are never touched: they stay numbers, and a number cannot be a formula.
 * A *string* such as `"-5"` is prefixed, as OWASP says, since a string can also be `-1+cmd|...`.
 *
 * @example neutraliseFormula('=1+1') === "'=1+1"; neutraliseFormula(-5) === -5
 */
export function neutraliseFormula(v: string | number | boolean): string | number | boolean {
  return typeof v === 'string' && FORMULA_TRIGGER.test(v) ? `'${v}` : v;
}
