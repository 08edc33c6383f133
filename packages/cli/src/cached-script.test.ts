import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCachedScript } from './cached-script.js';

const SOURCE = `const shared = require('shared');
exports.add = (a, b) => a + b + shared.offset;
exports.fail = () => { throw new Error('from line 3'); };
exports.path = require('node:path').basename(__filename);
`;

describe('loadCachedScript', () => {
  let dir: string;
  let file: string;
  let cacheFile: string;
  const modules = { shared: { offset: 100 } };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cloverql-cached-script-'));
    file = join(dir, 'lib.cjs');
    cacheFile = `${file}.cache`;
    await writeFile(file, SOURCE);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const load = () => loadCachedScript({ file, cacheFile, modules });
  const exportsOf = (r: ReturnType<typeof load>) =>
    r.exports as { add(a: number, b: number): number; fail(): never; path: string };

  it('runs the file as CommonJS, with the given modules and node’s own for require()', () => {
    const r = load();
    expect(r.cacheUsed).toBe(false);
    expect(exportsOf(r).add(1, 2)).toBe(103);
    expect(exportsOf(r).path).toBe('lib.cjs');
  });

  it('uses a cache made by an earlier run', async () => {
    const first = load();
    exportsOf(first).add(1, 2);
    await writeFile(cacheFile, first.createCachedData());
    const second = load();
    expect(second.cacheUsed).toBe(true);
    expect(exportsOf(second).add(2, 3)).toBe(105);
  });

  it('compiles from source when the cache is not V8’s or is for another source', async () => {
    await writeFile(cacheFile, Buffer.from('not a code cache'));
    const garbage = load();
    expect(garbage.cacheUsed).toBe(false);
    expect(exportsOf(garbage).add(1, 1)).toBe(102);

    await writeFile(cacheFile, garbage.createCachedData());
    await writeFile(file, `${SOURCE}exports.more = 1;\n`);
    const rebuilt = load();
    expect(rebuilt.cacheUsed).toBe(false);
    expect((rebuilt.exports as { more: number }).more).toBe(1);
  });

  it('keeps the file’s own line numbers in stack traces', () => {
    const { fail } = exportsOf(load());
    const thrown = (() => {
      try {
        fail();
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(thrown?.message).toBe('from line 3');
    expect(thrown?.stack).toContain(`${file}:3:`);
  });

  it('throws when the file itself is missing', async () => {
    await rm(file);
    expect(load).toThrow(/ENOENT/);
  });
});
