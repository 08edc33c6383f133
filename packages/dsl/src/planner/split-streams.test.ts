import { describe, expect, it } from 'vitest';
import { comparison, isNull } from '../predicate/predicate.js';
import type { Stream } from './plan-context.js';
import { dedupeStreams } from './split-streams.js';

const range = (lo: number, hi: number) => ({
  lower: { value: lo, inclusive: true },
  upper: { value: hi, inclusive: false },
});
const filter = (text: string) => ({ text, literal: isNull(text) });
const stream = (s: Partial<Stream>): Stream => ({
  range: range(0, 10),
  filters: [],
  residual: [],
  namesHidden: false,
  ...s,
});

describe('dedupeStreams', () => {
  it('keeps the first of streams with the same range, filters in any order and residual', () => {
    const a = stream({ filters: [filter('a'), filter('b')], residual: [comparison('x', '>', 1)] });
    const b = stream({ filters: [filter('b'), filter('a')], residual: [comparison('x', '>', 1)] });
    expect(dedupeStreams([a, b, a])).toEqual([a]);
    expect(dedupeStreams([a, b])[0]).toBe(a);
  });

  it('keeps streams that differ in range, an end, a filter or the residual', () => {
    const base = stream({ filters: [filter('a')] });
    const others = [
      stream({ filters: [filter('a')], range: range(0, 11) }),
      stream({
        filters: [filter('a')],
        range: { ...range(0, 10), lower: { value: 0, inclusive: false } },
      }),
      stream({ filters: [filter('a')], range: { lower: null, upper: range(0, 10).upper } }),
      stream({ filters: [filter('c')] }),
      stream({ filters: [filter('a'), filter('c')] }),
      stream({ filters: [filter('a')], residual: [comparison('x', '>', 1)] }),
      stream({ filters: [filter('a')], residual: [comparison('x', '>', 2)] }),
    ];
    expect(dedupeStreams([base, ...others])).toEqual([base, ...others]);
  });

  it('returns one stream as it is', () => {
    const only = [stream({})];
    expect(dedupeStreams(only)).toBe(only);
  });
});
