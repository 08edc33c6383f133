/**
 * What the server said about a failure, for error messages: Clover's JSON error bodies carry
 * `message` and `details` (e.g. `{"details":"Order not found","message":"Not Found"}`); other
 * bodies are quoted briefly.
 */

const MAX_TEXT = 300;

/**
 * The server's explanation in one line, or undefined for an empty body.
 *
 * @example serverMessage(Buffer.from('{"message":"Bad Request","details":"Unknown filter field: colour"}'))
 * // 'Bad Request: Unknown filter field: colour'
 */
export function serverMessage(body: Buffer): string | undefined {
  const text = body.toString('utf8').trim();
  if (!text) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object') {
      const o = json as Record<string, unknown>;
      const parts = [o.message, o.details, o.error]
        .filter((v): v is string => typeof v === 'string' && v.length > 0)
        .filter((v, i, all) => all.indexOf(v) === i);
      if (parts.length) return clip(parts.join(': '));
    }
  } catch {
    // Not JSON: quote the text.
  }
  return clip(text.replace(/\s+/g, ' '));
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
}
