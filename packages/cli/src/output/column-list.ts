/**
 * The `--columns` / `.columns` list as typed. Kept apart from columns.ts, which needs the compiler:
 * parsing the flag must not load it (`cloverql --help` would pay for the parser).
 */

/**
 * Parses `a,b,c` (spaces allowed); `off` or empty means no choice.
 *
 * @example parseColumnList('id, tender.label') // ['id', 'tender.label']
 */
export function parseColumnList(text: string): string[] | undefined {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length === 0 || (names.length === 1 && names[0] === 'off') ? undefined : names;
}
