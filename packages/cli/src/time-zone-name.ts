/**
 * Whether a time zone name is one this runtime knows (`UTC`, `Europe/Paris`), without loading the
 * compiler: the config file and the REPL's `.tz` check names before any query is compiled.
 *
 * @example isTimeZone('Europe/Paris') // true
 */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
