import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCstDts } from '../lexer/chevrotain-runtime.js';
import { QueryParser } from './grammar.js';

const CST_TYPES = fileURLToPath(new URL('./cst-types.generated.ts', import.meta.url));

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

  it('has committed CST types that match it (UPDATE_GOLDEN=1 rewrites them)', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(CST_TYPES, cstTypes());
    expect(readFileSync(CST_TYPES, 'utf8')).toBe(cstTypes());
  });
});
