import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.js';
import { checkOutTarget, openFileOutput } from './file-output.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cloverql-out-'));
const asRoot = process.getuid?.() === 0;

describe('checkOutTarget', () => {
  it('takes a new file in an existing directory, and an existing file with its mode', async () => {
    const dir = tempDir();
    expect(await checkOutTarget(join(dir, 'new.csv'))).toEqual({
      path: join(dir, 'new.csv'),
      file: join(dir, 'new.csv'),
      mode: undefined,
    });
    writeFileSync(join(dir, 'old.csv'), '');
    chmodSync(join(dir, 'old.csv'), 0o640);
    expect((await checkOutTarget(join(dir, 'old.csv'))).mode).toBe(0o640);
  });
  it('writes through a symlink the user named to the file it points to', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.csv'), '');
    symlinkSync(join(dir, 'real.csv'), join(dir, 'link.csv'));
    expect((await checkOutTarget(join(dir, 'link.csv'))).file).toBe(join(dir, 'real.csv'));
  });
  it.each([
    [
      'a missing directory',
      (d: string) => join(d, 'nope', 'x.csv'),
      /directory .*nope does not exist$/,
    ],
    ['a directory', (d: string) => d, /is a directory; name a file$/],
    ['a special file', () => '/dev/null', /is not a regular file$/],
    [
      'a path through a file',
      (d: string) => {
        writeFileSync(join(d, 'f'), '');
        return join(d, 'f', 'x.csv');
      },
      /a part of the path is not a directory$/,
    ],
    [
      'a symlink loop',
      (d: string) => {
        symlinkSync(join(d, 'loop'), join(d, 'loop'));
        return join(d, 'loop');
      },
      /cannot use it \(ELOOP\)$/,
    ],
  ])('refuses %s with a usage error', async (_what, pathOf, message) => {
    const path = pathOf(tempDir());
    const e = await checkOutTarget(path).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message.startsWith(`--out ${path}: `)).toBe(true);
  });
  it.skipIf(asRoot)('refuses a directory this user cannot write', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    await expect(checkOutTarget(join(dir, 'x.csv'))).rejects.toThrow(/is not writable$/);
  });
});

describe('openFileOutput', () => {
  it('writes a temp file beside the target and renames it over the target on commit', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    const out = await openFileOutput(await checkOutTarget(file));
    out.stream.write('new');
    const [temp] = readdirSync(dir).filter((n) => n !== 'out.csv');
    expect(temp).toMatch(/^\.out\.csv\.[0-9a-f]{12}\.partial$/);
    expect(statSync(join(dir, temp!)).mode & 0o777).toBe(0o600);
    await out.commit();
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });
  it('discard removes the temp file, leaves the target alone, and may be called twice', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old');
    const out = await openFileOutput(await checkOutTarget(file));
    out.stream.write('half');
    await out.discard();
    await out.discard();
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(readFileSync(file, 'utf8')).toBe('old');
  });
  it('a directory gone since the check is a usage error, not a crash', async () => {
    const file = join(tempDir(), 'gone', 'out.csv');
    await expect(openFileOutput({ path: file, file, mode: undefined })).rejects.toThrow(
      /cannot create a file there \(ENOENT\)$/,
    );
  });
});
