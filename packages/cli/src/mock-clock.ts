/**
 * Where `cloverql mock`'s virtual clock starts unless `--clock-start` is given: a fixed instant,
 * so the same seed serves the same data on every run; `--clock-start now` follows real time. In
 * its own module so `--help` can show it without loading the mock server.
 *
 * @example parseInstant(MOCK_CLOCK_START, '--clock-start') // 1767225600000
 */
export const MOCK_CLOCK_START = '2026-01-01T00:00:00Z';
