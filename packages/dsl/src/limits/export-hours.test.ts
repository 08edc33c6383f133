import { describe, expect, it } from 'vitest';
import { REGION_BASE_URLS, REGIONS } from './clover-limits.js';
import {
  describeExportHours,
  EXPORT_HOURS,
  EXPORT_REGIONS,
  exportRegionOf,
  isExportOpen,
  nextExportOpening,
} from './export-hours.js';

const at = (iso: string) => Date.parse(iso);

describe('export availability hours (the Clover docs page "Export merchant data": "Availability time")', () => {
  // 2024-01-01 is a Monday, 2024-01-06 a Saturday, 2024-01-07 a Sunday.
  it('US is open MON-FRI 10:00-15:00 UTC, end exclusive', () => {
    expect(isExportOpen('us', at('2024-01-01T09:59:59.999Z'))).toBe(false);
    expect(isExportOpen('us', at('2024-01-01T10:00:00.000Z'))).toBe(true);
    expect(isExportOpen('us', at('2024-01-01T14:59:59.999Z'))).toBe(true);
    expect(isExportOpen('us', at('2024-01-01T15:00:00.000Z'))).toBe(false);
  });
  it('US is open SAT and SUN 10:00-15:00 UTC', () => {
    expect(isExportOpen('us', at('2024-01-06T10:30:00Z'))).toBe(true);
    expect(isExportOpen('us', at('2024-01-07T14:30:00Z'))).toBe(true);
    expect(isExportOpen('us', at('2024-01-07T15:30:00Z'))).toBe(false);
  });
  it('EU is open MON-FRI 01:00-05:00, SAT 02:00-05:00, SUN 02:00-06:00 UTC', () => {
    expect(isExportOpen('eu', at('2024-01-02T01:00:00Z'))).toBe(true);
    expect(isExportOpen('eu', at('2024-01-02T05:00:00Z'))).toBe(false);
    expect(isExportOpen('eu', at('2024-01-06T01:30:00Z'))).toBe(false);
    expect(isExportOpen('eu', at('2024-01-06T02:00:00Z'))).toBe(true);
    expect(isExportOpen('eu', at('2024-01-07T05:30:00Z'))).toBe(true);
    expect(isExportOpen('eu', at('2024-01-07T06:00:00Z'))).toBe(false);
  });
  it('sandbox is always open', () => {
    expect(isExportOpen('sandbox', at('2024-01-01T03:00:00Z'))).toBe(true);
    expect(nextExportOpening('sandbox', 5).opensAt).toBe(5);
  });
  it('finds the next opening, the same instant when open', () => {
    expect(nextExportOpening('us', at('2024-01-01T16:00:00Z'))).toEqual({
      opensAt: at('2024-01-02T10:00:00Z'),
      closesAt: at('2024-01-02T15:00:00Z'),
    });
    expect(nextExportOpening('us', at('2024-01-01T11:00:00Z')).opensAt).toBe(
      at('2024-01-01T11:00:00Z'),
    );
    expect(nextExportOpening('eu', at('2024-01-05T06:00:00Z')).opensAt).toBe(
      at('2024-01-06T02:00:00Z'),
    );
    expect(nextExportOpening('eu', at('2024-01-07T07:00:00Z')).opensAt).toBe(
      at('2024-01-08T01:00:00Z'),
    );
  });
  it('describes the hours as the 503 body states them', () => {
    expect(describeExportHours('us')).toBe(
      'MON-FRI 10:00-15:00, SAT 10:00-15:00, SUN 10:00-15:00 UTC',
    );
    expect(describeExportHours('eu')).toBe(
      'MON-FRI 01:00-05:00, SAT 02:00-05:00, SUN 02:00-06:00 UTC',
    );
  });
});

describe('regions', () => {
  it('gives every API region a host and the export hours it follows', () => {
    expect(Object.keys(REGION_BASE_URLS)).toEqual([...REGIONS]);
    expect(REGIONS.map(exportRegionOf)).toEqual(['us', 'us', 'eu', 'us', 'sandbox']);
    for (const r of EXPORT_REGIONS) expect(EXPORT_HOURS).toHaveProperty(r);
  });
});
