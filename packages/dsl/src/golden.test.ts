/**
 * Golden plans: every folder of `fixtures/plans/` holds a query (`query.cloverql`, optional
 * `options.json`) and the plan it compiles to (`plan.json`), or the errors it fails with
 * (`errors.json`), so any change to a plan shows up in review as a diff of these files.
 *
 * Compiled with `now` = 2024-06-01T00:00:00Z unless `options.json` says otherwise; `now` and
 * `earliest` may be written there as ISO strings. Run with `UPDATE_GOLDEN=1` to rewrite the
 * expected files after an intended change, then review the diff.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CompileOptions, tryCompile } from './compile.js';

const ROOT = fileURLToPath(new URL('../../../fixtures/plans/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const DEFAULT_NOW = '2024-06-01T00:00:00Z';

/** Options from `options.json`, with ISO strings for the instants. */
function optionsOf(dir: string): CompileOptions {
  const file = join(dir, 'options.json');
  const raw = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  const instant = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : (v as number));
  const { now = DEFAULT_NOW, earliest, ...rest } = raw;
  return {
    ...(rest as CompileOptions),
    now: instant(now),
    ...(earliest === undefined ? {} : { earliest: instant(earliest) }),
  };
}

/** The plan, or the errors as plain data, as pretty JSON. */
function compiled(dir: string): { file: string; other: string; text: string; value: unknown } {
  const query = readFileSync(join(dir, 'query.cloverql'), 'utf8').replace(/\n$/, '');
  const r = tryCompile(query, optionsOf(dir));
  const value = r.ok
    ? r.plan
    : r.errors.map(({ code, message, offset, length, line, column, expected, hint }) => ({
        code,
        message,
        offset,
        length,
        line,
        column,
        expected,
        ...(hint === undefined ? {} : { hint }),
      }));
  return {
    file: r.ok ? 'plan.json' : 'errors.json',
    other: r.ok ? 'errors.json' : 'plan.json',
    text: `${JSON.stringify(value, null, 2)}\n`,
    value,
  };
}

/** Whether `o` and everything it holds is frozen (plans are immutable to every caller). */
function deeplyFrozen(o: unknown): boolean {
  return (
    o === null ||
    typeof o !== 'object' ||
    (Object.isFrozen(o) && Object.values(o).every(deeplyFrozen))
  );
}

const names = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('golden plans (fixtures/plans)', () => {
  it('has fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  it.each(names)('%s', (name) => {
    const dir = join(ROOT, name);
    const { file, other, text, value } = compiled(dir);
    if (file === 'plan.json')
      expect(deeplyFrozen(value), `${name}: plan not deeply frozen`).toBe(true);
    if (UPDATE) {
      writeFileSync(join(dir, file), text);
      rmSync(join(dir, other), { force: true });
      return;
    }
    expect(existsSync(join(dir, other)), `${name}/${other} should not exist`).toBe(false);
    expect(
      existsSync(join(dir, file)),
      `${name}/${file} is missing: run with UPDATE_GOLDEN=1`,
    ).toBe(true);
    expect(text).toBe(readFileSync(join(dir, file), 'utf8'));
  });
});
