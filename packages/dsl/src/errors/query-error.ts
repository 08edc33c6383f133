/**
 * Every user-facing compile failure is a `QueryError`: a stable `code`, a message, where it is
 * (offset, line, column, length), the tokens that were expected there and a hint. Callers match on
 * `code`, never on message text.
 */

/** The stable codes of `QueryError`. */
export type QueryErrorCode =
  | 'UNEXPECTED_CHARACTER'
  | 'UNTERMINATED_STRING'
  | 'SYNTAX_ERROR'
  | 'UNEXPECTED_END'
  | 'TOO_DEEP'
  | 'UNKNOWN_RESOURCE'
  | 'NOT_EXPORTABLE'
  | 'UNKNOWN_FIELD'
  | 'TYPE_MISMATCH'
  | 'UNKNOWN_ENUM_VALUE'
  | 'INVALID_OPERATOR'
  | 'INVALID_DATE'
  | 'INVALID_NUMBER'
  | 'INVALID_LIMIT'
  | 'MISSING_LOWER_BOUND'
  | 'INVALID_OPTION'
  | 'UNKNOWN_FUNCTION'
  | 'INVALID_ARGUMENT'
  | 'NOT_GROUPED'
  | 'MISPLACED_FUNCTION'
  | 'HAVING_WITHOUT_GROUP'
  | 'DUPLICATE_NAME'
  | 'UNSUPPORTED_CONDITION'
  | 'INTERNAL_ERROR';

/** Where in the source a diagnostic points. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** A diagnostic before it becomes an error: plain data, collected by every stage. */
export interface Diagnostic {
  readonly code: QueryErrorCode;
  readonly message: string;
  readonly span: Span;
  readonly expected?: readonly string[];
  readonly hint?: string;
}

/**
 * A compile error with its position. `format(source)` prints the offending line with a caret.
 *
 * @example
 * try { compile('payments where amout > 5') } catch (e) {
 *   if (e instanceof QueryError && e.code === 'UNKNOWN_FIELD') console.error(e.format())
 * }
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly code: QueryErrorCode;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly expected: readonly string[];
  readonly hint: string | undefined;
  /** The query text the error refers to (used by `format()` when no source is passed). */
  readonly source: string;
  /**
   * Every error found in the same compile, in source order (this one included). Not enumerable,
   * so an error serialises to JSON without the circular list.
   */
  declare readonly all: readonly QueryError[];

  constructor(
    diagnostic: Diagnostic,
    context: { source: string; others?: readonly Diagnostic[] } = { source: '' },
  ) {
    super(diagnostic.message);
    const { line, column } = lineAndColumn(context.source, diagnostic.span.offset);
    this.code = diagnostic.code;
    this.offset = diagnostic.span.offset;
    this.length = diagnostic.span.length;
    this.line = line;
    this.column = column;
    this.expected = diagnostic.expected ?? [];
    this.hint = diagnostic.hint;
    this.source = context.source;
    linkErrors([
      this,
      ...(context.others ?? []).map((d) => new QueryError(d, { source: context.source })),
    ]);
  }

  /**
   * The error as a few lines of text: code and message, the source line with a caret under the
   * offending span, and the hint.
   */
  format(source: string = this.source): string {
    const lines = source.split('\n');
    // Control characters (a tab above all) would shift the text against the caret line.
    const text = (lines[this.line - 1] ?? '').replace(/\p{Cc}/gu, ' ');
    const gutter = String(this.line);
    const caretLen = Math.max(1, Math.min(this.length, text.length - (this.column - 1)));
    const out = [`error[${this.code}]: ${this.message}`];
    if (source.length > 0) {
      const shown = clip(text, this.column - 1);
      out.push(
        `  ${gutter} | ${shown.text}`,
        `  ${' '.repeat(gutter.length)} | ${' '.repeat(shown.caretAt)}${'^'.repeat(Math.min(caretLen, 80))}`,
      );
    }
    if (this.expected.length > 0 && this.code !== 'UNKNOWN_FIELD') {
      out.push(`  expected: ${this.expected.join(', ')}`);
    }
    if (this.hint) out.push(`  hint: ${this.hint}`);
    return out.join('\n');
  }
}

/** Offsets where each line of the last source seen starts; errors of one compile share it. */
let lineIndex: { readonly source: string; readonly starts: readonly number[] } | undefined;

function lineStarts(source: string): readonly number[] {
  if (lineIndex?.source !== source) {
    const starts = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1))
      starts.push(i + 1);
    lineIndex = { source, starts };
  }
  return lineIndex.starts;
}

/**
 * 1-based line and column of an offset. Uses a line index kept for the last source, so the
 * errors of one compile cost a binary search each rather than a scan from the start.
 */
export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(source);
  const end = Math.min(offset, source.length);
  let lo = 0;
  let hi = starts.length - 1;
  // The last line start at or before `end`: newlines before the offset end a line.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= end) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Keeps a long line readable: at most ~100 characters around the caret. */
function clip(text: string, caret: number): { text: string; caretAt: number } {
  const width = 100;
  if (text.length <= width) return { text, caretAt: caret };
  const start = Math.max(0, Math.min(caret - 40, text.length - width));
  const prefix = start > 0 ? '…' : '';
  const end = start + width;
  return {
    text: `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`,
    caretAt: caret - start + prefix.length,
  };
}

/** Makes `all` of each error the given list (errors of one compile), as a hidden property. */
export function linkErrors(errors: readonly QueryError[]): readonly QueryError[] {
  const list = Object.freeze([...errors]);
  for (const e of list) {
    Object.defineProperty(e, 'all', { value: list, enumerable: false, configurable: true });
  }
  return list;
}
