import { type FieldSpec, fieldPath, readPath, resourceSpec } from '@cloverql/dsl';
import { stringify } from 'csv-stringify/sync';
import { type RecordSink, type SinkOptions, writeChunk } from './sink.js';

/**
 * CSV with one column per catalogue field of the resource (dotted names as headers), so the
 * columns are the same whatever the records hold. Times stay UTC ms and money stays cents: CSV is
 * for machines.
 */
export function csvSink(opts: SinkOptions): RecordSink {
  const fields: readonly FieldSpec[] = resourceSpec(opts.resource).fields;
  const columns = fields.map((f) => f.name);
  let headerDone = false;
  return {
    write: (record) => {
      const row = fields.map((f) => cell(readPath(record, fieldPath(opts.resource, f.name))));
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
