import { allowedFilterFields, type FieldSpec, fieldSpec, type ResourceName } from '@cloverql/dsl';
import { MockError } from '../errors/mock-error.js';
import type { Condition, FilterValue, RawFilter } from './filter-types.js';
import { quote } from './parse-filter.js';

const INTEGER = /^-?\d{1,16}$/;
const DECIMAL = /^-?\d{1,16}(?:\.\d{1,16})?$/;

function badValue(field: FieldSpec, text: string, expected: string): MockError {
  return new MockError(
    'BAD_FILTER_VALUE',
    `Invalid value ${quote(text)} for filter field ${field.name}: expected ${expected}`,
  );
}

/**
 * Coerces the text of a filter value to the field's type: integer epoch ms for times, integer
 * cents for money, `true`/`false` for booleans, a catalogue value (any case) for enums, the text
 * itself for strings and ids. Throws `BAD_FILTER_VALUE` naming field and value.
 *
 * @example coerceValue(fieldSpec('orders', 'state')!, 'PAID') // 'paid'
 */
export function coerceValue(field: FieldSpec, text: string): FilterValue {
  switch (field.type) {
    case 'time':
    case 'money': {
      const t = text.trim();
      const n = Number(t);
      if (!INTEGER.test(t) || !Number.isSafeInteger(n)) {
        throw badValue(field, text, field.type === 'time' ? 'epoch milliseconds' : 'integer cents');
      }
      return n;
    }
    case 'number': {
      const t = text.trim();
      if (!DECIMAL.test(t)) throw badValue(field, text, 'a number');
      return Number(t);
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') throw badValue(field, text, 'true or false');
      return t === 'true';
    }
    case 'enum': {
      const t = text.trim().toLowerCase();
      const canonical = field.values?.find((v) => v.toLowerCase() === t);
      if (canonical === undefined)
        throw badValue(field, text, `one of ${field.values?.join(', ')}`);
      return canonical;
    }
    case 'string':
    case 'id':
      return text;
    default: {
      const never: never = field.type;
      throw new TypeError(`unknown field type ${String(never)}`);
    }
  }
}

function filterableField(resource: ResourceName, name: string): FieldSpec {
  const spec = fieldSpec(resource, name);
  if (spec?.filterable) return spec;
  throw new MockError(
    'UNKNOWN_FILTER_FIELD',
    spec
      ? `Filter field ${quote(name)} is not filterable for ${resource}`
      : `Unknown filter field ${quote(name)} for ${resource}`,
    { details: `Allowed filter fields: ${allowedFilterFields(resource)}` },
  );
}

/**
 * Checks a parsed filter against the catalogue and types its values. Throws
 * `UNKNOWN_FILTER_FIELD` for a field the resource lacks or cannot filter on, `BAD_FILTER_OPERATOR`
 * for an ordering comparison on a boolean, `BAD_FILTER_VALUE` for a value of the wrong type.
 *
 * @example resolveFilter(parseFilter('state=PAID'), 'orders') // value 'paid'
 */
export function resolveFilter(raw: RawFilter, resource: ResourceName): Condition {
  const field = filterableField(resource, raw.field);
  switch (raw.kind) {
    case 'isNull':
      return { kind: 'isNull', field, negated: raw.negated, source: raw.source };
    case 'in': {
      const values = raw.items.map((item) => {
        if (
          !item.quoted &&
          (field.type === 'string' || field.type === 'id' || field.type === 'enum')
        ) {
          throw badValue(field, item.text, 'a single-quoted value');
        }
        return coerceValue(field, item.text);
      });
      return { kind: 'in', field, values, source: raw.source };
    }
    case 'comparison': {
      if (field.type === 'boolean' && raw.op !== '=' && raw.op !== '!=') {
        throw new MockError(
          'BAD_FILTER_OPERATOR',
          `Operator ${raw.op} does not apply to boolean filter field ${field.name}`,
        );
      }
      return {
        kind: 'comparison',
        field,
        op: raw.op,
        value: coerceValue(field, raw.value),
        source: raw.source,
      };
    }
    default: {
      const never: never = raw;
      throw new TypeError(`unknown filter ${JSON.stringify(never)}`);
    }
  }
}
