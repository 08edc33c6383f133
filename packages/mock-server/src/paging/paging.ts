import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';
import { quote } from '../filter/parse-filter.js';

/** Which slice of the ordered results a request asks for. */
export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
  /** Whether the request named `offset` (the `href` then echoes it). */
  readonly offsetGiven: boolean;
}

function single(name: string, values: readonly string[]): string | undefined {
  if (values.length > 1) {
    throw new MockError('BAD_PAGING', `Parameter ${name} given ${values.length} times`);
  }
  return values[0];
}

function integer(name: string, text: string, range: { min: number; max: number }): number {
  const n = Number(text);
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new MockError(
      'BAD_PAGING',
      `Invalid ${name} ${quote(text)}: expected an integer from ${range.min} to ${range.max}`,
    );
  }
  return n;
}

/**
 * Reads `limit` and `offset` ("Add pagination requests"): `limit` defaults to 100 and must be
 * 1..1000; `offset` defaults to 0 and must be a non-negative integer. A repeated parameter, a
 * `limit` above the maximum (a silent cap would look like a short last page) or a malformed value
 * throws `BAD_PAGING`.
 *
 * @example parsePaging({ limit: ['1000'], offset: [] }) // { limit: 1000, offset: 0, offsetGiven: false }
 */
export function parsePaging(params: {
  readonly limit: readonly string[];
  readonly offset: readonly string[];
}): PageRequest {
  const limit = single('limit', params.limit);
  const offset = single('offset', params.offset);
  return {
    limit:
      limit === undefined
        ? PAGE_LIMIT_DEFAULT
        : integer('limit', limit, { min: 1, max: PAGE_LIMIT_MAX }),
    offset:
      offset === undefined
        ? 0
        : integer('offset', offset, { min: 0, max: Number.MAX_SAFE_INTEGER }),
    offsetGiven: offset !== undefined,
  };
}
