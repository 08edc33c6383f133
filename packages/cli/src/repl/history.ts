/** Persistent REPL history: one query per line in ~/.cloverql_history (or $CLOVERQL_HISTORY). */
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HISTORY_SIZE = 1000;

/** The history file, or null when history is switched off (`CLOVERQL_HISTORY=off`). */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string | null {
  const v = env.CLOVERQL_HISTORY;
  if (v === 'off' || v === '') return null;
  return v ?? join(homedir(), '.cloverql_history');
}

/** Earlier entries, most recent first (readline's order); a missing or unreadable file is empty. */
export function loadHistory(path: string | null): string[] {
  if (!path) return [];
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Appends one entry; a failure to write history never stops the REPL. */
export function appendHistory(path: string | null, entry: string): void {
  if (!path) return;
  try {
    appendFileSync(path, `${entry.replace(/\s*\n\s*/g, ' ')}\n`);
  } catch {
    // history is a convenience: a read-only home must not break the shell
  }
}
