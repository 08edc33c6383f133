/** Types of compile-queries.mjs. */
export declare const NOW: number;
export declare const QUERIES: {
  readonly small: string;
  readonly medium: string;
  readonly '5-year': string;
};
