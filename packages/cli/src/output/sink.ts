/**
 * Output formats. Each sink writes records as they come (the table waits for all of them, since
 * column widths depend on every row) and honours back-pressure on the output stream.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ResourceName } from '@cloverql/dsl';
import type { OutputColumn } from './columns.js';
import { safeJson } from './control-chars.js';
import { csvSink } from './csv.js';
import type { OutputFormat } from './formats.js';
import { tableSink } from './table.js';

export { OUTPUT_FORMATS, type OutputFormat } from './formats.js';

/** A destination for records. */
export interface RecordSink {
  write(record: Record<string, unknown>): Promise<void>;
  /** Finishes the output (closing brackets, the table itself). */
  end(): Promise<void>;
}

/** Options every sink gets. */
export interface SinkOptions {
  readonly out: Writable;
  readonly resource: ResourceName;
  /** Zone for human-readable times (table). */
  readonly tz: string;
  /** CSV: write formula-like string cells as they are (`--csv-raw`); off by default. */
  readonly csvRaw?: boolean | undefined;
  /** Table and CSV columns (`outputColumns`); null or absent for each format's default. */
  readonly columns?: readonly OutputColumn[] | null | undefined;
  /** Table, default columns only: fields shown after them when absent (`filterFields`). */
  readonly filterFields?: readonly string[] | undefined;
  /** Table: one `field | value` block per record instead of a grid (`--expanded`, `\x`). */
  readonly expanded?: boolean | undefined;
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** The sink of a format. */
export function createSink(format: OutputFormat, opts: SinkOptions): RecordSink {
  switch (format) {
    case 'ndjson':
      return {
        write: (r) => writeChunk(opts.out, `${safeJson(r)}\n`),
        end: async () => {},
      };
    case 'json': {
      let first = true;
      return {
        write: (r) => {
          const chunk = `${first ? '[\n' : ',\n'}${safeJson(r)}`;
          first = false;
          return writeChunk(opts.out, chunk);
        },
        end: () => writeChunk(opts.out, first ? '[]\n' : '\n]\n'),
      };
    }
    case 'csv':
      return csvSink(opts);
    case 'table':
      return tableSink(opts);
  }
}
