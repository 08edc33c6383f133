/**
 * How commander's usage errors look: one line on stderr, `cloverql: <problem> (cloverql --help
 * for usage)`, exit 2 — never commander's two-line `error:` form, never "internal error".
 */
import type { OutputConfiguration } from 'commander';
import type { CliIo } from './io.js';

/**
 * Commander output settings that write help to stdout and each usage error as one line.
 *
 * @example program.configureOutput(usageOutput(io));
 */
export function usageOutput(io: CliIo): OutputConfiguration {
  return {
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) => write(`${usageLine(s)}\n`),
  };
}

/**
 * Commander's error text as one line.
 *
 * @example usageLine("error: unknown command 'frob'\n") // "cloverql: unknown command 'frob' (cloverql --help for usage)"
 */
export function usageLine(message: string): string {
  const text = message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `cloverql: ${text} (cloverql --help for usage)`;
}
