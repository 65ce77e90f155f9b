import {
  decideScreening,
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  recordParticipantResponse,
} from '../../workflows/diversion-case/diversion-case.contract';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { diversionCaseWorkflow } from '../../workflows/diversion-case/diversion-case.workflow';
import { DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { COORDINATOR, DAY, setUpHarness } from './diversion-case-harness';

describe('diversion case delivery failures on the time-skipping server', () => {
  const harness = setUpHarness('diversion-case-delivery');

  it('records DELIVERY_FAILED and opens a review when an invitation is refused for good, without failing the case', async () => {
    harness.fakes.refusedRecipients.add('rp-BOUNCE');
    const handle = await harness.start(await harness.referral('BOUNCE'));

    const answer = await harness.act(handle, decideScreening, { decision: 'accept' });
    // Messages go on their own, so the coordinator's answer does not wait for the refused invitation.
    expect(answer.stage).toBe('PARTICIPANT_CONSENT');
    await harness.sleep(1000);

    const view = await harness.view(handle);
    expect(view.review).toMatchObject({ reasonCode: 'DELIVERY_FAILED', stage: 'PARTICIPANT_CONSENT' });
    const failure = view.history.find((h) => h.type === 'DELIVERY_FAILED');
    expect(failure?.details).toMatchObject({
      key: 'BOUNCE:program_invitation:rp-BOUNCE:first',
      recipientId: 'rp-BOUNCE',
      failureType: 'PermanentDeliveryFailure',
    });
    expect(harness.fakes.sent('BOUNCE', 'review_opened').map((n) => n.value.recipient.id)).toEqual(['coord-1']);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    harness.fakes.refusedRecipients.delete('rp-BOUNCE');
    const after = await harness.act(handle, recordParticipantResponse, {
      response: 'accept',
      acknowledgesResponsibility: true,
    });
    expect(after.stage).toBe('VICTIM_CONSENT');
  });

  it('alerts the coordinator instead of replacing a review that is already open', async () => {
    const handle = await harness.start(await harness.referral('BOUNCE-2'));
    await harness.act(handle, decideScreening, { decision: 'accept' });
    await harness.act(handle, recordParticipantResponse, { response: 'decline' });
    harness.fakes.refusedRecipients.add('rp-BOUNCE-2');

    await harness.sleep(4 * DAY);

    const view = await harness.view(handle);
    expect(view.review?.reasonCode).toBe('PARTICIPANT_DECLINED');
    const failures = view.history.filter((h) => h.type === 'DELIVERY_FAILED');
    expect(failures.map((h) => h.details?.key)).toContain('BOUNCE-2:invitation_reminder:rp-BOUNCE-2:3d');
    const alerts = harness.fakes.sent('BOUNCE-2', 'delivery_failed');
    expect(alerts.map((a) => a.value.recipient.id)).toEqual(failures.map(() => 'coord-1'));
    expect(alerts.map((a) => a.value.data.key)).toContain('BOUNCE-2:invitation_reminder:rp-BOUNCE-2:3d');
    harness.fakes.refusedRecipients.clear();
  });

  it('sends the screening request once and each invitation once when screening is decided with the start', async () => {
    const referral = await harness.referral('WITH-START');
    const start = new WithStartWorkflowOperation<typeof diversionCaseWorkflow>(DIVERSION_CASE_WORKFLOW_TYPE, {
      taskQueue: harness.taskQueue,
      workflowId: diversionCaseWorkflowId('WITH-START'),
      workflowIdConflictPolicy: 'FAIL',
      args: [{ referral, policy: DEFAULT_POLICY, options: { upsertSearchAttributes: false } }],
    });

    const view = await harness.env.client.workflow.executeUpdateWithStart(decideScreening, {
      args: [{ requestId: 'with-start-1', actor: COORDINATOR, decision: 'accept' }],
      updateId: 'with-start-1',
      startWorkflowOperation: start,
    });

    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    expect(view.history.map((h) => h.type)).toEqual(['case_referred', 'screening_accepted']);
    await harness.sleep(1000);
    expect(harness.fakes.sent('WITH-START', 'screening_requested')).toHaveLength(1);
    expect(harness.fakes.sent('WITH-START', 'program_invitation').map((n) => n.value.recipient.id)).toEqual([
      'rp-WITH-START',
    ]);
  });
});
