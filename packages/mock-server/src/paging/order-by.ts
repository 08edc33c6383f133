import { fieldSpec, type ResourceName } from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';
import { quote } from '../filter/parse-filter.js';

/** One sort key. */
export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** Clover's default order: newest first (ties by id, descending). */
export const DEFAULT_ORDER: readonly SortKey[] = Object.freeze([
  Object.freeze({ field: 'createdTime', direction: 'desc' as const }),
]);

const KEY = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:\s+(ASC|DESC))?$/i;

/**
 * Reads `orderBy`, e.g. `createdTime DESC` or `total DESC, createdTime ASC`. Fields are any of
 * the resource's catalogue fields; the direction defaults to ASC. Absent means
 * {@link DEFAULT_ORDER}. A repeated parameter, unknown field, duplicate field or bad direction
 * throws `BAD_ORDER_BY`.
 *
 * @example parseOrderBy(['createdTime ASC'], 'orders') // [{ field: 'createdTime', direction: 'asc' }]
 */
export function parseOrderBy(
  values: readonly string[],
  resource: ResourceName,
): readonly SortKey[] {
  if (values.length > 1) {
    throw new MockError('BAD_ORDER_BY', `Parameter orderBy given ${values.length} times`);
  }
  const text = values[0];
  if (text === undefined) return DEFAULT_ORDER;
  const keys: SortKey[] = [];
  for (const part of text.split(',')) {
    const m = KEY.exec(part.trim());
    if (!m) throw new MockError('BAD_ORDER_BY', `Invalid orderBy ${quote(text)}`);
    const field = m[1] as string;
    if (fieldSpec(resource, field) === undefined) {
      throw new MockError('BAD_ORDER_BY', `Unknown orderBy field ${quote(field)} for ${resource}`);
    }
    if (keys.some((k) => k.field === field)) {
      throw new MockError('BAD_ORDER_BY', `orderBy names ${quote(field)} twice`);
    }
    keys.push({ field, direction: m[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc' });
  }
  return keys;
}
