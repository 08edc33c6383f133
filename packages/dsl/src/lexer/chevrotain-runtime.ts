/**
 * The Chevrotain runtime the compiler uses. Chevrotain 11's package entry (`lib/src/api.js`)
 * loads lodash-es as hundreds of ES modules, which costs ~400 ms on Node 20 before the first
 * query compiles; the same release ships a single-file bundle (`lib/chevrotain.min.mjs`,
 * ~27 ms) that is not in its `exports` map. We locate the entry, load the bundle beside it, and
 * fall back to the entry wherever that is not possible (a bundler, a runtime without
 * `import.meta.resolve`, a different layout). Types still come from `chevrotain` itself.
 */
import type * as Chevrotain from 'chevrotain';

async function load(): Promise<typeof Chevrotain> {
  try {
    const entry = import.meta.resolve('chevrotain');
    const bundle = new URL('../chevrotain.min.mjs', entry).href;
    if (entry.startsWith('file:') && entry.endsWith('/lib/src/api.js')) {
      return (await import(bundle)) as typeof Chevrotain;
    }
  } catch {
    // Fall through to the package entry.
  }
  return import('chevrotain');
}

const runtime = await load();

export const { createToken, CstParser, EOF, getLookaheadPaths, Lexer, LLkLookaheadStrategy } =
  runtime;
/** Writes the CST types of a grammar; from the same runtime as the parser, whose classes it checks. */
export const { generateCstDts } = runtime;
/** The instance types of the classes above, for annotations. */
export type Lexer = Chevrotain.Lexer;
export type CstParser = Chevrotain.CstParser;
