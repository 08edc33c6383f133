/**
 * Loads a CommonJS file with V8's code cache, so a process that runs it does not parse and
 * compile it again. Node 20 has no compile cache for ES modules (module.enableCompileCache came in
 * 22.1); a `vm.Script` takes `cachedData`. The bundle loads the compiler this way (see
 * scripts/bundle.mjs): compiling chevrotain and the dsl, and the functions that build the parser,
 * was the largest part of `cloverql explain`'s start-up.
 *
 * The cache is only an optimisation: when it is missing, unreadable or rejected (another Node or
 * V8 version, other V8 flags, a rebuilt file), the file is compiled from its source as usual.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** A loaded CommonJS file. */
export interface CachedScript {
  /** What the file put in `module.exports`. */
  readonly exports: unknown;
  /** Whether V8 used the cache; false when there was none or it was rejected. */
  readonly cacheUsed: boolean;
  /**
   * The code cache as of now: it includes the functions compiled so far, so taken after a
   * representative run it also spares those functions' lazy compilation.
   */
  createCachedData(): Buffer;
}

/**
 * Runs the CommonJS file `file` with the code cache in `cacheFile`. `require(id)` inside it
 * returns `modules[id]` when given (to share a module already loaded as ESM), else Node's own.
 *
 * @example
 * const dsl = loadCachedScript({ file: '/pkg/dsl.cjs', cacheFile: '/pkg/dsl.cjs.cache' }).exports;
 */
export function loadCachedScript(opts: {
  file: string;
  cacheFile: string;
  modules?: Readonly<Record<string, unknown>>;
}): CachedScript {
  const source = readFileSync(opts.file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(opts.cacheFile);
  } catch {
    // No cache (not built, or removed): compile from source.
  }
  // The wrapper is on the first line so that line numbers in stack traces stay the file's own.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: opts.file, ...(cachedData ? { cachedData } : {}) },
  );
  const nodeRequire = createRequire(opts.file);
  const modules = opts.modules ?? {};
  const requireFn = (id: string): unknown =>
    Object.hasOwn(modules, id) ? modules[id] : nodeRequire(id);
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, requireFn, module, opts.file, dirname(opts.file));
  return {
    exports: module.exports,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    createCachedData: () => script.createCachedData(),
  };
}
