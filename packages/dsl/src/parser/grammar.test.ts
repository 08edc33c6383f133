import { describe, expect, it } from 'vitest';
import { QueryParser } from './grammar.js';

describe('grammar', () => {
  it.each([false, true])(
    'passes Chevrotain validations, skipped at run time for start-up (recovery %s)',
    (recovery) => {
      expect(() => new QueryParser({ recovery, validate: true })).not.toThrow();
    },
  );
});
