import {
  decideScreening,
  dismissReview,
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  recordParticipantResponse,
  recordVictimResponse,
} from '../../workflows/diversion-case/diversion-case.contract';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { diversionCaseWorkflow } from '../../workflows/diversion-case/diversion-case.workflow';
import { DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { ACTION_DEADLINES_MS } from '../../src/cases/case-actions.service';
import { COORDINATOR, DAY, HOUR, setUpHarness } from './diversion-case-harness';

const ALWAYS_TEXT = { ...DEFAULT_POLICY, quietHours: { startHour: 0, endHour: 24 } };

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
    expect(view.reviews).toEqual([
      expect.objectContaining({
        reasonCode: 'DELIVERY_FAILED',
        stage: 'PARTICIPANT_CONSENT',
        about: { kind: 'message', id: 'BOUNCE:program_invitation:rp-BOUNCE:first' },
      }),
    ]);
    const failure = view.history.find((h) => h.type === 'DELIVERY_FAILED');
    expect(failure?.details).toMatchObject({
      messageKey: 'BOUNCE:program_invitation:rp-BOUNCE:first',
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
    // The review is about the message, not the stage: it stays open until the coordinator settles it.
    expect(after.reviews.map((r) => r.reasonCode)).toEqual(['DELIVERY_FAILED']);
  });

  it('gives up on a message after 30 attempts over about two hours and opens a review saying so', async () => {
    harness.fakes.unreachableRecipients.add('rp-DOWN');
    // SMS at any hour, so the invitation's text is not held back for quiet hours into a message of its own.
    const handle = await harness.start(await harness.referral('DOWN'), { policy: ALWAYS_TEXT });
    await harness.act(handle, decideScreening, { decision: 'accept' });

    await harness.sleep(HOUR);
    // Still retrying after an hour: no review yet, the case carries on.
    expect((await harness.view(handle)).reviews).toEqual([]);
    await harness.sleep(2 * HOUR);

    const view = await harness.view(handle);
    expect(harness.fakes.failedAttempts.get('DOWN:program_invitation:rp-DOWN:first')).toBe(30);
    expect(view.reviews).toEqual([
      expect.objectContaining({
        reasonCode: 'DELIVERY_FAILED',
        about: { kind: 'message', id: 'DOWN:program_invitation:rp-DOWN:first' },
      }),
    ]);
    expect(view.history.find((h) => h.type === 'DELIVERY_FAILED')?.details).toMatchObject({
      recipientId: 'rp-DOWN',
      failureType: 'ProviderUnavailable',
    });
    harness.fakes.unreachableRecipients.delete('rp-DOWN');
  });

  // Defect: a record write the database refused (an amount too big for its column) jammed the case: the
  // coordinator's request hung, every later action on the case too, and the lists stopped updating.
  it('answers at once when the records are refused, opens a review saying what failed, and keeps taking actions', async () => {
    harness.fakes.refusedRecords.add('POISON');
    const handle = await harness.start(await harness.referral('POISON'));

    const startedMs = Date.now();
    const answer = await harness.act(handle, decideScreening, { decision: 'accept' });
    expect(Date.now() - startedMs).toBeLessThan(5_000);
    expect(answer.stage).toBe('PARTICIPANT_CONSENT');
    expect(answer.reviews).toEqual([
      expect.objectContaining({
        reasonCode: 'RECORD_FAILED',
        about: { kind: 'records', id: 'audit-trail' },
        details: expect.objectContaining({
          failure: 'refused',
          error: expect.stringContaining('SQLSTATE 22003') as unknown,
        }) as unknown,
      }),
    ]);
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    expect(pending.filter((a) => a.activityType?.name === 'recordCaseEvents')).toEqual([]);

    const next = await harness.act(handle, recordParticipantResponse, {
      response: 'accept',
      acknowledgesResponsibility: true,
    });
    expect(next.stage).toBe('VICTIM_CONSENT');
    expect(harness.fakes.eventTypes('POISON')).toEqual([]);

    // Once the database takes the records (here: the fake stops refusing), the next try writes every event in order
    // and the review closes by itself.
    harness.fakes.refusedRecords.delete('POISON');
    await harness.sleep(6 * 60_000);
    const view = await harness.view(handle);
    expect(view.reviews.filter((r) => r.reasonCode === 'RECORD_FAILED')).toEqual([]);
    expect(harness.fakes.eventsOf('POISON', 'review_resolved').at(-1)?.details).toMatchObject({
      reasonCode: 'RECORD_FAILED',
      resolution: 'records_written',
    });
    expect(harness.fakes.eventTypes('POISON')[0]).toBe('case_referred');
  });

  // A quick record write that times out under load (twice: both of its attempts) leaves the case behind, never stuck.
  it('answers when both quick record writes time out, writes the events in the background, and keeps taking actions', async () => {
    const handle = await harness.start(await harness.referral('SLOW'));
    await harness.sleep(1000);
    harness.fakes.slowRecordWrites.set('SLOW', 2);

    const startedMs = Date.now();
    const answer = await harness.act(handle, decideScreening, { decision: 'accept' });
    expect(Date.now() - startedMs).toBeLessThan(ACTION_DEADLINES_MS.answered);
    expect(answer.stage).toBe('PARTICIPANT_CONSENT');
    await harness.sleep(60_000);

    const next = await harness.act(handle, recordParticipantResponse, {
      response: 'accept',
      acknowledgesResponsibility: true,
    });
    expect(next.stage).toBe('VICTIM_CONSENT');
    expect(next.reviews.filter((r) => r.reasonCode === 'RECORD_FAILED')).toEqual([]);
    const events = harness.fakes.eventsOf('SLOW');
    expect(events.map((e) => e.type)).toEqual(['case_referred', 'screening_accepted', 'participant_accepted']);
    // Each event once, in order: the timed-out writes wrote nothing, the background write took them all.
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, index) => index + 1));
  });

  it('opens a review per refused message beside one already open, and the next stage keeps them', async () => {
    // SMS at any hour: otherwise, depending on the hour the test runs, the invitation's text held back for quiet
    // hours would be refused too and open a third review.
    const handle = await harness.start(await harness.referral('BOUNCE-2'), { policy: ALWAYS_TEXT });
    await harness.act(handle, decideScreening, { decision: 'accept' });
    await harness.act(handle, recordParticipantResponse, { response: 'decline' });
    await harness.settle();
    harness.fakes.refusedRecipients.add('rp-BOUNCE-2');

    await harness.sleep(4 * DAY);

    let view = await harness.view(handle);
    expect(view.reviews.map((r) => [r.reasonCode, r.about.id])).toEqual([
      ['PARTICIPANT_DECLINED', 'rp-BOUNCE-2'],
      ['DELIVERY_FAILED', 'BOUNCE-2:invitation_reminder:rp-BOUNCE-2:3d'],
    ]);
    const alerts = harness.fakes.sent('BOUNCE-2', 'review_opened');
    expect(new Set(alerts.map((a) => a.value.key)).size).toBe(2);
    expect(alerts[1]?.value.data).toMatchObject({ event: 'invitation_reminder', recipientRole: 'responsible_party' });
    harness.fakes.refusedRecipients.clear();

    view = await harness.act(handle, recordParticipantResponse, {
      response: 'accept',
      acknowledgesResponsibility: true,
    });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.reviews.map((r) => r.reasonCode)).toEqual(['DELIVERY_FAILED']);
    const settled = harness.fakes.eventsOf('BOUNCE-2', 'review_resolved').map((e) => e.details);
    expect(settled).toEqual([
      expect.objectContaining({ reasonCode: 'PARTICIPANT_DECLINED', resolution: 'participant_accepted' }),
    ]);
  });

  // Defect: entering another stage cleared the open review without a trace, so a refused message was forgotten.
  it('keeps a refused message’s review open through later stages until it is dismissed, and records that', async () => {
    harness.fakes.refusedRecipients.add('rp-BOUNCE-3');
    const handle = await harness.start(await harness.referral('BOUNCE-3'), { policy: ALWAYS_TEXT });
    await harness.act(handle, decideScreening, { decision: 'accept' });
    await harness.settle();
    harness.fakes.refusedRecipients.delete('rp-BOUNCE-3');
    const [review, ...others] = (await harness.view(handle)).reviews;
    expect(others).toEqual([]);
    expect(review).toMatchObject({
      reasonCode: 'DELIVERY_FAILED',
      about: { kind: 'message', id: 'BOUNCE-3:program_invitation:rp-BOUNCE-3:first' },
    });

    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    let view = await harness.act(handle, recordVictimResponse, {
      victimId: 'victim-BOUNCE-3',
      response: 'participate',
    });
    expect(view.stage).toBe('CONFERENCE');
    expect(view.reviews).toEqual([review]);
    expect(harness.fakes.eventsOf('BOUNCE-3', 'review_resolved')).toEqual([]);

    view = await harness.act(handle, dismissReview, { reviewId: review!.id, reason: 'email address corrected' });
    expect(view.reviews).toEqual([]);
    expect(view.stage).toBe('CONFERENCE');
    expect(harness.fakes.eventsOf('BOUNCE-3', 'review_resolved').map((e) => [e.actor, e.details])).toEqual([
      [
        COORDINATOR,
        {
          reviewId: review!.id,
          reasonCode: 'DELIVERY_FAILED',
          resolution: 'dismissed',
          reason: 'email address corrected',
        },
      ],
    ]);
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
