import { CLOCK_MAX, CLOCK_MIN } from '../clock/virtual-clock.js';
import { MockError, type MockErrorCode } from '../errors/mock-error.js';

/**
 * Small checks for option values. Each throws a {@link MockError} (by default
 * `INVALID_OPTIONS`) naming the option, so a typo in a test's options fails at start-up.
 */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly code?: MockErrorCode;
}

/** `value` if it is a number within the rule, else `fallback` when undefined; throws otherwise. */
export function numberOption(
  name: string,
  value: unknown,
  rule: NumberRule & { readonly fallback: number },
): number {
  if (value === undefined) return rule.fallback;
  const code = rule.code ?? 'INVALID_OPTIONS';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MockError(code, `${name} must be a finite number, got ${String(value)}`);
  }
  if (rule.integer && !Number.isInteger(value)) {
    throw new MockError(code, `${name} must be an integer, got ${value}`);
  }
  if (rule.min !== undefined && value < rule.min) {
    throw new MockError(code, `${name} must be at least ${rule.min}, got ${value}`);
  }
  if (rule.max !== undefined && value > rule.max) {
    throw new MockError(code, `${name} must be at most ${rule.max}, got ${value}`);
  }
  return value;
}

/**
 * UTC ms of a `Date` or number option from 1970 to year 9999, else `fallback` when undefined;
 * throws otherwise.
 */
export function timeOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < CLOCK_MIN || ms > CLOCK_MAX) {
    throw new MockError(
      'INVALID_OPTIONS',
      `${name} must be a Date or UTC ms from 1970 to year 9999, got ${String(value)}`,
    );
  }
  return Math.floor(ms);
}
