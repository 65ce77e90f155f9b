#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: runs the benchmark in test/bench/ (TypeScript, compiled on load with the project's own @swc/core,
 * the same settings Jest uses), so the runner needs no build step of its own. It builds the service itself.
 *
 *   npm run bench                 full mode (docs/PERFORMANCE.md)
 *   npm run bench -- --quick      quick mode (or BENCH_MODE=quick)
 *   node scripts/bench.js bare-worker   the bench's own worker for the bare baselines (started by the bench)
 *   node scripts/bench.js render docs/performance/bench-full.json   print a run's table again, rewrite its chart
 *   node scripts/bench.js record-write   the workflow's record write alone, against a fresh database
 */
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, tsx: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

// Only the project's own TypeScript is compiled; packages load as Node loads them.
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, { ...SWC_OPTIONS, filename });
  module._compile(code, filename);
};
process.setSourceMapsEnabled(true);

const ENTRIES = {
  'bare-worker': 'bare-worker.ts',
  render: 'render.ts',
  'record-write': 'record-write.ts',
  memory: 'memory.ts',
  action: 'action.ts',
};
const entry = ENTRIES[process.argv[2]] ?? 'run.ts';
require(path.join(__dirname, '..', 'test', 'bench', entry));
