/**
 * What shell users expect of the built `cloverql` binary (issue #9): REPL help and settings that
 * confirm themselves, field listings, `.output`, completion scripts, profiles and usage errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

// Each test spawns the binary; starts take seconds on a loaded machine. A bound on a hung test.
vi.setConfig({ testTimeout: 120_000 });

const repl = (...lines: string[]) =>
  runCli(['repl'], { input: `${[...lines, '.exit'].join('\n')}\n` });

describe('REPL dot-commands', () => {
  it('.help names every dot-command and settings confirm what they set', async () => {
    const r = await repl(
      '.help',
      '.format csv',
      '.tz Europe/Paris',
      '.earliest 2024-01-01',
      '.earliest off',
    );
    expect(r.code).toBe(0);
    for (const name of [
      '.help',
      '.fields',
      '.explain',
      '.curl',
      '.format',
      '.tz',
      '.earliest',
      '.output',
      '.exit',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  \\${name}\\b`, 'm'));
    }
    expect(r.stdout).toContain('format: csv');
    expect(r.stdout).toContain('tz: Europe/Paris');
    expect(r.stdout).toContain('earliest: 2024-01-01T00:00:00.000Z');
    expect(r.stdout).toContain('earliest: off');
  });

  it('.fields lists a resource from the catalogue; an unknown one is one line on stderr', async () => {
    const r = await repl('.fields refunds', '.fields refund');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^refunds\tamount\tmoney\tserver\tno\t= != < <= > >= between/m);
    expect(r.stdout).toMatch(/^refunds\treason\tstring\tclient\tyes\t/m);
    expect(r.stderr).toContain("unknown resource 'refund' (did you mean refunds?)");
  });
});

describe('REPL .output', () => {
  it('empties the file when named, appends each query, and .output goes back to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloverql-out-'));
    const file = join(dir, 'out.ndjson');
    writeFileSync(file, 'old content\n');
    const q = 'payments where createdTime >= today - 20d limit 2';
    const r = await repl(
      '.format ndjson',
      `.output ${file}`,
      q,
      'refunds limit 1',
      '.output',
      q,
      `.output ${join(dir, 'missing', 'x.ndjson')}`,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`output: ${file}`);
    expect(r.stdout).toContain('output: stdout');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('id');
    expect(r.stdout.split('\n').filter((l) => l.includes('{"'))).toHaveLength(2);
    const refused = r.stderr.split('\n').filter((l) => l.includes('no such directory'));
    expect(refused).toEqual([`cloverql: .output: no such directory: ${join(dir, 'missing')}`]);
  });
});

describe('cloverql fields', () => {
  it('lists all three resources, or one', async () => {
    const all = await runCli(['fields']);
    expect(all.code).toBe(0);
    for (const r of ['orders', 'payments', 'refunds'])
      expect(all.stdout).toMatch(new RegExp(`^${r}\\tid\\t`, 'm'));
    const one = await runCli(['fields', 'payments']);
    expect(
      one.stdout
        .trim()
        .split('\n')
        .slice(1)
        .every((l) => l.startsWith('payments\t')),
    ).toBe(true);
  });

  it('exits 2 with one line for an unknown resource', async () => {
    const r = await runCli(['fields', 'refund']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('did you mean refunds?');
  });
});

describe('cloverql completion', () => {
  it('prints a bash script that bash sources and that completes commands, flags and fields', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'cloverql-comp-'));
    const script = join(dir, 'cloverql.bash');
    writeFileSync(script, r.stdout);
    const run = (words: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$1" && complete -p cloverql && COMP_WORDS=(${words}) && COMP_CWORD=$((\${#COMP_WORDS[@]}-1)) && _cloverql && echo "\${COMPREPLY[*]}"`,
          'x',
          script,
        ],
        { encoding: 'utf8' },
      );
    expect(run('cloverql qu')).toContain('complete -F _cloverql cloverql');
    expect(run('cloverql qu')).toMatch(/\bquery\b/);
    expect(run('cloverql query --for')).toMatch(/--format/);
    expect(run('cloverql query amo')).toMatch(/\bamount\b/);
  });

  it('prints zsh and fish scripts; an unknown shell is a usage error', async () => {
    for (const shell of ['zsh', 'fish']) {
      const r = await runCli(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('cloverql');
      expect(r.stdout).toContain('createdTime');
    }
    const bad = await runCli(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
