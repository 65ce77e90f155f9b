import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The pinned schemathesis, found or installed into `.tools/schemathesis` by the project's own script. */
export function schemathesisBinary(): string {
  const script = path.resolve(__dirname, '../../scripts/schemathesis.js');
  const output = execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
  return (JSON.parse(output) as { schemathesis: string }).schemathesis;
}
