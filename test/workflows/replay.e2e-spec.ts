/**
 * Replays stored histories (`histories/*.json`) against the current workflow code. To re-record them after an
 * intended change to the workflow's commands (old cases then need `patched()`), run
 * `RECORD_HISTORIES=1 TZ=UTC npx jest --selectProjects workflow test/workflows/replay`.
 */
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diversionCaseWorkflowId } from '../../workflows/diversion-case/diversion-case.contract';
import { setUpHarness } from './diversion-case-harness';
import { recordHappyPathHistory } from './record-history';

const HISTORIES = path.resolve(__dirname, 'histories');
const HAPPY_PATH_CASE = 'REPLAY-1';

function storedHistory(caseNumber: string): unknown {
  return JSON.parse(readFileSync(path.join(HISTORIES, `${caseNumber}.json`), 'utf8'));
}

describe('replaying stored diversion-case histories', () => {
  const harness = setUpHarness('diversion-case-replay');
  let changedBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    if (process.env.RECORD_HISTORIES === '1') await recordHappyPathHistory(harness, HAPPY_PATH_CASE, HISTORIES);
    changedBundle = await bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, 'fixtures/non-deterministic-workflows.ts'),
      logger: new DefaultLogger('WARN'),
    });
  });

  it('keeps a stored happy-path history for the replay check', () => {
    expect(readdirSync(HISTORIES)).toContain(`${HAPPY_PATH_CASE}.json`);
  });

  it('replays the stored happy-path history deterministically against the current code', async () => {
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: harness.bundle },
        storedHistory(HAPPY_PATH_CASE),
        diversionCaseWorkflowId(HAPPY_PATH_CASE),
      ),
    ).resolves.toBeUndefined();
  });

  it('fails the replay with a determinism violation when the workflow changes its commands', async () => {
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: changedBundle },
        storedHistory(HAPPY_PATH_CASE),
        diversionCaseWorkflowId(HAPPY_PATH_CASE),
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
