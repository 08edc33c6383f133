/**
 * Registers the conformance tables with vitest for one transport. Both runners call this with
 * the same tables, so every rule is checked in-process and over a real socket alike.
 */
import {
  type MockAppOptions,
  type MockEnvironment,
  SYSTEM_ENVIRONMENT,
} from '@cloverql/mock-server';
import { describe, it } from 'vitest';
import type { CaseTable, ConformanceClient } from './conformance-case.js';
import { designCases } from './design.cases.js';
import { exportCases } from './export-api.cases.js';
import { filterCases } from './filters.cases.js';

/** A client on a fresh mock, and how to shut that mock down. */
export type OpenedClient = ConformanceClient & { close(): Promise<void> };

/** Builds a fresh mock from a case's setup and connects a client to it. */
export type OpenClient = (setup: MockAppOptions, env: MockEnvironment) => Promise<OpenedClient>;

/** The tables, seed checklists first, then docs/mock-server.md. */
export const TABLES: readonly CaseTable[] = [exportCases, filterCases, designCases];

/**
 * The mocks' environment: real secrets, but a monotonic clock that stands still, so rate-limit
 * buckets never refill during a case (virtual time drives everything else).
 */
export const CONFORMANCE_ENVIRONMENT: MockEnvironment = Object.freeze({
  ...SYSTEM_ENVIRONMENT,
  monotonicNow: () => 0,
});

/** One `describe` per table, one `it` per rule, a fresh mock per rule. */
export function runCases(transport: string, open: OpenClient): void {
  describe(`conformance over ${transport}`, () => {
    for (const table of TABLES) {
      describe(table.title, () => {
        for (const c of table.cases) {
          it(c.rule, async () => {
            const client = await open(c.setup, CONFORMANCE_ENVIRONMENT);
            try {
              await c.run(client);
            } finally {
              await client.close();
            }
          });
        }
      });
    }
  });
}
