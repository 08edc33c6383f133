/**
 * The REPL's `.output FILE`: like psql's `\o`, the file is emptied when it is named and each
 * following query's results are appended to it, until `.output` with no file goes back to stdout.
 */

import { once } from 'node:events';
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../config.js';

/** An open `.output` file. */
export interface ReplOutput {
  readonly path: string;
  readonly stream: WriteStream;
}

/**
 * Opens (and empties) `file` for the results of the next queries.
 *
 * @throws ConfigError with one line when its directory is missing or it cannot be opened.
 * @example const o = await openReplOutput('out.ndjson'); await closeReplOutput(o);
 */
export async function openReplOutput(file: string): Promise<ReplOutput> {
  const path = resolve(file);
  const dir = dirname(path);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new ConfigError(`.output: no such directory: ${dir}`);
  const stream = createWriteStream(path, { flags: 'w' });
  try {
    await once(stream, 'open');
  } catch (e) {
    throw new ConfigError(`.output: cannot write ${path}: ${(e as Error).message}`);
  }
  return { path, stream };
}

/** Flushes and closes an `.output` file. */
export async function closeReplOutput(output: ReplOutput): Promise<void> {
  output.stream.end();
  if (!output.stream.closed) await once(output.stream, 'close');
}
