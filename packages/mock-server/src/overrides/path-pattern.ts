import { MockError } from '../errors/mock-error.js';

/** A compiled path pattern: `test(path)` is true when the request path matches. */
export interface PathPattern {
  readonly source: string;
  test(path: string): boolean;
}

const escapeRegex = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compiles an override's path pattern. A pattern is an exact path, where `:name` stands for one
 * non-empty path segment and `*` for any run of characters (slashes included, possibly none).
 * A trailing slash on either side is ignored; the query string is never part of the match.
 * Throws `INVALID_ARGUMENT` unless the pattern starts with `/`.
 *
 * @example compilePathPattern('/v3/merchants/:mId/orders/*').test('/v3/merchants/M1/orders/A/line_items') // true
 */
export function compilePathPattern(pattern: string): PathPattern {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new MockError(
      'INVALID_ARGUMENT',
      `path must start with "/", got ${JSON.stringify(pattern)}`,
    );
  }
  const body = trimSlash(pattern)
    .split(/(:[A-Za-z_][A-Za-z0-9_]*|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : escapeRegex(part)))
    .join('');
  const regex = new RegExp(`^${body}$`);
  return { source: pattern, test: (path) => regex.test(trimSlash(path)) };
}

/** `/a/b/` → `/a/b`; `/` stays `/`. */
function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
