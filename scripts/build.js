#!/usr/bin/env node
'use strict';
/**
 * `npm run build`, also run by `npm start` and the test set-ups: compiles with `nest build`, then writes the
 * production workflow bundle (dist/workflow-bundle.js). Skipped when nothing it reads has changed since the last
 * successful build, so a warm `npm start` goes straight to starting the stack.
 *
 *   node scripts/build.js           build when the sources changed (or dist/ is missing)
 *   node scripts/build.js --force   build anyway
 *
 * "Changed" is a SHA-256 over the path and content of every file under src/, workflows/ and activities/, and of the
 * build's configuration and lock file; it is written to dist/ only after both steps succeeded, and removed before a
 * build starts, so a failed or interrupted build is never taken for a good one.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-fingerprint');
const INPUTS = [
  'src',
  'workflows',
  'activities',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package.json',
  'package-lock.json',
];
const OUTPUTS = ['dist/src/main.js', 'dist/src/worker.js', 'dist/src/embedded.js', 'dist/workflow-bundle.js'];

function filesUnder(relative) {
  const absolute = path.join(ROOT, relative);
  if (!fs.existsSync(absolute)) return [];
  if (!fs.statSync(absolute).isDirectory()) return [relative];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => filesUnder(path.join(relative, entry.name)));
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function upToDate(current) {
  if (!fs.existsSync(STAMP)) return false;
  if (OUTPUTS.some((file) => !fs.existsSync(path.join(ROOT, file)))) return false;
  return fs.readFileSync(STAMP, 'utf8').trim() === current;
}

function build() {
  const started = Date.now();
  const current = fingerprint();
  if (!process.argv.includes('--force') && upToDate(current)) {
    process.stdout.write(`build: up to date (${Date.now() - started} ms to check)\n`);
    return;
  }
  fs.rmSync(STAMP, { force: true });
  const options = { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] };
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], options);
  execFileSync(process.execPath, [path.join(DIST, 'src/temporal/bundle-workflows.js')], options);
  fs.writeFileSync(STAMP, `${current}\n`);
  process.stdout.write(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

try {
  build();
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
