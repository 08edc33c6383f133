// The queries the compile benchmarks time, shared by bench/suites/compile.ts (`pnpm bench`) and
// bench/compile-micro.mjs (plain node, from dist/): one list, so both measure the same thing.

/** The injected "now" of every timed compile. */
export const NOW = Date.UTC(2026, 0, 1);

export const QUERIES = {
  small: 'payments where createdTime >= today - 7d',
  medium:
    "payments where createdTime >= 2025-06-01 and createdTime < 2025-09-01 and amount > $25 and result in ('SUCCESS', 'AUTH') and tender.label != 'Cash' order by createdTime desc limit 500",
  '5-year':
    "orders where createdTime >= 2021-01-01 and (total > $100 or payType = 'FULL') and employee.id is not null",
};
