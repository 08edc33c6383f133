/**
 * `--since`: where the first run's backfill starts. A date or instant as the query language
 * writes them (`2024-01-01`, `2024-01-01T10:00:00Z`, unix ms), a relative time (`today - 365d`),
 * or `earliest` (found by {@link findEarliest}).
 */
import { compile, QueryError } from '@cloverql/dsl';
import { SyncError } from '../errors/sync-error.js';

/**
 * Resolves a `--since` that is not `earliest` to UTC ms, with the compiler's own reading of time
 * literals (same `now` and `tz`).
 *
 * @example parseSince('today - 30d', { now: Date.UTC(2026, 0, 7, 12) }) // Date.UTC(2025, 11, 8)
 */
export function parseSince(value: string, opts: { now: number; tz?: string | undefined }): number {
  const text = value.trim();
  if (text === '' || /\b(and|or|where)\b/i.test(text) || /[()']/.test(text)) {
    throw new SyncError(
      'INVALID_OPTIONS',
      `--since: expected a date, instant or relative time like "today - 365d", got ${JSON.stringify(value)}`,
    );
  }
  try {
    const plan = compile(`orders where createdTime >= ${text}`, {
      now: opts.now,
      ...(opts.tz !== undefined ? { tz: opts.tz } : {}),
    });
    const start = plan.range?.start;
    if (start === undefined) {
      throw new SyncError('INVALID_OPTIONS', `--since ${value} is not before now`);
    }
    return start;
  } catch (e) {
    if (e instanceof QueryError) {
      throw new SyncError(
        'INVALID_OPTIONS',
        `--since: expected a date, instant or relative time like "today - 365d", got ${JSON.stringify(value)}`,
        { cause: e },
      );
    }
    throw e;
  }
}
