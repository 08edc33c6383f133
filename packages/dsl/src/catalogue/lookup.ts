import {
  CATALOGUE,
  type FieldSpec,
  fieldNamed,
  RESOURCE_NAMES,
  type ResourceName,
  type ResourceSpec,
} from './catalogue.js';

/** Whether `name` is a resource cloverql knows. */
export function isResourceName(name: string): name is ResourceName {
  return (RESOURCE_NAMES as readonly string[]).includes(name);
}

/**
 * The canonical spelling of an enum value of `field`, matched in any case; undefined when it is
 * not one. The check and normalize both ask: most values are written in their canonical
 * spelling, so those are found without lower-casing anything.
 */
export function canonicalEnumValue(field: FieldSpec, value: string): string | undefined {
  const values = field.values ?? [];
  if (values.includes(value)) return value;
  const lower = value.toLowerCase();
  return values.find((x) => x.toLowerCase() === lower);
}

/** The spec of a resource. */
export function resourceSpec(resource: ResourceName): ResourceSpec {
  return CATALOGUE[resource];
}

/** The spec of a field, or undefined when the resource has no such field. */
export function fieldSpec(resource: ResourceName, field: string): FieldSpec | undefined {
  return fieldNamed(CATALOGUE[resource], field);
}

/** Where a field's value lives in a record (its `path`, else its name). */
export function fieldPath(resource: ResourceName, field: string): string {
  return fieldSpec(resource, field)?.path ?? field;
}

/**
 * The value of `X-Clover-Allowed-Filter-Fields` for a resource: filterable field names joined by
 * a comma and a space, in the catalogue's order.
 *
 * @example allowedFilterFields('orders') // 'employee.id, note, modifiedTime, ...'
 */
export function allowedFilterFields(resource: ResourceName): string {
  return CATALOGUE[resource].fields
    .filter((f) => f.filterable)
    .map((f) => f.name)
    .join(', ');
}

/**
 * Reads a dotted path from a plain record; a missing step gives `undefined`.
 *
 * @example readPath({ employee: { id: 'A' } }, 'employee.id') // 'A'
 */
export function readPath(record: unknown, path: string): unknown {
  let cur: unknown = record;
  for (const step of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/**
 * The operators a query may use with a field, in the order the docs list them: ordered types
 * (time, money, number, string) take comparisons and `between`; the rest take `=`, `!=` and `in`.
 * Every field takes `is null`.
 *
 * @example fieldOperators(fieldSpec('payments', 'result')!) // ['=', '!=', 'in', 'is null', ...]
 */
export function fieldOperators(field: FieldSpec): readonly string[] {
  const ordered =
    field.type === 'time' ||
    field.type === 'money' ||
    field.type === 'number' ||
    field.type === 'string';
  return ordered
    ? ['=', '!=', '<', '<=', '>', '>=', 'between', 'in', 'is null', 'is not null']
    : ['=', '!=', 'in', 'is null', 'is not null'];
}
