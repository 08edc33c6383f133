import { describe, expect, it } from 'vitest';
import { parseColumnList } from './column-list.js';

describe('parseColumnList', () => {
  it('splits on commas, trims, and reads off or nothing as no choice', () => {
    expect(parseColumnList(' id, tender.label ,')).toEqual(['id', 'tender.label']);
    expect(parseColumnList('off')).toBeUndefined();
    expect(parseColumnList('')).toBeUndefined();
  });
});
