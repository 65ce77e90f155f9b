import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** The compiled entry points the process-level tests spawn, built once per run by the e2e global set-up. */
export function builtEntry(entry: 'main' | 'worker' | 'embedded'): string {
  const file = path.join(PROJECT_ROOT, 'dist', 'src', `${entry}.js`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the e2e global set-up builds it with nest build`);
  return file;
}

export const WORKFLOW_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

/** `npm run build`: compile and write the production workflow bundle, unless nothing changed since the last build. */
export function buildProject(): void {
  const options = { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] as ('ignore' | 'inherit')[] };
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.js')], options);
}
