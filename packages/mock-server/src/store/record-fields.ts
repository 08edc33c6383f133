import { type ResourceName, resourceSpec } from '@cloverql/dsl';
import type { FieldValue, MockRecord } from './resource-table.js';

function readPath(record: MockRecord, path: string): unknown {
  let v: unknown = record;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * Every catalogue field of a record, read from its API shape (the field's `path` when it has
 * one): what the column accessors answer for a generated record, so a record the overlay holds
 * as an object filters exactly like one stored in columns.
 *
 * @example fieldsOf('orders', { id: 'X', orderType: { id: 'T' } }).get('orderType') // 'T'
 */
export function fieldsOf(resource: ResourceName, record: MockRecord): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  for (const spec of resourceSpec(resource).fields) {
    const v = readPath(record, spec.path ?? spec.name);
    out.set(
      spec.name,
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null,
    );
  }
  return out;
}
