/**
 * Writing one batch of records: classify each against the stored row (new, changed, unchanged),
 * then upsert the new and changed ones by `(merchant_id, id)`. Runs inside the caller's
 * transaction, so a batch is written whole or not at all.
 */
import type { ResourceName } from '@cloverql/dsl';
import type { Transaction } from 'kysely';
import { type ColumnSpec, columnValue, type Dialect, resourceColumns } from '../schema/columns.js';
import { canonicalJson } from './canonical-json.js';

/** What a batch did. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows newly marked deleted (or removed, with `hard`). */
  deleted: number;
}

/** Where a batch goes, and whether its records are deleted ones. */
export interface WriteContext {
  readonly merchantId: string;
  readonly resource: ResourceName;
  readonly dialect: Dialect;
  readonly syncedAt: number;
  /**
   * The records are deleted on the server (read with a `deletedTime` filter): their rows are
   * marked with `_deleted_at` = their `deletedTime`, or removed when `hard`.
   */
  readonly deleted?: { readonly hard: boolean } | undefined;
}

/** A record as the client yields it. */
export type SourceRecord = { readonly id: string; readonly [key: string]: unknown };

const columnsCache = new Map<ResourceName, readonly ColumnSpec[]>();
function columnsOf(resource: ResourceName): readonly ColumnSpec[] {
  let c = columnsCache.get(resource);
  if (!c) {
    c = resourceColumns(resource);
    columnsCache.set(resource, c);
  }
  return c;
}

/** Bound parameters per statement at most (SQLite allows 32 766, PostgreSQL 65 535). */
const MAX_PARAMS = 30_000;

/** A row's values for the table, converted for the dialect. */
export function rowOf(record: SourceRecord, ctx: WriteContext): Record<string, unknown> {
  const row: Record<string, unknown> = { merchant_id: ctx.merchantId, id: record.id };
  for (const c of columnsOf(ctx.resource)) row[c.column] = columnValue(record, c, ctx.dialect);
  row.record = JSON.stringify(record);
  row._synced_at = ctx.dialect === 'postgres' ? new Date(ctx.syncedAt) : ctx.syncedAt;
  row._deleted_at = null;
  if (ctx.deleted) {
    const t = (record as { deletedTime?: unknown }).deletedTime;
    const at = typeof t === 'number' ? t : ctx.syncedAt;
    row._deleted_at = ctx.dialect === 'postgres' ? new Date(at) : at;
  }
  return row;
}

const modifiedOf = (r: unknown): number | null => {
  const v = (r as { modifiedTime?: unknown } | null)?.modifiedTime;
  return typeof v === 'number' ? v : null;
};

/**
 * Upserts `records` (unique ids) of one merchant and resource. A stored version newer than the
 * incoming one (by `modifiedTime`) is kept: a late, stale read never overwrites a fresher row.
 */
export async function writeRecords(
  // biome-ignore lint/suspicious/noExplicitAny: dynamic schema.
  trx: Transaction<any>,
  records: readonly SourceRecord[],
  ctx: WriteContext,
): Promise<WriteCounts> {
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  if (records.length === 0) return counts;
  if (ctx.deleted?.hard) {
    for (let i = 0; i < records.length; i += 1000) {
      const r = await trx
        .deleteFrom(ctx.resource)
        .where('merchant_id', '=', ctx.merchantId)
        .where(
          'id',
          'in',
          records.slice(i, i + 1000).map((x) => x.id),
        )
        .executeTakeFirst();
      counts.deleted += Number(r.numDeletedRows);
    }
    return counts;
  }
  const perRow = columnsOf(ctx.resource).length + 5;
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  for (let i = 0; i < records.length; i += chunk) {
    const part = records.slice(i, i + chunk);
    const stored = new Map<string, { record: unknown; deleted: boolean }>();
    const rows = await trx
      .selectFrom(ctx.resource)
      .select(['id', 'record', '_deleted_at'])
      .where('merchant_id', '=', ctx.merchantId)
      .where(
        'id',
        'in',
        part.map((r) => r.id),
      )
      .execute();
    for (const r of rows) {
      stored.set(String(r.id), {
        record: typeof r.record === 'string' ? JSON.parse(r.record) : r.record,
        deleted: r._deleted_at !== null && r._deleted_at !== undefined,
      });
    }
    const write: Record<string, unknown>[] = [];
    for (const rec of part) {
      const old = stored.get(rec.id);
      if (ctx.deleted) {
        if (old?.deleted && canonicalJson(old.record) === canonicalJson(rec)) {
          counts.unchanged++;
          continue;
        }
        counts.deleted++;
      } else if (!old) {
        counts.inserted++;
      } else {
        const oldModified = modifiedOf(old.record);
        const newModified = modifiedOf(rec);
        const stale = oldModified !== null && newModified !== null && newModified < oldModified;
        if (stale || (!old.deleted && canonicalJson(old.record) === canonicalJson(rec))) {
          counts.unchanged++;
          continue;
        }
        counts.updated++;
      }
      write.push(rowOf(rec, ctx));
    }
    if (write.length === 0) continue;
    const first = write[0] as Record<string, unknown>;
    const updatable = Object.keys(first).filter((k) => k !== 'merchant_id' && k !== 'id');
    await trx
      .insertInto(ctx.resource)
      .values(write)
      .onConflict((oc) =>
        oc
          .columns(['merchant_id', 'id'])
          .doUpdateSet((eb) =>
            Object.fromEntries(updatable.map((k) => [k, eb.ref(`excluded.${k}`)])),
          ),
      )
      .execute();
  }
  return counts;
}
