#!/usr/bin/env node
// Thin launcher so the bin exists before the first build. The CLI runs from its esbuild bundle
// (dist/bundle/, made by scripts/bundle.mjs), which starts faster than the tsc output in dist/.
import '../dist/bundle/cli.js';
