import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyText, copyTime, copyValue } from './row-store.js';

/** COPY's text format read back: the inverse of {@link copyValue} for one field. */
function readField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

describe('COPY text encoding', () => {
  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(copyValue('plain text, "quoted" é ☃')).toBe('plain text, "quoted" é ☃');
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    // A string that reads like COPY's NULL marker stays a string.
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue('\\.')).toBe('\\\\.');
  });

  it('writes null as \\N, booleans as t/f, numbers as digits, objects as JSON', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(false)).toBe('f');
    expect(copyValue(-1234)).toBe('-1234');
    expect(copyValue({ a: 'x\ty' })).toBe('{"a":"x\\\\ty"}');
  });

  it('writes a date as timestamptz text exact to the millisecond, an invalid one as null', () => {
    expect(copyValue(new Date(Date.UTC(2026, 0, 7, 12, 3, 4, 5)))).toBe(
      '2026-01-07 12:03:04.005+00',
    );
    expect(copyValue(new Date(Number.NaN))).toBe('\\N');
    expect(copyTime(0)).toBe('1970-01-01 00:00:00.000+00');
    expect(copyTime(-1)).toBe('1969-12-31 23:59:59.999+00');
  });

  it('copyTime agrees with toISOString for any instant of years 0 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(copyTime(ms)).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 23)}+00`);
      }),
      { numRuns: 2000 },
    );
  });

  it('rows of any strings read back field for field', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.option(fc.string({ unit: 'binary' })), { minLength: 1, maxLength: 5 }),
        ),
        (rows) => {
          const text = copyText(rows);
          const lines = text === '' ? [] : text.slice(0, -1).split('\n');
          expect(lines.map((l) => l.split('\t').map(readField))).toEqual(
            rows.map((r) => r.map((v) => v ?? null)),
          );
        },
      ),
    );
  });
});
