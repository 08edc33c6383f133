import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.js';

describe('RecentIds', () => {
  it('remembers the most recent ids up to its capacity and forgets the oldest', () => {
    const ids = new RecentIds(3);
    expect(['a', 'b', 'c'].map((x) => ids.add(x))).toEqual([1, 1, 1]);
    expect(ids.add('a')).toBe(0);
    expect(ids.add('d')).toBe(0);
    expect(ids.size).toBe(3);
    expect(ids.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((x) => ids.has(x))).toBe(true);
  });
  it('stays bounded over many ids', () => {
    const ids = new RecentIds(100);
    for (let i = 0; i < 50_000; i++) ids.add(`id${i}`);
    expect(ids.size).toBe(100);
    expect(ids.has('id49999')).toBe(true);
    expect(ids.has('id49899')).toBe(false);
  });
});
