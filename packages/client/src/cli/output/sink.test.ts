import { describe, expect, it } from 'vitest';
import { fakeIo } from '../test-io.js';
import { createSink, type OutputFormat } from './sink.js';

const payment = (id: string, amount: number) => ({
  id,
  createdTime: Date.UTC(2024, 4, 31, 12),
  amount,
  result: 'SUCCESS',
  tender: { label: 'Cash', id: 'T1' },
  order: { id: 'O1' },
});

async function render(format: OutputFormat, records: Record<string, unknown>[]): Promise<string> {
  const io = fakeIo();
  const sink = createSink(format, { out: io.stdout, resource: 'payments', tz: 'UTC' });
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
});
