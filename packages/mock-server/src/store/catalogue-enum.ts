import { fieldSpec, type ResourceName } from '@cloverql/dsl';

/**
 * The values of an enum field, from the shared catalogue (never copied here). Enum columns store
 * `index + 1` into this list.
 *
 * @example catalogueEnum('orders', 'state') // ['open', 'locked', 'paid']
 */
export function catalogueEnum(resource: ResourceName, field: string): readonly string[] {
  const values = fieldSpec(resource, field)?.values;
  if (!values) throw new TypeError(`catalogue has no enum ${resource}.${field}`);
  return values;
}

/** The stored code (`index + 1`) of an enum value; throws for a value the catalogue lacks. */
export function enumCode(values: readonly string[], value: string): number {
  const i = values.indexOf(value);
  if (i < 0) throw new TypeError(`enum value ${value} not in ${values.join(', ')}`);
  return i + 1;
}
