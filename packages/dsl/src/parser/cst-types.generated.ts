/**
 * The CST node types of the grammar, written by Chevrotain's `generateCstDts`: do not edit.
 * `ast/build-ast.ts` reads the CST through them, so renaming a rule or a label in
 * `grammar.ts` fails to compile until the CST-to-AST step follows. Regenerate with
 * `UPDATE_GOLDEN=1 pnpm exec vitest run packages/dsl/src/parser/grammar.test.ts`.
 */
import type { CstNode, IToken } from "chevrotain";

export interface QueryCstNode extends CstNode {
  name: "query";
  children: QueryCstChildren;
}

export type QueryCstChildren = {
  Export?: IToken[];
  resource: IToken[];
  Where?: IToken[];
  condition?: ConditionCstNode[];
  Group?: IToken[];
  groupBy?: IToken[];
  groupKey?: ExpressionCstNode[];
  Comma?: (IToken)[];
  Having?: IToken[];
  havingCondition?: HavingConditionCstNode[];
  Select?: IToken[];
  selectItem?: SelectItemCstNode[];
  Order?: IToken[];
  By?: IToken[];
  orderField?: ExpressionCstNode[];
  Asc?: IToken[];
  Desc?: IToken[];
  Limit?: IToken[];
  limitValue?: IToken[];
};

export interface SelectItemCstNode extends CstNode {
  name: "selectItem";
  children: SelectItemCstChildren;
}

export type SelectItemCstChildren = {
  expression: ExpressionCstNode[];
  As?: IToken[];
  alias?: IToken[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  call?: CallCstNode[];
  fieldRef?: FieldRefCstNode[];
};

export interface CallCstNode extends CstNode {
  name: "call";
  children: CallCstChildren;
}

export type CallCstChildren = {
  function: IToken[];
  LParen: IToken[];
  Distinct?: IToken[];
  argument?: FieldRefCstNode[];
  Comma?: IToken[];
  option?: IToken[];
  RParen: IToken[];
};

export interface HavingConditionCstNode extends CstNode {
  name: "havingCondition";
  children: HavingConditionCstChildren;
}

export type HavingConditionCstChildren = {
  havingDisjunct: (HavingDisjunctCstNode)[];
  Or?: IToken[];
};

export interface HavingDisjunctCstNode extends CstNode {
  name: "havingDisjunct";
  children: HavingDisjunctCstChildren;
}

export type HavingDisjunctCstChildren = {
  havingTerm: (HavingTermCstNode)[];
  And?: IToken[];
};

export interface HavingTermCstNode extends CstNode {
  name: "havingTerm";
  children: HavingTermCstChildren;
}

export type HavingTermCstChildren = {
  Not?: IToken[];
  havingTerm?: HavingTermCstNode[];
  LParen?: IToken[];
  havingCondition?: HavingConditionCstNode[];
  RParen?: IToken[];
  expression?: ExpressionCstNode[];
  CompareOp?: IToken[];
  value?: ValueCstNode[];
  Is?: IToken[];
  isNot?: IToken[];
  Null?: IToken[];
};

export interface ConditionCstNode extends CstNode {
  name: "condition";
  children: ConditionCstChildren;
}

export type ConditionCstChildren = {
  disjunct: (DisjunctCstNode)[];
  Or?: IToken[];
};

export interface DisjunctCstNode extends CstNode {
  name: "disjunct";
  children: DisjunctCstChildren;
}

export type DisjunctCstChildren = {
  term: (TermCstNode)[];
  And?: IToken[];
};

export interface TermCstNode extends CstNode {
  name: "term";
  children: TermCstChildren;
}

export type TermCstChildren = {
  Not?: IToken[];
  term?: TermCstNode[];
  LParen?: IToken[];
  condition?: ConditionCstNode[];
  RParen?: IToken[];
  predicate?: PredicateCstNode[];
};

export interface PredicateCstNode extends CstNode {
  name: "predicate";
  children: PredicateCstChildren;
}

export type PredicateCstChildren = {
  fieldRef: FieldRefCstNode[];
  CompareOp?: IToken[];
  value?: ValueCstNode[];
  Between?: IToken[];
  low?: ValueCstNode[];
  And?: IToken[];
  high?: ValueCstNode[];
  notIn?: IToken[];
  In?: IToken[];
  LParen?: IToken[];
  listValue?: ValueCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
  Is?: IToken[];
  isNot?: IToken[];
  Null?: IToken[];
};

export interface FieldRefCstNode extends CstNode {
  name: "fieldRef";
  children: FieldRefCstChildren;
}

export type FieldRefCstChildren = {
  segment?: (IToken)[];
  Dot?: IToken[];
};

export interface ValueCstNode extends CstNode {
  name: "value";
  children: ValueCstChildren;
}

export type ValueCstChildren = {
  sign?: IToken[];
  NumberLiteral?: IToken[];
  Money?: IToken[];
  StringLiteral?: IToken[];
  True?: IToken[];
  False?: IToken[];
  Null?: IToken[];
  DateLiteral?: IToken[];
  DateTimeLiteral?: IToken[];
  relativeTime?: RelativeTimeCstNode[];
};

export interface RelativeTimeCstNode extends CstNode {
  name: "relativeTime";
  children: RelativeTimeCstChildren;
}

export type RelativeTimeCstChildren = {
  base?: (IToken)[];
  stepSign?: (IToken)[];
  stepAmount?: IToken[];
};
