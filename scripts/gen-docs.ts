/** `pnpm docs`: regenerates the examples and tables in docs/language.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderLanguageDoc } from './doc-examples.js';

const path = fileURLToPath(new URL('../docs/language.md', import.meta.url));
const before = readFileSync(path, 'utf8');
const after = renderLanguageDoc(before);
writeFileSync(path, after);
process.stdout.write(
  before === after ? 'docs/language.md is up to date\n' : 'docs/language.md regenerated\n',
);
