import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface TemporalBinaries {
  cli: string;
  testServer: string;
}

/** The pinned Temporal binaries, found or installed by the project's own script (never downloaded by the SDK). */
export function temporalBinaries(): TemporalBinaries {
  const script = path.resolve(__dirname, '../../scripts/temporal-binaries.js');
  const output = execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
  return JSON.parse(output) as TemporalBinaries;
}
