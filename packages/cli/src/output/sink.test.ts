import { describe, expect, it } from 'vitest';
import { fakeIo } from '../test-io.js';
import { createSink, type OutputFormat } from './sink.js';
import { hasRawControl } from './test-control.js';

const payment = (id: string, amount: number) => ({
  id,
  createdTime: Date.UTC(2024, 4, 31, 12),
  amount,
  result: 'SUCCESS',
  tender: { label: 'Cash', id: 'T1' },
  order: { id: 'O1' },
});

async function render(
  format: OutputFormat,
  records: Record<string, unknown>[],
  opts: { csvRaw?: boolean; filterFields?: string[] } = {},
): Promise<string> {
  const io = fakeIo();
  const sink = createSink(format, { out: io.stdout, resource: 'payments', tz: 'UTC', ...opts });
  for (const r of records) await sink.write(r);
  await sink.end();
  return io.out();
}

describe('output formats', () => {
  it('ndjson writes one JSON object per line', async () => {
    const text = await render('ndjson', [payment('A', 1), payment('B', 2)]);
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['A', 'B']);
  });
  it('json writes one valid array, empty included', async () => {
    expect(
      JSON.parse(await render('json', [payment('A', 1), payment('B', 2)])).map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual(['A', 'B']);
    expect(JSON.parse(await render('json', []))).toEqual([]);
  });
  it('csv has one column per catalogue field, dotted headers, and quotes what needs it', async () => {
    const text = await render('csv', [{ ...payment('A', 1), tender: { label: 'Cash, "big"' } }]);
    const [header, row] = text.trim().split('\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['id', 'createdTime', 'clientCreatedTime']);
    expect(header).toContain('tender.label');
    expect(row).toContain('"Cash, ""big"""');
    expect(row?.startsWith(`A,${Date.UTC(2024, 4, 31, 12)},`)).toBe(true);
  });
  it('table adds the fields the query filters on after its default columns, three at most', async () => {
    const rec = { ...payment('A', 1250), tipAmount: 725, taxAmount: 99, offline: true };
    const header = (text: string) => text.split('\n')[1] ?? '';
    const text = await render('table', [rec], {
      filterFields: [
        'createdTime',
        'tipAmount',
        'nope',
        'taxAmount',
        'offline',
        'externalPaymentId',
      ],
    });
    expect(header(text)).toMatch(/order\.id\s*│ tipAmount\s*│ taxAmount\s*│ offline\s*│$/);
    expect(text).toContain('$7.25');
    expect(header(text)).not.toContain('externalPaymentId');
    expect(header(await render('table', [rec]))).toMatch(/order\.id\s*│$/);
  });
  it('csv with no records still writes the header', async () => {
    expect((await render('csv', [])).startsWith('id,createdTime,')).toBe(true);
  });
  it('table shows times in the zone and money in dollars', async () => {
    const text = await render('table', [payment('A', 1250)]);
    expect(text).toContain('2024-05-31 12:00:00');
    expect(text).toContain('$12.50');
    expect(text).toContain('Cash');
    expect(await render('table', [])).toBe('(no records)\n');
  });

  // Hostile free text, as Clover notes and labels can hold: ESC ]0; retitles the window, ESC [2J
  // clears the screen, CR rewrites the line, U+009B is a one-byte CSI.
  const HOSTILE = 'a\u001b]0;pwned\u0007b\u001b[2Jc\rd\u009be\u007ff\tg\nh';

  it('csv prefixes string cells a spreadsheet would run as a formula with a quote', async () => {
    const rows = (await render('csv', [{ ...payment('A', -1250), tender: { label: '=1+1' } }]))
      .trim()
      .split('\n');
    const header = rows[0]!.split(',');
    const cells = rows[1]!.split(',');
    expect(cells[header.indexOf('tender.label')]).toBe("'=1+1");
    // A JSON number stays a number, negative or not: it cannot be a formula.
    expect(cells[header.indexOf('amount')]).toBe('-1250');
    for (const [label, safe] of [
      ['+1+1', "'+1+1"],
      ['-2+3', "'-2+3"],
      ['-5', "'-5"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tx', "'\tx"],
      ['\rx', `"'\rx"`],
      ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
      ['Cash', 'Cash'],
      ['a=b', 'a=b'],
    ]) {
      const text = await render('csv', [{ ...payment('A', 1), tender: { label } }]);
      expect(text, label).toContain(`,${safe},`);
    }
  });

  it('csv with csvRaw writes formula-like cells as they are', async () => {
    const text = await render('csv', [{ ...payment('A', 1), tender: { label: '=1+1' } }], {
      csvRaw: true,
    });
    expect(text).toContain(',=1+1,');
    expect(text).not.toContain("'=");
  });

  it('table shows control characters escaped, never raw', async () => {
    const text = await render('table', [{ ...payment('A', 1), tender: { label: HOSTILE } }]);
    expect(hasRawControl(text, { allowNewlines: true })).toBe(false);
    expect(text).toContain('a\\x1b]0;pwned\\x07b\\x1b[2Jc\\rd\\x9be\\x7ff\\tg\\nh');
  });

  it('ndjson and json escape every control character, C1 and DEL too, and parse back', async () => {
    for (const format of ['ndjson', 'json'] as const) {
      const text = await render(format, [{ ...payment('A', 1), note: HOSTILE }]);
      expect(hasRawControl(text, { allowNewlines: true }), format).toBe(false);
      const parsed = format === 'json' ? JSON.parse(text)[0] : JSON.parse(text.trim());
      expect(parsed.note).toBe(HOSTILE);
    }
  });
});
