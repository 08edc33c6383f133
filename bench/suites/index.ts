import type { BenchSuite } from '../harness.js';
import { aggregateSuite } from './aggregate.js';
import { clientSuite } from './client.js';
import { compileSuite } from './compile.js';
import { fleetSuite } from './fleet.js';
import { mockOverlaySuite } from './mock-overlay.js';
import { mockServerSuite } from './mock-server.js';
import { startupSuite } from './startup.js';
import { syncSuite } from './sync.js';

/** Every suite `pnpm bench` runs, in order. Each package's suite is added here. */
export const suites: BenchSuite[] = [
  compileSuite,
  mockServerSuite,
  mockOverlaySuite,
  clientSuite,
  aggregateSuite,
  startupSuite,
  syncSuite,
  fleetSuite,
];
