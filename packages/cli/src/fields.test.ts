import { CATALOGUE, RESOURCE_NAMES } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { fieldRows, fieldsResources, renderFields } from './fields.js';

describe('fields listing', () => {
  it('lists every field of every resource when none is named', () => {
    const total = RESOURCE_NAMES.reduce((n, r) => n + CATALOGUE[r].fields.length, 0);
    expect(fieldRows(fieldsResources(undefined))).toHaveLength(total);
  });

  it('says where a field is filtered, whether it may be null and which operators it takes', () => {
    const rows = fieldRows(['payments']);
    const amount = rows.find((r) => r[1] === 'amount');
    expect(amount?.slice(2, 5)).toEqual(['money', 'server', 'no']);
    expect(amount?.[5]).toContain('between');
    const result = rows.find((r) => r[1] === 'result');
    expect(result?.[2]).toMatch(/^enum \(.*SUCCESS/);
    expect(result?.[5]).not.toContain('<');
    const client = CATALOGUE.payments.fields.find((f) => !f.filterable);
    expect(rows.find((r) => r[1] === client?.name)?.[3]).toBe('client');
  });

  it('prints tab-separated lines off a terminal and a table on one', () => {
    const plain = renderFields(['refunds'], { table: false }).split('\n');
    expect(plain[0]).toBe('resource\tfield\ttype\tfiltered\tnull\toperators');
    expect(plain).toHaveLength(CATALOGUE.refunds.fields.length + 1);
    expect(renderFields(['refunds'], { table: true })).toContain('│ refunds');
  });

  it('refuses an unknown resource with a suggestion', () => {
    expect(() => fieldsResources('refund')).toThrow(ConfigError);
    expect(() => fieldsResources('refund')).toThrow(/did you mean refunds/);
    expect(fieldsResources('Orders')).toEqual(['orders']);
  });
});
