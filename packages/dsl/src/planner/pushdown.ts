/**
 * Push-down: which literals Clover can evaluate, written as `filter=` values in the syntax of
 * docs/decisions/2026-11-23-wire-contract.md. A literal that cannot be pushed exactly stays in the
 * plan's residual for the client to check.
 */
import { type FieldSpec, fieldNamed, type ResourceSpec } from '../catalogue/catalogue.js';
import { IN_LIST_MAX } from '../limits/clover-limits.js';
import type { Literal } from '../predicate/normal-forms.js';
import { assertNever, type Scalar } from '../predicate/predicate.js';

/**
 * The `filter=` value for a literal, or null when it must stay client-side: fields Clover cannot
 * filter; `not in`; `in` lists longer than Clover's advised 100 values; order comparisons on text
 * (Clover does not document their collation); comparisons on a time field other than the plan's,
 * which Clover would clamp on its own; strings Clover might trim.
 */
export function renderFilter(
  lit: Literal,
  ctx: { resource: ResourceSpec; timeField: string },
): string | null {
  const spec = fieldNamed(ctx.resource, lit.field);
  if (!spec?.filterable) return null;
  switch (lit.kind) {
    case 'isNull':
      return `${lit.field} IS ${lit.negated ? 'NOT NULL' : 'NULL'}`;
    case 'comparison': {
      if (spec.type === 'time' && lit.field !== ctx.timeField) return null;
      if ((spec.type === 'string' || spec.type === 'id') && lit.op !== '=' && lit.op !== '!=')
        return null;
      const v = renderValue(lit.value, spec);
      return v === null ? null : `${lit.field}${lit.op}${v}`;
    }
    case 'in': {
      if (lit.negated || lit.values.length > IN_LIST_MAX || spec.type === 'boolean') return null;
      if (spec.type === 'time' && lit.field !== ctx.timeField) return null;
      const parts = new Array<string>(lit.values.length);
      // An index loop: the list may be frozen (a plan's are), and for…of over a frozen array allocates per element
      // on Node 20 (see render-requests.ts).
      for (let i = 0; i < lit.values.length; i++) {
        const x = lit.values[i]!;
        const v = renderValue(x, spec);
        if (v === null) return null;
        parts[i] = typeof x === 'string' ? `'${v.replaceAll("'", "''")}'` : v;
      }
      return `${lit.field} in (${parts.join(',')})`;
    }
    default:
      return assertNever(lit);
  }
}

function renderValue(v: Scalar, spec: FieldSpec): string | null {
  if (typeof v === 'boolean') return spec.type === 'boolean' ? String(v) : null;
  if (typeof v === 'number') {
    const s = String(v);
    // String() writes an exponent as a lower-case `e` (1e+21, 1e-7).
    return Number.isFinite(v) && !s.includes('e') ? s : null;
  }
  // Empty values and values with outer spaces would be ambiguous in a URL filter.
  if (v.length === 0 || v.trim() !== v || v.includes('\n') || v.includes('\r')) return null;
  return v;
}
