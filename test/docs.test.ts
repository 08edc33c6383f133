import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderLanguageDoc } from '../scripts/doc-examples.js';

describe('docs/language.md', () => {
  it('shows the plans and errors the compiler produces today (run `pnpm docs` to refresh)', () => {
    const path = fileURLToPath(new URL('../docs/language.md', import.meta.url));
    const doc = readFileSync(path, 'utf8');
    expect(doc).toContain('```cloverql');
    expect(renderLanguageDoc(doc)).toBe(doc);
  });
});
