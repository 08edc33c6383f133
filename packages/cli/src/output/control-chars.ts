/**
 * Text from Clover (notes, labels, its own error messages) is free text, and a terminal obeys the
 * control characters in whatever it prints: ESC ]0; retitles the window, ESC [2J clears the
 * screen, CR overwrites the line. Everything the CLI prints for people goes through here.
 */

/** C0 controls, DEL and C1 controls (U+0080–U+009F; some terminals act on them as ESC + x). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `\xHH` (or `\t`, `\n`, `\r`) for one control character. */
function visible(c: string): string {
  return NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * Shows control characters visibly instead of sending them to the terminal; `keepNewlines`
 * leaves line breaks alone (for multi-line messages such as the caret error).
 *
 * @example escapeControl('\u001b]0;pwned\u0007') === '\\x1b]0;pwned\\x07'
 */
export function escapeControl(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(opts.keepNewlines ? CONTROL_BUT_NEWLINE : CONTROL, visible);
}

/**
 * JSON with DEL and C1 controls escaped as `\u00XX` too (`JSON.stringify` escapes only C0), so
 * NDJSON and JSON on a terminal are as safe as the table. The value parses back unchanged.
 *
 * @example safeJson({ note: '\u009b2J' }) === '{"note":"\\u009b2J"}'
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
