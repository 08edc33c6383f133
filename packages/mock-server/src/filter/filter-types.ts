import type { FieldSpec } from '@cloverql/dsl';

/** Comparison operators of `filter=`, in Clover's spelling. */
export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** One item of an `in (...)` list as written: single-quoted or bare. */
export interface ListItem {
  readonly text: string;
  readonly quoted: boolean;
}

/** A `filter=` parameter split into its parts, before the catalogue is consulted. */
export type RawFilter =
  | {
      readonly kind: 'comparison';
      readonly field: string;
      readonly op: ComparisonOp;
      readonly value: string;
      readonly source: string;
    }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly items: readonly ListItem[];
      readonly source: string;
    }
  | {
      readonly kind: 'isNull';
      readonly field: string;
      readonly negated: boolean;
      readonly source: string;
    };

/** A filter value after coercion: time and money as numbers, enums in canonical spelling. */
export type FilterValue = string | number | boolean;

/** A filter checked against the catalogue, with typed values. */
export type Condition =
  | {
      readonly kind: 'comparison';
      readonly field: FieldSpec;
      readonly op: ComparisonOp;
      readonly value: FilterValue;
      readonly source: string;
    }
  | {
      readonly kind: 'in';
      readonly field: FieldSpec;
      readonly values: readonly FilterValue[];
      readonly source: string;
    }
  | {
      readonly kind: 'isNull';
      readonly field: FieldSpec;
      readonly negated: boolean;
      readonly source: string;
    };
