/**
 * The field listing of `cloverql fields` and the REPL's `.fields`: every field of a resource with
 * its type, where it is filtered, whether it may be null and the operators it takes — all read
 * from the catalogue in `@cloverql/dsl`, so the listing cannot drift from what the compiler
 * accepts.
 */
import {
  fieldOperators,
  isResourceName,
  RESOURCE_NAMES,
  type ResourceName,
  resourceSpec,
  suggest,
} from '@cloverql/dsl';
import Table from 'cli-table3';
import { ConfigError } from './config.js';

const HEAD = ['resource', 'field', 'type', 'filtered', 'null', 'operators'] as const;

/**
 * The resources a `fields` argument names: the one given, or all three.
 *
 * @throws ConfigError for an unknown resource, with a suggestion.
 * @example fieldsResources(undefined) // ['orders', 'payments', 'refunds']
 */
export function fieldsResources(arg: string | undefined): readonly ResourceName[] {
  const name = arg?.trim().toLowerCase();
  if (!name) return RESOURCE_NAMES;
  if (isResourceName(name)) return [name];
  const guess = suggest(name, RESOURCE_NAMES);
  throw new ConfigError(
    `unknown resource '${arg}'${guess ? ` (did you mean ${guess}?)` : ''}; use ${RESOURCE_NAMES.join(', ')}`,
  );
}

/** The rows of the listing: one per field, in catalogue order. */
export function fieldRows(resources: readonly ResourceName[]): string[][] {
  return resources.flatMap((r) =>
    resourceSpec(r).fields.map((f) => [
      r,
      f.name,
      f.type === 'enum' && f.values ? `enum (${f.values.join('|')})` : f.type,
      f.filterable ? 'server' : 'client',
      f.nullable ? 'yes' : 'no',
      fieldOperators(f).join(' '),
    ]),
  );
}

/**
 * The listing as text: a boxed table for a terminal, else tab-separated lines under a header
 * line, for grep and cut.
 *
 * @example renderFields(['refunds'], { table: false }).split('\n')[0] // 'resource\tfield\t...'
 */
export function renderFields(
  resources: readonly ResourceName[],
  opts: { readonly table: boolean },
): string {
  const rows = fieldRows(resources);
  if (!opts.table) return [HEAD, ...rows].map((r) => r.join('\t')).join('\n');
  const table = new Table({ head: [...HEAD], style: { head: [], border: [] } });
  table.push(...rows);
  return table.toString();
}
