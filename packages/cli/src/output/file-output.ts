/**
 * `--out FILE`: the file is written in full or not at all. Records go to a temp file of a random
 * name in the target's directory, created exclusively (so neither a user's own file nor a symlink
 * planted at that name is touched), and renamed over the target at the end; a failed or
 * interrupted run removes it. The target is checked before the query runs, so a typo in the path
 * costs nothing.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ConfigError } from '../config.js';

/** A checked `--out` target: the file to replace and the mode to give it. */
export interface OutTarget {
  /** The path named (for messages). */
  readonly path: string;
  /** Where the file ends up: the path, or the file an existing symlink there points to. */
  readonly file: string;
  /** The existing file's permission bits, kept; undefined for a new file (umask applies). */
  readonly mode: number | undefined;
}

/** Where records go, and how the run ends for it. */
export interface RecordOutput {
  readonly stream: Writable;
  /** Makes the output final (for a file: renames it over the target). */
  commit(): Promise<void>;
  /** Drops what was written (for a file: removes the temp file). Safe to call more than once. */
  discard(): Promise<void>;
}

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/**
 * Checks that `path` can be written before any work is done: its directory exists and is writable,
 * and it is not a directory or a special file. Throws `ConfigError` (a usage error) otherwise.
 *
 * @example const target = await checkOutTarget('payments.csv');
 */
export async function checkOutTarget(path: string): Promise<OutTarget> {
  const bad = (why: string) => new ConfigError(`--out ${path}: ${why}`);
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw bad('is a directory; name a file');
    if (!st.isFile()) throw bad('is not a regular file');
    const file = await realpath(path);
    await writableDir(dirname(file), bad);
    return { path, file, mode: st.mode & 0o7777 };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (code(e) === 'ENOTDIR') throw bad('a part of the path is not a directory');
    if (code(e) !== 'ENOENT') throw bad(`cannot use it (${code(e) ?? String(e)})`);
  }
  await writableDir(dirname(path), bad);
  return { path, file: path, mode: undefined };
}

async function writableDir(dir: string, bad: (why: string) => ConfigError): Promise<void> {
  // The target's own stat has already failed for a parent that is a file or cannot be searched;
  // what is left is a directory that is missing or that this user may not write.
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    throw bad(
      code(e) === 'ENOENT' ? `directory ${dir} does not exist` : `directory ${dir} is not writable`,
    );
  }
}

/**
 * Creates the temp file for `target` and returns the output over it.
 *
 * @example const out = await openFileOutput(await checkOutTarget('p.csv')); ...; await out.commit();
 */
export async function openFileOutput(target: OutTarget): Promise<RecordOutput> {
  const temp = join(
    dirname(target.file),
    `.${basename(target.file)}.${randomBytes(6).toString('hex')}.partial`,
  );
  // O_EXCL: fail rather than open anything already there, a symlink included.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(temp, flags, target.mode ?? 0o666);
  } catch (e) {
    throw new ConfigError(`--out ${target.path}: cannot create a file there (${code(e)})`);
  }
  let removed = false;
  const stream = handle.createWriteStream();
  const output: RecordOutput = {
    stream,
    commit: async () => {
      stream.end();
      await finished(stream);
      await rename(temp, target.file);
    },
    discard: async () => {
      if (removed) return;
      removed = true;
      stream.destroy();
      await finished(stream).catch(() => {});
      await rm(temp, { force: true });
    },
  };
  try {
    // The umask may have dropped bits of an existing file's mode; the file keeps exactly its own.
    if (target.mode !== undefined) await handle.chmod(target.mode);
  } catch (e) {
    await output.discard();
    throw e;
  }
  return output;
}
