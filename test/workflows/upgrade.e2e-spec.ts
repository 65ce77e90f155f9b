/**
 * A case started on a released workflow bundle finishes on the current code: for every release under
 * `releases/<release>/workflow-bundle.js.gz` (written when the release's histories are recorded, see replay.e2e-spec),
 * a worker running that release's code takes a case part way, stops, and a worker running the current code takes
 * the same case to its end on the same task queue.
 */
import { Worker } from '@temporalio/worker';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  approveClosure,
  decideScreening,
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordProgress,
  recordVictimResponse,
  scheduleConference,
} from '../../workflows/diversion-case/diversion-case.contract';
import type { diversionCaseWorkflow } from '../../workflows/diversion-case/diversion-case.workflow';
import { DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { testDataConverter } from '../support/codec';
import { DAY, HOUR, PROSECUTOR, setUpHarness } from './diversion-case-harness';

const RELEASES = path.resolve(__dirname, 'releases');
const releases = existsSync(RELEASES)
  ? readdirSync(RELEASES).filter((name) => existsSync(path.join(RELEASES, name, 'workflow-bundle.js.gz')))
  : [];

describe('upgrading running cases from a released workflow bundle to the current code', () => {
  const harness = setUpHarness('diversion-case-upgrade-home');

  it('has at least one released bundle to upgrade from', () => {
    expect(releases.length).toBeGreaterThan(0);
  });

  it.each(releases)('finishes on the current code a case started on %s', async (release) => {
    const taskQueue = `upgrade-${release}`;
    const code = gunzipSync(readFileSync(path.join(RELEASES, release, 'workflow-bundle.js.gz'))).toString('utf8');
    const worker = (bundle: { code: string }) =>
      Worker.create({
        connection: harness.env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities: harness.fakes.activities,
        dataConverter: testDataConverter,
        // No sticky cache: once the old worker has stopped, the case's next task goes to whoever polls the queue.
        maxCachedWorkflows: 0,
      });
    const caseNumber = `UPGRADE-${release}`;
    const referral = await harness.referral(caseNumber);

    const old = await worker({ code });
    const handle = await old.runUntil(async () => {
      const h = await harness.env.client.workflow.start<typeof diversionCaseWorkflow>(DIVERSION_CASE_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: diversionCaseWorkflowId(caseNumber),
        args: [{ referral, policy: DEFAULT_POLICY, options: { upsertSearchAttributes: false } }],
      });
      await harness.act(h, decideScreening, { decision: 'accept' });
      await harness.act(h, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
      await harness.act(h, recordVictimResponse, { victimId: referral.victimIds[0] ?? '', response: 'participate' });
      // The old worker stops only once its messages are done: an activity it had taken but not finished would hold
      // the case until the activity's one-minute timeout, and the time-skipping server does not skip time past it.
      for (let waited = 0; ((await h.describe()).raw.pendingActivities ?? []).length > 0; waited += 100) {
        if (waited > 30_000) throw new Error('the old worker never finished its activities');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return h;
    });

    const current = await worker(harness.bundle);
    const result = await current.runUntil(async () => {
      const at = (await harness.now()) + 3 * DAY;
      await harness.act(handle, scheduleConference, { atMs: at, location: 'room-1' });
      await harness.sleepUntil(at + HOUR);
      await harness.act(handle, recordConferenceOutcome, { outcome: 'held' });
      await harness.act(handle, recordAgreement, {
        obligations: [{ id: 'letter', type: 'apology_letter', dueMs: (await harness.now()) + 10 * DAY }],
      });
      await harness.act(handle, recordProgress, { obligationId: 'letter', completed: true });
      await harness.act(handle, approveClosure, { actor: PROSECUTOR, recommendation: 'charges_not_filed' });
      return handle.result();
    });
    expect(result.finalStage).toBe('CLOSED_COMPLETED');
    expect(harness.fakes.completionNotices.map((n) => n.value.caseNumber)).toContain(caseNumber);
  });
});
