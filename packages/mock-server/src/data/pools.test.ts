import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPools } from './pools.js';

const poolsHash = (seeds: readonly number[]) => {
  const h = createHash('sha256');
  for (const seed of seeds) {
    for (const region of ['us', 'eu'] as const) h.update(JSON.stringify(buildPools(seed, region)));
  }
  return h.digest('hex');
};

describe('buildPools', () => {
  // Computed on main before the faker import moved from the package entry to `locale/en`: the
  // faker-made names, dishes and notes must stay byte-identical, or every seed's data changes.
  it('builds the same pools as the full faker entry did', () => {
    expect(poolsHash([1, 42, 1234, 987654321])).toBe(
      'a5f9ef55e3fa94ec680657356ca5642af8da4ccb535666915c31d044a38e06b2',
    );
  });

  it('does not depend on what was built before with the shared faker instance', () => {
    const first = JSON.stringify(buildPools(7, 'us'));
    buildPools(8, 'eu');
    expect(JSON.stringify(buildPools(7, 'us'))).toBe(first);
  });
});
