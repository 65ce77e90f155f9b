import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tracingSinks } from '../../src/observability/temporal-interceptors';
import { diversionCaseWorkflowId } from '../../workflows/diversion-case/diversion-case.contract';
import { WORKFLOW_BUNDLE } from '../support/build';
import { testDataConverter } from '../support/codec';

const HISTORIES = path.resolve(__dirname, '../workflows/histories');

/**
 * The production bundle compiles in the OpenTelemetry workflow interceptors; they add spans, never commands, so every
 * case recorded before tracing existed still replays on it.
 */
describe('the production workflow bundle with tracing interceptors', () => {
  it('replays every stored history of every release', async () => {
    const stored = readdirSync(HISTORIES).flatMap((release) =>
      readdirSync(path.join(HISTORIES, release))
        .filter((file) => file.endsWith('.json'))
        .map((file) => ({
          workflowId: diversionCaseWorkflowId(`${release}-${file.replace(/\.run\d+\.json$/, '')}`),
          history: JSON.parse(readFileSync(path.join(HISTORIES, release, file), 'utf8')) as unknown,
        })),
    );
    expect(stored.length).toBeGreaterThan(5);
    const code = readFileSync(WORKFLOW_BUNDLE, 'utf8');
    expect(code).toContain('OpenTelemetryInboundInterceptor');

    const failures: string[] = [];
    const options = { workflowBundle: { code }, sinks: tracingSinks(), dataConverter: testDataConverter };
    for await (const result of Worker.runReplayHistories(options, stored)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
