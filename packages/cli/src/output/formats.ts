/** The output format names, apart from the sinks so `--help` does not load the table and CSV code. */

/** Every `--format` value. */
export const OUTPUT_FORMATS = ['ndjson', 'json', 'csv', 'table'] as const;
/** One `--format` value. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
