#!/usr/bin/env node
'use strict';
/**
 * Provides schemathesis, the property-based API fuzzer the OpenAPI contract test runs (test/docs), without a manual
 * step: a Python virtual environment in `.tools/schemathesis` (git-ignored) with the pinned release from PyPI.
 * Idempotent and quick when the pinned version is already there.
 *
 *   node scripts/schemathesis.js          install when missing, print where the executable is
 *   node scripts/schemathesis.js --json   the same, as JSON on stdout (used by the test)
 *   SCHEMATHESIS=skip                     do nothing (container images that never run the tests)
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const VENV = path.join(ROOT, '.tools', 'schemathesis');
const PACKAGE = 'schemathesis==4.32.5';
const STAMP = path.join(VENV, 'installed.txt');

function executable() {
  return path.join(VENV, process.platform === 'win32' ? 'Scripts' : 'bin', 'schemathesis');
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import venv, sys; sys.exit(sys.version_info < (3, 9))'], {
      stdio: 'ignore',
    });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

function run(command, args) {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

const QUIET = ['--quiet', '--disable-pip-version-check'];

/**
 * A venv with its own pip when the Python has ensurepip; otherwise (Debian's python3 without python3-venv) a bare
 * venv that the system pip installs into with `--python`.
 */
function createVenv(python) {
  const venvPython = path.join(VENV, process.platform === 'win32' ? 'Scripts' : 'bin', 'python');
  try {
    run(python, ['-m', 'venv', VENV]);
    run(venvPython, ['-m', 'pip', 'install', ...QUIET, PACKAGE]);
    return;
  } catch {
    fs.rmSync(VENV, { recursive: true, force: true });
  }
  run(python, ['-m', 'venv', '--without-pip', VENV]);
  run(python, ['-m', 'pip', '--python', venvPython, 'install', ...QUIET, PACKAGE]);
}

function installed() {
  try {
    return fs.readFileSync(STAMP, 'utf8').trim() === PACKAGE && fs.statSync(executable()).isFile();
  } catch {
    return false;
  }
}

function install() {
  const python = findPython();
  if (!python) {
    throw new Error(`no Python 3.9+ with venv to install ${PACKAGE}; install Python 3, or set SCHEMATHESIS=skip.`);
  }
  fs.rmSync(VENV, { recursive: true, force: true });
  process.stderr.write(`schemathesis: installing ${PACKAGE} into ${path.relative(ROOT, VENV)}\n`);
  try {
    createVenv(python);
  } catch (error) {
    fs.rmSync(VENV, { recursive: true, force: true });
    throw new Error(`installing ${PACKAGE} with pip failed (${error.message}); make PyPI reachable.`);
  }
  fs.writeFileSync(STAMP, `${PACKAGE}\n`);
}

function resolveSchemathesis() {
  if (!installed()) install();
  return { schemathesis: executable(), version: PACKAGE };
}

if (require.main === module) {
  if (process.env.SCHEMATHESIS === 'skip') process.exit(0);
  try {
    const found = resolveSchemathesis();
    if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(found) + '\n');
    else process.stderr.write(`schemathesis: ${found.schemathesis} (${found.version})\n`);
  } catch (error) {
    process.stderr.write(`schemathesis: ${error.message}\n`);
    process.exit(1);
  }
}

module.exports = { resolveSchemathesis };
