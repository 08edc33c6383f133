import { MockError } from '../errors/mock-error.js';
import { MOCK_DEFAULTS } from '../options/defaults.js';
import type { FaultOptions } from '../options/mock-options.js';
import { numberOption } from '../options/validate.js';

/** Fault options with every default filled in. */
export interface FaultConfig {
  readonly seed: number;
  readonly latencyMs: number;
  readonly latencyJitterMs: number;
  readonly errorRate: number;
  readonly errorStatuses: readonly number[];
  readonly burstLength: number;
  readonly dropRate: number;
  readonly truncateRate: number;
}

/** No faults at all. */
export const NO_FAULTS: FaultConfig = Object.freeze({
  seed: MOCK_DEFAULTS.faults.seed,
  latencyMs: 0,
  latencyJitterMs: 0,
  errorRate: 0,
  errorStatuses: MOCK_DEFAULTS.faults.errorStatuses,
  burstLength: MOCK_DEFAULTS.faults.burstLength,
  dropRate: 0,
  truncateRate: 0,
});

/**
 * Validates fault options and fills in defaults; invalid values throw `INVALID_OPTIONS` (or the
 * given code, e.g. `INVALID_ARGUMENT` for the admin API).
 *
 * @example resolveFaults({ errorRate: 0.1, errorStatuses: [503], burstLength: 3 })
 */
export function resolveFaults(
  options: FaultOptions | undefined,
  code: 'INVALID_OPTIONS' | 'INVALID_ARGUMENT' = 'INVALID_OPTIONS',
): FaultConfig {
  const o = options ?? {};
  const rate = (name: keyof FaultOptions) =>
    numberOption(`faults.${name}`, o[name], { min: 0, max: 1, fallback: 0, code });
  const statuses = o.errorStatuses ?? NO_FAULTS.errorStatuses;
  if (!Array.isArray(statuses) || statuses.length === 0) {
    throw new MockError(code, 'faults.errorStatuses must be a non-empty array of statuses');
  }
  for (const s of statuses) {
    numberOption('faults.errorStatuses[]', s, {
      min: 400,
      max: 599,
      integer: true,
      fallback: 0,
      code,
    });
  }
  return Object.freeze({
    seed: numberOption('faults.seed', o.seed, {
      integer: true,
      min: Number.MIN_SAFE_INTEGER,
      max: Number.MAX_SAFE_INTEGER,
      fallback: NO_FAULTS.seed,
      code,
    }),
    latencyMs: numberOption('faults.latencyMs', o.latencyMs, {
      min: 0,
      max: 60_000,
      fallback: 0,
      code,
    }),
    latencyJitterMs: numberOption('faults.latencyJitterMs', o.latencyJitterMs, {
      min: 0,
      max: 60_000,
      fallback: 0,
      code,
    }),
    errorRate: rate('errorRate'),
    errorStatuses: Object.freeze([...statuses]),
    burstLength: numberOption('faults.burstLength', o.burstLength, {
      min: 1,
      max: 1_000_000,
      integer: true,
      fallback: NO_FAULTS.burstLength,
      code,
    }),
    dropRate: rate('dropRate'),
    truncateRate: rate('truncateRate'),
  });
}
