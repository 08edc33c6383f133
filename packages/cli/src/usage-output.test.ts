import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { fakeIo } from './test-io.js';
import { usageLine } from './usage-output.js';

describe('usage errors', () => {
  it('turn commander messages into one cloverql: line', () => {
    expect(usageLine("error: unknown command 'frob'\n")).toBe(
      "cloverql: unknown command 'frob' (cloverql --help for usage)",
    );
  });

  it('exit 2 with exactly one line for each commander error path', async () => {
    for (const argv of [
      ['frobnicate'],
      ['--bogus'],
      ['query'],
      ['query', 'payments', '--bogus'],
      ['query', 'payments', '--format', 'xml'],
      ['query', 'payments', '--region'],
      ['fields', 'orders', 'payments'],
      ['completion', 'tcsh'],
    ]) {
      const io = fakeIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      const lines = io.err().trimEnd().split('\n');
      expect(lines, argv.join(' ')).toHaveLength(1);
      expect(lines[0], argv.join(' ')).toMatch(/^cloverql: .*\(cloverql --help for usage\)$/);
      expect(io.err()).not.toContain('internal error');
    }
  });
});
