/**
 * The typed columns of each resource table, derived from the field catalogue of `@cloverql/dsl`
 * (never listed by hand): one column per catalogue field, named in snake_case of its path in the
 * record (`cardTransaction.cardType` → `card_transaction_card_type`).
 */
import { CATALOGUE, type FieldType, type ResourceName, readPath } from '@cloverql/dsl';

/** Which SQL dialect a destination speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** One typed column of a resource table. */
export interface ColumnSpec {
  /** Column name (snake_case of the field's path). */
  readonly column: string;
  /** Dotted path of the value in a record. */
  readonly path: string;
  readonly type: FieldType;
}

/** Columns every resource table has besides the catalogue's. */
export const BASE_COLUMNS = ['merchant_id', 'id', 'record', '_synced_at', '_deleted_at'] as const;

/**
 * `cardTransaction.cardType` → `card_transaction_card_type`.
 *
 * @example snakeCase('orderType.id') // 'order_type_id'
 */
export function snakeCase(path: string): string {
  return path
    .split('.')
    .map((s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase())
    .join('_');
}

/** The catalogue columns of a resource table, in catalogue order, without the key `id`. */
export function resourceColumns(resource: ResourceName): readonly ColumnSpec[] {
  const seen = new Set<string>(BASE_COLUMNS);
  const out: ColumnSpec[] = [];
  for (const f of CATALOGUE[resource].fields) {
    const path = f.path ?? f.name;
    const column = snakeCase(path);
    // `id` is the key; a field whose name collides with a base column is in `record` anyway.
    if (seen.has(column)) continue;
    seen.add(column);
    out.push({ column, path, type: f.type });
  }
  return out;
}

/** The SQL type of a catalogue field type in a dialect. */
export function sqlType(
  type: FieldType,
  dialect: Dialect,
): 'bigint' | 'integer' | 'text' | 'boolean' | 'timestamptz' {
  switch (type) {
    case 'time':
      return dialect === 'postgres' ? 'timestamptz' : 'integer';
    case 'money':
    case 'number':
      return dialect === 'postgres' ? 'bigint' : 'integer';
    case 'boolean':
      return dialect === 'postgres' ? 'boolean' : 'integer';
    case 'string':
    case 'enum':
    case 'id':
      return 'text';
    default: {
      const never: never = type;
      throw new Error(`unknown field type ${String(never)}`);
    }
  }
}

/** A record's value for a column, converted for the dialect (null when absent). */
export function columnValue(record: unknown, spec: ColumnSpec, dialect: Dialect): unknown {
  const v = readPath(record, spec.path);
  if (v === undefined || v === null) return null;
  switch (spec.type) {
    case 'time':
      if (typeof v !== 'number') return null;
      return dialect === 'postgres' ? new Date(v) : v;
    case 'boolean':
      if (typeof v !== 'boolean') return null;
      return dialect === 'postgres' ? v : v ? 1 : 0;
    case 'money':
    case 'number':
      return typeof v === 'number' ? v : null;
    default:
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}
