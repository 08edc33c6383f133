import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { needsPaging, type PagerContext, pagerCommand, writePaged } from './pager.js';

const base: PagerContext = {
  env: {},
  stdoutIsTTY: true,
  format: 'table',
  pager: true,
  onPath: () => true,
};

describe('pagerCommand', () => {
  it('uses $PAGER, else less -FRX when it is on the PATH, else none', () => {
    expect(pagerCommand({ ...base, env: { PAGER: 'more' } })).toBe('more');
    expect(pagerCommand(base)).toBe('less -FRX');
    expect(pagerCommand({ ...base, onPath: () => false })).toBeNull();
  });

  it('never pages off a terminal, other formats, --no-pager or CLOVERQL_PAGER=off', () => {
    expect(pagerCommand({ ...base, stdoutIsTTY: false, env: { PAGER: 'more' } })).toBeNull();
    expect(pagerCommand({ ...base, format: 'ndjson' })).toBeNull();
    expect(pagerCommand({ ...base, pager: false })).toBeNull();
    expect(pagerCommand({ ...base, env: { CLOVERQL_PAGER: 'off', PAGER: 'more' } })).toBeNull();
  });
});

describe('needsPaging', () => {
  it('pages only text taller than the terminal', () => {
    expect(needsPaging('a\nb\n', 24)).toBe(false);
    expect(needsPaging('x\n'.repeat(24), 24)).toBe(true);
    expect(needsPaging('x\n'.repeat(100), undefined)).toBe(false);
  });
});

describe('writePaged', () => {
  it('writes directly when the pager cannot start', async () => {
    const out = new PassThrough();
    let got = '';
    out.on('data', (d: Buffer) => {
      got += d.toString();
    });
    await writePaged('rows\n', { command: 'no-such-pager-cloverql', out });
    expect(got).toBe('rows\n');
  });
});
