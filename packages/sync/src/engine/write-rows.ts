/**
 * Writing one batch of records: classify each against the stored row (new, changed, unchanged),
 * then upsert the new and changed ones by `(merchant_id, id)`. Runs inside the caller's
 * transaction, so a batch is written whole or not at all.
 */
import type { ResourceName } from '@cloverql/dsl';
import type { Transaction } from 'kysely';
import type { RowShape, RowStore } from '../destination/row-store.js';
import { type Dialect, resourceColumns, sqlType } from '../schema/columns.js';
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
  /** The destination's batch statements. */
  readonly store: RowStore;
  readonly syncedAt: number;
  /**
   * The records are deleted on the server (read with a `deletedTime` filter): their rows are
   * marked with `_deleted_at` = their `deletedTime`, or removed when `hard`.
   */
  readonly deleted?: { readonly hard: boolean } | undefined;
}

/** A record as the client yields it. */
export type SourceRecord = { readonly id: string; readonly [key: string]: unknown };

/** How a resource's rows are built: the table's shape and one value reader per typed column. */
interface RowPlan {
  readonly shape: RowShape;
  readonly readers: readonly ((record: SourceRecord) => unknown)[];
}

const plans = new Map<string, RowPlan>();

/**
 * The columns of a resource table in row order (`merchant_id`, `id`, the catalogue's, `record`,
 * `_synced_at`, `_deleted_at`) and a reader per catalogue column, its path split once: reading
 * 24 paths of 100k records is a hot loop.
 */
function rowPlan(resource: ResourceName, dialect: Dialect): RowPlan {
  const key = `${resource}:${dialect}`;
  let plan = plans.get(key);
  if (plan) return plan;
  const time = dialect === 'postgres' ? 'timestamptz' : 'integer';
  const specs = resourceColumns(resource);
  plan = {
    shape: {
      table: resource,
      columns: [
        { name: 'merchant_id', sqlType: 'text' },
        { name: 'id', sqlType: 'text' },
        ...specs.map((c) => ({ name: c.column, sqlType: sqlType(c.type, dialect) })),
        { name: 'record', sqlType: dialect === 'postgres' ? 'jsonb' : 'text' },
        { name: '_synced_at', sqlType: time },
        { name: '_deleted_at', sqlType: time },
      ],
    },
    readers: specs.map((c) => {
      const steps = c.path.split('.');
      const read = (record: SourceRecord): unknown => {
        let cur: unknown = record;
        for (const step of steps) {
          if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return null;
          cur = (cur as Record<string, unknown>)[step];
        }
        return cur;
      };
      switch (c.type) {
        case 'time':
          return (r) => {
            const v = read(r);
            if (typeof v !== 'number') return null;
            return dialect === 'postgres' ? new Date(v) : v;
          };
        case 'boolean':
          return (r) => {
            const v = read(r);
            if (typeof v !== 'boolean') return null;
            return dialect === 'postgres' ? v : v ? 1 : 0;
          };
        case 'money':
        case 'number':
          return (r) => {
            const v = read(r);
            return typeof v === 'number' ? v : null;
          };
        default:
          return (r) => {
            const v = read(r);
            if (v === undefined || v === null) return null;
            return typeof v === 'string'
              ? v
              : typeof v === 'object'
                ? JSON.stringify(v)
                : String(v);
          };
      }
    }),
  };
  plans.set(key, plan);
  return plan;
}

/**
 * A row's values in {@link rowPlan} order, converted for the dialect. `json` is the record's JSON
 * text, stored as is (SQLite) or parsed once by the server into jsonb (PostgreSQL).
 */
function rowOf(
  record: { readonly value: SourceRecord; readonly json: string },
  plan: RowPlan,
  ctx: WriteContext,
): readonly unknown[] {
  const { value, json } = record;
  const pg = ctx.dialect === 'postgres';
  const t = (ms: number) => (pg ? new Date(ms) : ms);
  const row: unknown[] = [ctx.merchantId, value.id];
  for (const read of plan.readers) row.push(read(value));
  let deletedAt: unknown = null;
  if (ctx.deleted) {
    const d = (value as { deletedTime?: unknown }).deletedTime;
    deletedAt = t(typeof d === 'number' ? d : ctx.syncedAt);
  }
  row.push(json, t(ctx.syncedAt), deletedAt);
  return row;
}

/** A batch's rows for the SQLite writer thread (destination/sqlite-writer.ts). */
export interface BatchRows {
  readonly columns: readonly string[];
  readonly recordIndex: number;
  readonly rows: (readonly unknown[])[];
  /** Each record's `modifiedTime` (null when it has none), for the stale check. */
  readonly modified: (number | null)[];
}

/**
 * The record without its top-level `href`: the URL it was read from is not data (it names the
 * host), and keeping it would make the same version look changed when read through another host.
 */
export function withoutHref(rec: SourceRecord): SourceRecord {
  if (!Object.hasOwn(rec, 'href')) return rec;
  const { href: _href, ...rest } = rec;
  return rest as SourceRecord;
}

/**
 * `JSON.stringify(withoutHref(rec))`, without copying the record: Clover (and the mock) put
 * `href` first, so its text is cut from the front of the record's; elsewhere, the copy.
 */
export function jsonOf(rec: SourceRecord): string {
  const text = JSON.stringify(rec);
  if (!Object.hasOwn(rec, 'href')) return text;
  const head = `{"href":${JSON.stringify(rec.href)}`;
  if (text.startsWith(head)) {
    return text.length === head.length + 1 ? '{}' : `{${text.slice(head.length + 1)}`;
  }
  return JSON.stringify(withoutHref(rec));
}

/**
 * The rows of `records` (as read, `href` and all: it is left out of their text here) in the
 * table's column order, each with the record's JSON text, built on
 * the main thread so that the writer thread only classifies and writes them. A batch of deleted
 * records removed outright (`hard`) needs only the ids (the rows then hold just the key).
 */
export function batchRows(records: readonly SourceRecord[], ctx: WriteContext): BatchRows {
  const plan = rowPlan(ctx.resource, ctx.dialect);
  const columns = plan.shape.columns.map((c) => c.name);
  const rows: (readonly unknown[])[] = new Array(records.length);
  const modified: (number | null)[] = new Array(records.length);
  const hard = ctx.deleted?.hard === true;
  for (let i = 0; i < records.length; i++) {
    const rec = records[i] as SourceRecord;
    rows[i] = hard ? [ctx.merchantId, rec.id] : rowOf({ value: rec, json: jsonOf(rec) }, plan, ctx);
    modified[i] = modifiedOf(rec);
  }
  return { columns, recordIndex: columns.length - 3, rows, modified };
}

const modifiedOf = (r: unknown): number | null => {
  const v = (r as { modifiedTime?: unknown } | null)?.modifiedTime;
  return typeof v === 'number' ? v : null;
};

/** Ids per lookup of stored rows. */
const LOOKUP_CHUNK = 1000;

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
  const plan = rowPlan(ctx.resource, ctx.dialect);
  // Rows absent from the table, and rows that replace a stored one.
  const fresh: (readonly unknown[])[] = [];
  const write: (readonly unknown[])[] = [];
  for (let i = 0; i < records.length; i += LOOKUP_CHUNK) {
    const part = records.slice(i, i + LOOKUP_CHUNK);
    const stored = await ctx.store.stored(trx, {
      table: ctx.resource,
      merchantId: ctx.merchantId,
      ids: part.map((r) => r.id),
    });
    for (const rec of part) {
      const json = JSON.stringify(rec);
      const old = stored.get(rec.id);
      if (old) {
        // The stored text is what an earlier run wrote (SQLite): equal text is the same version,
        // without parsing it; otherwise compare canonically (key order may differ, and jsonb
        // reorders keys).
        const oldRecord: unknown =
          typeof old.record === 'string'
            ? old.record === json
              ? rec
              : JSON.parse(old.record)
            : old.record;
        const same = oldRecord === rec || canonicalJson(oldRecord) === canonicalJson(rec);
        if (ctx.deleted) {
          if (old.deleted && same) {
            counts.unchanged++;
            continue;
          }
          counts.deleted++;
        } else {
          const oldModified = modifiedOf(oldRecord);
          const newModified = modifiedOf(rec);
          const stale = oldModified !== null && newModified !== null && newModified < oldModified;
          if (stale || (!old.deleted && same)) {
            counts.unchanged++;
            continue;
          }
          counts.updated++;
        }
      } else if (ctx.deleted) counts.deleted++;
      else counts.inserted++;
      (old ? write : fresh).push(rowOf({ value: rec, json }, plan, ctx));
    }
  }
  if (fresh.length > 0) {
    if (ctx.store.insert) await ctx.store.insert(trx, plan.shape, fresh);
    else write.push(...fresh);
  }
  if (write.length > 0) await ctx.store.upsert(trx, plan.shape, write);
  return counts;
}
