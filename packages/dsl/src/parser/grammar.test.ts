import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCstDts } from '../lexer/chevrotain-runtime.js';
import { ALL_TOKENS } from '../lexer/tokens.js';
import { MAX_LOOKAHEAD, QueryParser } from './grammar.js';
import { LOOKAHEAD_TABLE } from './lookahead.generated.js';
import { type LookaheadTable, TabledLookahead } from './lookahead.js';

const CST_TYPES = fileURLToPath(new URL('./cst-types.generated.ts', import.meta.url));
const LOOKAHEAD = fileURLToPath(new URL('./lookahead.generated.ts', import.meta.url));

/** Every decision's lookahead as Chevrotain computes it (an empty table computes them all). */
function computedLookahead(): LookaheadTable {
  const table: Record<string, string[][][]> = {};
  new QueryParser({
    recovery: false,
    lookahead: new TabledLookahead({
      maxLookahead: MAX_LOOKAHEAD,
      table: {},
      tokens: ALL_TOKENS,
      computed: (key, paths) => {
        table[key] = paths.map((alt) => alt.map((path) => path.map((t) => t.name)));
      },
    }),
  });
  return table;
}

/** The lookahead table module, with a header saying where from. */
function lookaheadModule(table: LookaheadTable): string {
  const rows = Object.entries(table)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, paths]) => `  ${JSON.stringify(key)}: ${JSON.stringify(paths)},`);
  return [
    '/**',
    " * The parser's lookahead sequences as Chevrotain computes them from grammar.ts: do not edit.",
    ' * Read by lookahead.ts so building the parser skips computing them. Regenerate with',
    ' * `UPDATE_GOLDEN=1 pnpm exec vitest run packages/dsl/src/parser/grammar.test.ts`.',
    ' */',
    "import type { LookaheadTable } from './lookahead.js';",
    '',
    'export const LOOKAHEAD_TABLE: LookaheadTable = {',
    ...rows,
    '};',
    '',
  ].join('\n');
}

/** The CST types of the grammar as Chevrotain writes them, with a header saying where from. */
function cstTypes(): string {
  const dts = generateCstDts(new QueryParser({ recovery: false }).getGAstProductions(), {
    includeVisitorInterface: false,
  }).replace('import type { CstNode, ICstVisitor, IToken }', 'import type { CstNode, IToken }');
  return [
    '/**',
    " * The CST node types of the grammar, written by Chevrotain's `generateCstDts`: do not edit.",
    ' * `ast/build-ast.ts` reads the CST through them, so renaming a rule or a label in',
    ' * `grammar.ts` fails to compile until the CST-to-AST step follows. Regenerate with',
    ' * `UPDATE_GOLDEN=1 pnpm exec vitest run packages/dsl/src/parser/grammar.test.ts`.',
    ' */',
    dts.trimEnd(),
    '',
  ].join('\n');
}

describe('grammar', () => {
  it.each([false, true])(
    'passes Chevrotain validations, skipped at run time for start-up (recovery %s)',
    (recovery) => {
      expect(() => new QueryParser({ recovery, validate: true })).not.toThrow();
    },
  );

  it('has a committed lookahead table equal to what Chevrotain computes (UPDATE_GOLDEN=1 rewrites it)', () => {
    const computed = computedLookahead();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(LOOKAHEAD, lookaheadModule(computed));
    expect(Object.keys(computed).length).toBeGreaterThan(20);
    expect(LOOKAHEAD_TABLE).toEqual(computed);
  });

  it.each([false, true])('builds from the table alone (recovery %s)', (recovery) => {
    const missing: string[] = [];
    const lookahead = new TabledLookahead({
      maxLookahead: MAX_LOOKAHEAD,
      table: LOOKAHEAD_TABLE,
      tokens: ALL_TOKENS,
      computed: (key) => missing.push(key),
    });
    new QueryParser({ recovery, lookahead });
    expect(missing).toEqual([]);
  });

  it('has committed CST types that match it (UPDATE_GOLDEN=1 rewrites them)', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(CST_TYPES, cstTypes());
    expect(readFileSync(CST_TYPES, 'utf8')).toBe(cstTypes());
  });
});
