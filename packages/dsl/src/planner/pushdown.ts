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
      // Joined as it goes (join() and replaceAll() each cost more than the rest of a value on
      // Node 20). An index loop: the list may be frozen (a plan's are), and for…of over a frozen
      // array allocates per element on Node 20 (see render-requests.ts).
      let list = '';
      for (let i = 0; i < lit.values.length; i++) {
        const x = lit.values[i]!;
        const v = renderValue(x, spec);
        if (v === null) return null;
        const part = typeof x === 'string' ? quoted(v) : v;
        list = i === 0 ? part : `${list},${part}`;
      }
      return `${lit.field} in (${list})`;
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
  return v.length > 0 && !hasLineBreak(v) && !hasOuterSpace(v) ? v : null;
}

/** `'v'`, with each quote in it doubled. */
function quoted(v: string): string {
  return v.includes("'") ? `'${v.replaceAll("'", "''")}'` : `'${v}'`;
}

function hasLineBreak(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * Whether `v` (not empty) starts or ends with what trim() removes. Printable ASCII at both ends
 * (the usual value) is answered without trimming; anything else asks trim().
 */
function hasOuterSpace(v: string): boolean {
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return false;
  return v.trim() !== v;
}
