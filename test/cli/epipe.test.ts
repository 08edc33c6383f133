/** A reader that closes stdout early (`cloverql query … | head -1`) ends the run quietly. */
import { describe, expect, it } from 'vitest';
import { startCli } from './run-cli.js';

describe('cloverql query | head -1', () => {
  it('exits 0 with no message when stdout is closed after the first line', async () => {
    const run = startCli(['query', 'orders', '--format', 'ndjson']);
    await run.waitFor('\n');
    run.child.stdout?.destroy();
    const r = await run.done;
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.code).toBe(0);
  });
});
