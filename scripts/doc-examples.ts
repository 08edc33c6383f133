/**
 * Keeps the examples in docs/language.md true: every ```cloverql block is compiled (with the
 * fixed options below, or those in an `<!-- options: {...} -->` comment just before it) and the
 * ```text block after it holds its `explain()` output or its formatted error. Catalogue tables sit
 * between `<!-- catalogue:NAME -->` and `<!-- /catalogue -->`.
 *
 * `renderLanguageDoc(text)` returns the doc with every generated part brought up to date; the test
 * fails when that differs from the file, and `pnpm docs` writes it.
 */
import { CATALOGUE, type CompileOptions, explain, isResourceName, tryCompile } from '@cloverql/dsl';

/** The instant the examples treat as now: Saturday 2024-06-01 00:00 UTC. */
export const DOC_NOW = Date.UTC(2024, 5, 1);

const BLOCK =
  /(<!-- options: (\{.*?\}) -->\n)?```cloverql\n([\s\S]*?)\n```\n(?:```text\n[\s\S]*?\n```\n)?/g;
const CATALOGUE_BLOCK = /<!-- catalogue:(\w+) -->\n[\s\S]*?<!-- \/catalogue -->/g;

export function exampleOutput(query: string, extra: CompileOptions = {}): string {
  const r = tryCompile(query, { now: DOC_NOW, tz: 'UTC', ...extra });
  return r.ok ? explain(r.plan) : r.errors.map((e) => e.format()).join('\n');
}

function catalogueTable(name: string): string {
  if (!isResourceName(name)) throw new Error(`unknown resource in docs: ${name}`);
  const rows = CATALOGUE[name].fields.map((f) => {
    const type = f.type === 'enum' ? `enum: ${(f.values ?? []).join(', ')}` : f.type;
    return `| \`${f.name}\` | ${type} | ${f.filterable ? 'yes' : 'no (client-side)'} | ${f.nullable ? 'yes' : ''} | ${f.doc} |`;
  });
  return [
    `<!-- catalogue:${name} -->`,
    '| field | type | server can filter | may be null | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '<!-- /catalogue -->',
  ].join('\n');
}

/** The doc with every example output and catalogue table regenerated. */
export function renderLanguageDoc(doc: string): string {
  return doc
    .replace(BLOCK, (...groups: (string | undefined)[]) => {
      const [, optLine, optJson, query = ''] = groups;
      const extra = optJson ? (JSON.parse(optJson) as CompileOptions) : {};
      return `${optLine ?? ''}\`\`\`cloverql\n${query}\n\`\`\`\n\`\`\`text\n${exampleOutput(query, extra)}\n\`\`\`\n`;
    })
    .replace(CATALOGUE_BLOCK, (_all, name: string) => catalogueTable(name));
}
