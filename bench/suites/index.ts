import type { BenchSuite } from '../harness.js';
import { compileSuite } from './compile.js';

/** Every suite `pnpm bench` runs, in order. Each package's suite is added here. */
export const suites: BenchSuite[] = [compileSuite];
