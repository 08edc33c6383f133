import { compile } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { ClientError } from '../errors/client-error.js';
import { run } from './run.js';

const now = Date.UTC(2026, 0, 1);
const options = { token: 't', merchantId: 'M', baseUrl: 'http://127.0.0.1:1' };

function thrown(f: () => unknown): ClientError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClientError) return e;
    throw e;
  }
  throw new Error('expected a ClientError');
}

describe('run: the plan it is given', () => {
  it('refuses a plan of another version at once, naming the version', () => {
    const plan = compile('payments where createdTime >= 2025-12-01', { now });
    for (const version of [1, 3]) {
      const e = thrown(() => run({ ...plan, version } as never, options));
      expect(e.code).toBe('INVALID_OPTIONS');
      expect(e.message).toContain(`has version ${version}, expected 2`);
    }
  });

  it('accepts a version 2 plan without sending anything until iteration', () => {
    const plan = compile('payments where createdTime >= 2025-12-01', { now });
    expect(plan.version).toBe(2);
    expect(() => run(plan, options)).not.toThrow();
  });
});
