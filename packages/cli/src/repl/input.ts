/**
 * Multi-line input: a line continues the query when the grammar says the text so far ends too
 * early (an open parenthesis, a dangling `and`, an unclosed string) or when it ends with `\`.
 */
import { tryCompile } from '@cloverql/dsl';

/** What to do with the text typed so far. */
export type InputState = 'empty' | 'incomplete' | 'complete';

/** Classifies the buffered text (lines joined with newlines). */
export function classifyInput(text: string): InputState {
  if (text.trim() === '') return 'empty';
  if (/\\\s*$/.test(text)) return 'incomplete';
  const r = tryCompile(text, { now: 0, earliest: 0 });
  if (r.ok) return 'complete';
  const early = r.errors.every(
    (e) => e.code === 'UNEXPECTED_END' || e.code === 'UNTERMINATED_STRING',
  );
  return early ? 'incomplete' : 'complete';
}

/** The query text of the buffered lines, with line-continuation backslashes removed. */
export function queryText(lines: readonly string[]): string {
  return lines.map((l) => l.replace(/\\\s*$/, '')).join('\n');
}
