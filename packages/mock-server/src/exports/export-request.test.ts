import { DAY_MS, EXPORT_MAX_MS } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { parseExportRequest } from './export-request.js';

const start = Date.UTC(2024, 0, 1);
const code = (body: unknown) => {
  try {
    parseExportRequest(body);
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'ok';
};

describe('export request validation (the Clover docs page "Export merchant data" "Step 1" and "Usage considerations")', () => {
  it('accepts ORDERS and PAYMENTS with times as numbers or numeric strings', () => {
    expect(
      parseExportRequest({ type: 'ORDERS', startTime: start, endTime: start + DAY_MS }),
    ).toEqual({
      type: 'ORDERS',
      startTime: start,
      endTime: start + DAY_MS,
    });
    expect(
      parseExportRequest({ type: 'PAYMENTS', startTime: String(start), endTime: `${start}` }),
    ).toMatchObject({
      startTime: start,
      endTime: start,
    });
  });

  it('accepts exactly 30 days and refuses one millisecond more (the maximum time range)', () => {
    expect(code({ type: 'ORDERS', startTime: start, endTime: start + EXPORT_MAX_MS })).toBe('ok');
    expect(code({ type: 'ORDERS', startTime: start, endTime: start + EXPORT_MAX_MS + 1 })).toBe(
      'BAD_EXPORT_REQUEST',
    );
  });

  it('refuses an end before the start, a bad type and missing or malformed fields', () => {
    for (const body of [
      { type: 'ORDERS', startTime: start, endTime: start - 1 },
      { type: 'REFUNDS', startTime: start, endTime: start },
      { type: 'orders', startTime: start, endTime: start },
      { startTime: start, endTime: start },
      { type: 'ORDERS', endTime: start },
      { type: 'ORDERS', startTime: start },
      { type: 'ORDERS', startTime: 'yesterday', endTime: start },
      { type: 'ORDERS', startTime: 1.5, endTime: start },
      { type: 'ORDERS', startTime: -5, endTime: start },
      { type: 'ORDERS', startTime: {}, endTime: start },
      [],
      null,
      'ORDERS',
      undefined,
    ]) {
      expect(code(body), JSON.stringify(body)).toBe('BAD_EXPORT_REQUEST');
    }
  });
});
