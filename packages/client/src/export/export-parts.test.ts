import { describe, expect, it } from 'vitest';
import type { RawResponse } from '../http/http-types.js';
import { BadBodyError } from '../retry/with-retry.js';
import { classifyExport503 } from './export-503.js';
import { parseExportObject } from './export-object.js';

const raw = (body: unknown, status = 200): RawResponse => ({
  status,
  headers: {},
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

describe('classifyExport503', () => {
  it('recognises the hours 503 by its available hours', () => {
    expect(
      classifyExport503(
        raw(
          {
            details:
              'Exports are available MON-FRI 10:00-15:00, SAT 10:00-15:00, SUN 10:00-15:00 UTC',
            message: 'Service Unavailable',
            availableHours: 'MON-FRI 10:00-15:00 UTC',
          },
          503,
        ),
      ),
    ).toBe('hours');
    expect(
      classifyExport503(
        raw({ message: 'Service Unavailable', details: 'Available hours: 10:00-15:00 UTC' }, 503),
      ),
    ).toBe('hours');
    expect(classifyExport503(raw('Outside of available hours', 503))).toBe('hours');
  });

  it('counts every other 503 as busy', () => {
    expect(
      classifyExport503(
        raw(
          {
            details: 'Too many exports in progress (3 of 3); wait for one to finish',
            message: 'Service Unavailable',
          },
          503,
        ),
      ),
    ).toBe('busy');
    expect(
      classifyExport503(raw({ details: 'Injected fault', message: 'Service Unavailable' }, 503)),
    ).toBe('busy');
    expect(classifyExport503(raw('', 503))).toBe('busy');
  });
});

describe('parseExportObject', () => {
  it('reads id, status, percent and the file URLs in order', () => {
    const e = parseExportObject(
      raw({
        id: 'EXP1',
        status: 'DONE',
        percentComplete: 100,
        availableUntil: 5,
        exportUrls: {
          elements: [
            { url: 'http://h/f/1.json', export: { id: 'EXP1' } },
            { url: 'http://h/f/2.json' },
          ],
        },
      }),
    );
    expect(e).toEqual({
      id: 'EXP1',
      status: 'DONE',
      percentComplete: 100,
      availableUntil: 5,
      urls: ['http://h/f/1.json', 'http://h/f/2.json'],
    });
  });

  it('treats a pending export without files as having none yet', () => {
    expect(parseExportObject(raw({ id: 'E', status: 'pending' }))).toMatchObject({
      status: 'PENDING',
      urls: [],
    });
  });

  it('rejects bodies that are not export objects (so they are retried)', () => {
    for (const body of [
      '{',
      { status: 'DONE' },
      { id: 'E' },
      { id: 'E', status: 'DONE', exportUrls: { elements: [{ url: 'relative' }] } },
    ]) {
      expect(() => parseExportObject(raw(body))).toThrow(BadBodyError);
    }
  });
});
