/** The package's version, for `--version`. The bundle (scripts/bundle.mjs) inlines it. */
import { createRequire } from 'node:module';

export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
