import {
  CASE_STAGE_ATTRIBUTE,
  COORDINATOR_ID_ATTRIBUTE,
  decideScreening,
  dismissReview,
  NEEDS_REVIEW_ATTRIBUTE,
  NEXT_DEADLINE_ATTRIBUTE,
  extendDeadline,
  recordConferenceOutcome,
  reassignCoordinator,
  recordParticipantResponse,
  recordVictimResponse,
  requestReturn,
  rescheduleConference,
  returnToProsecution,
  scheduleConference,
  withdraw,
  type Referral,
} from '../../workflows/diversion-case/diversion-case.contract';
import { ADMIN, DAY, HOUR, PROSECUTOR, rejection, setUpHarness, type CaseHandle } from './diversion-case-harness';

describe('diversion case reviews on the time-skipping server', () => {
  const harness = setUpHarness('diversion-case-reviews');

  async function toParticipantConsent(caseNumber: string, overrides: Partial<Referral> = {}): Promise<CaseHandle> {
    const handle = await harness.start(await harness.referral(caseNumber, overrides));
    await harness.act(handle, decideScreening, { decision: 'accept' });
    return handle;
  }

  async function toConference(caseNumber: string): Promise<CaseHandle> {
    const handle = await toParticipantConsent(caseNumber);
    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    await harness.act(handle, recordVictimResponse, { victimId: `victim-${caseNumber}`, response: 'participate' });
    return handle;
  }

  it('opens a review when the responsible party declines, and the prosecutor returns the case', async () => {
    const handle = await toParticipantConsent('RP-DECLINE');
    let view = await harness.act(handle, recordParticipantResponse, { response: 'decline' });
    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    await harness.settle();
    expect(view.reviews).toEqual([
      expect.objectContaining({ reasonCode: 'PARTICIPANT_DECLINED', stage: 'PARTICIPANT_CONSENT' }),
    ]);
    expect(harness.fakes.sent('RP-DECLINE', 'review_opened').map((n) => n.value.recipient)).toEqual([
      { id: 'coord-1', role: 'coordinator' },
    ]);
    view = await harness.act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'DECLINED_DIVERSION' });
    expect(view.stage).toBe('CLOSED_RETURNED');
    // The case ends once its notices have gone.
    await handle.result();
    expect(harness.fakes.returnNotices.find((n) => n.value.caseNumber === 'RP-DECLINE')?.value).toMatchObject({
      stageReached: 'PARTICIPANT_CONSENT',
      reasonCode: 'DECLINED_DIVERSION',
    });
  });

  it('opens a review when the responsible party stays silent past the deadline, without ending the case', async () => {
    const handle = await toParticipantConsent('RP-SILENT');
    const invitedAt = await harness.now();
    await harness.sleep(20 * DAY);
    const view = await harness.view(handle);
    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    expect(view.reviews.map((r) => r.reasonCode)).toEqual(['PARTICIPANT_CONSENT_OVERDUE']);
    expect(Math.abs(view.reviews[0]!.sinceMs - (invitedAt + 14 * DAY))).toBeLessThan(1000);
    expect(view.pendingActions.map((p) => p.action)).toEqual(['recordParticipantResponse']);
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(CASE_STAGE_ATTRIBUTE)).toBe('PARTICIPANT_CONSENT');
    expect(attributes.get(NEEDS_REVIEW_ATTRIBUTE)).toBe(true);
    expect(attributes.get(COORDINATOR_ID_ATTRIBUTE)).toBe('coord-1');
    expect(attributes.get(NEXT_DEADLINE_ATTRIBUTE)).toEqual(new Date(view.nextDeadlineMs!));
    await harness.act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'NO_RESPONSE' });
    expect(await handle.result()).toMatchObject({ finalStage: 'CLOSED_RETURNED', reasonCode: 'NO_RESPONSE' });
  });

  it('opens a review when a victim declines, and returns the case on the coordinator’s request', async () => {
    const handle = await toParticipantConsent('V-DECLINE');
    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    let view = await harness.act(handle, recordVictimResponse, { victimId: 'victim-V-DECLINE', response: 'decline' });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.reviews.map((r) => r.reasonCode)).toEqual(['VICTIM_DECLINED']);
    view = await harness.act(handle, requestReturn, { reasonCode: 'VICTIM_VETO', reviewId: view.reviews[0]!.id });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.reviews.map((r) => [r.reasonCode, r.assignee])).toEqual([['RETURN_REQUESTED', 'prosecutor']]);
    await harness.settle();
    expect(harness.fakes.sent('V-DECLINE', 'return_requested').map((n) => n.value.recipient.id)).toEqual(['pros-1']);
    view = await harness.act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'VICTIM_VETO' });
    expect(view.stage).toBe('CLOSED_RETURNED');
  });

  it('proceeds to the conference when a surrogate stands in for the victim', async () => {
    const handle = await toParticipantConsent('V-SURROGATE');
    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    const view = await harness.act(handle, recordVictimResponse, {
      victimId: 'victim-V-SURROGATE',
      response: 'surrogate',
    });
    expect(view.stage).toBe('CONFERENCE');
    expect(view.pendingActions.map((p) => p.action)).toEqual(['scheduleConference']);
  });

  it('waits for both victims, reviews the late one at the answer deadline, and proceeds once it answers', async () => {
    const handle = await toParticipantConsent('V-TWO', { victimIds: ['v-early', 'v-late'] });
    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    const consentOpened = await harness.now();
    let view = await harness.act(handle, recordVictimResponse, { victimId: 'v-early', response: 'letter' });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.pendingActions.map((p) => p.label)).toEqual(['Contact victim v-late and record their response']);
    await harness.sleep(22 * DAY);
    view = await harness.view(handle);
    expect(view.reviews.map((r) => r.reasonCode)).toEqual(['VICTIM_ANSWER_OVERDUE']);
    expect(Math.abs(view.reviews[0]!.sinceMs - (consentOpened + 21 * DAY))).toBeLessThan(1000);
    expect(harness.fakes.sent('V-TWO', 'victim_contact_overdue').map((n) => n.value.data.victimId)).toEqual(['v-late']);
    view = await harness.act(handle, extendDeadline, {
      newDeadlineMs: (await harness.now()) + 7 * DAY,
      reason: 'victim travelling',
    });
    expect(view.reviews).toEqual([]);
    view = await harness.act(handle, recordVictimResponse, { victimId: 'v-late', response: 'participate' });
    expect(view.stage).toBe('CONFERENCE');
  });

  it('reopens victim consent when the victim withdraws before the agreement', async () => {
    const handle = await toConference('V-WITHDRAW');
    await harness.act(handle, scheduleConference, { atMs: (await harness.now()) + 10 * DAY, location: 'room-1' });
    const view = await harness.act(handle, withdraw, { party: 'victim', victimId: 'victim-V-WITHDRAW' });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.victims).toEqual([{ victimId: 'victim-V-WITHDRAW', withdrawn: false, contactOnRequestOnly: true }]);
    expect(view.dueItems.filter((d) => d.kind === 'conference_reminder')).toEqual([]);
    await harness.sleep(11 * DAY);
    expect(harness.fakes.sent('V-WITHDRAW', 'conference_reminder')).toEqual([]);
    expect(harness.fakes.sent('V-WITHDRAW', 'conference_cancelled')).toHaveLength(2);
  });

  it('sends only the current schedule’s reminders after two reschedules and opens a review on the third', async () => {
    const handle = await toConference('RESCHEDULE');
    const t = await harness.now();
    await harness.act(handle, scheduleConference, { atMs: t + 10 * DAY, location: 'room-1' });
    await harness.sleep(2 * DAY);
    await harness.act(handle, rescheduleConference, { atMs: t + 20 * DAY, reasonCode: 'ILLNESS' });
    let view = await harness.act(handle, rescheduleConference, { atMs: t + 30 * DAY, reasonCode: 'WORK' });
    expect(view.reviews).toEqual([]);
    expect(view.conference).toMatchObject({ atMs: t + 30 * DAY, rescheduleCount: 2, sequence: 3 });
    await harness.sleepUntil(t + 30 * DAY - 3 * HOUR);
    const reminders = harness.fakes
      .sent('RESCHEDULE', 'conference_reminder')
      .filter((r) => r.value.recipient.role === 'responsible_party');
    // The first schedule's 7-day reminder was due on day 3 and the second's on day 13: neither fired.
    expect(reminders.map((r) => r.value.key.split(':').at(-1))).toEqual(['s3-7d', 's3-3d', 's3-1d']);
    for (const r of reminders) expect(r.value.data.atMs).toBe(t + 30 * DAY);
    view = await harness.act(handle, rescheduleConference, { atMs: t + 40 * DAY, reasonCode: 'WORK' });
    expect(view.reviews).toEqual([
      expect.objectContaining({ reasonCode: 'RESCHEDULE_CAP_REACHED', stage: 'CONFERENCE' }),
    ]);
  });

  it('reviews a no-show, and after the deadline is extended the rescheduled conference is held', async () => {
    const handle = await toConference('NO-SHOW');
    const t = await harness.now();
    await harness.act(handle, scheduleConference, { atMs: t + 5 * DAY, location: 'room-1' });
    await harness.sleepUntil(t + 5 * DAY + HOUR);
    let view = await harness.act(handle, recordConferenceOutcome, { outcome: 'no_show' });
    expect(view.reviews.map((r) => r.reasonCode)).toEqual(['RESPONSIBLE_PARTY_NO_SHOW']);
    expect(view.conference.noShows).toBe(1);
    expect(view.conference.atMs).toBeUndefined();
    view = await harness.act(handle, extendDeadline, { newDeadlineMs: t + 60 * DAY, reason: 'one more chance' });
    expect(view.reviews).toEqual([]);
    expect(view.stageDeadlineMs).toBe(t + 60 * DAY);
    await harness.act(handle, scheduleConference, { atMs: t + 20 * DAY, location: 'room-2' });
    await harness.sleepUntil(t + 20 * DAY + HOUR);
    view = await harness.act(handle, recordConferenceOutcome, { outcome: 'held' });
    expect(view.stage).toBe('AGREEMENT');
  });
  // Defect: a coordinator's return closed the case at once; a return is the prosecutor's decision (DESIGN.md §2).
  it("makes a coordinator's return a request the prosecutor decides, and the case goes on when they decline it", async () => {
    const handle = await toParticipantConsent('RETURN-ASK');
    expect(
      await rejection(harness.act(handle, returnToProsecution, { reasonCode: 'PARTICIPANT_UNREACHABLE' })),
    ).toMatch(/^a coordinator cannot do this/);
    let view = await harness.act(handle, requestReturn, {
      reasonCode: 'PARTICIPANT_UNREACHABLE',
      note: 'no answer for three weeks',
    });
    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    expect(view.reviews).toEqual([
      expect.objectContaining({
        reasonCode: 'RETURN_REQUESTED',
        assignee: 'prosecutor',
        about: { kind: 'return', id: 'return' },
        details: expect.objectContaining({ requestedReasonCode: 'PARTICIPANT_UNREACHABLE', requestedBy: 'coord-1' }),
      }),
    ]);
    const reviewId = view.reviews[0]!.id;
    expect(view.pendingActions).toContainEqual(
      expect.objectContaining({ action: 'returnToProsecution', roles: ['prosecutor'], reviewId }),
    );
    await harness.settle();
    expect(harness.fakes.sent('RETURN-ASK', 'return_requested').map((n) => n.value.recipient)).toEqual([
      { id: 'pros-1', role: 'prosecutor' },
    ]);

    expect(await rejection(harness.act(handle, dismissReview, { reviewId, reason: 'changed my mind' }))).toBe(
      `review ${reviewId} (RETURN_REQUESTED) is for the prosecutor to settle`,
    );
    view = await harness.act(handle, dismissReview, { actor: PROSECUTOR, reviewId, reason: 'two more weeks' });
    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    expect(view.reviews).toEqual([]);
    expect(view.pendingActions.map((p) => p.action)).toEqual(['recordParticipantResponse']);
    expect(view.resolvedReviews).toEqual([
      expect.objectContaining({
        id: reviewId,
        resolution: 'dismissed',
        resolvedBy: PROSECUTOR,
        reason: 'two more weeks',
      }),
    ]);
    await harness.settle();
    expect(harness.fakes.eventsOf('RETURN-ASK', 'review_resolved').map((e) => [e.actor, e.details])).toEqual([
      [PROSECUTOR, { reviewId, reasonCode: 'RETURN_REQUESTED', resolution: 'dismissed', reason: 'two more weeks' }],
    ]);
    expect(harness.fakes.sent('RETURN-ASK', 'return_declined').map((n) => n.value.recipient.id)).toEqual(['coord-1']);

    view = await harness.act(handle, recordParticipantResponse, {
      response: 'accept',
      acknowledgesResponsibility: true,
    });
    expect(view.stage).toBe('VICTIM_CONSENT');
  });

  it('hands the case to another coordinator: the case, its CoordinatorId attribute and later alerts follow', async () => {
    const handle = await harness.start(await harness.referral('REASSIGN'));
    expect(
      await rejection(harness.act(handle, reassignCoordinator, { coordinatorId: 'coord-2', reason: 'leave' })),
    ).toMatch(/^a coordinator cannot do this/);
    let view = await harness.act(handle, reassignCoordinator, {
      actor: ADMIN,
      coordinatorId: 'coord-2',
      reason: 'coord-1 on leave',
    });
    expect(view.coordinatorId).toBe('coord-2');
    expect((await harness.view(handle)).coordinatorId).toBe('coord-2');
    await harness.settle();
    if (harness.searchAttributesRegistered) {
      expect((await handle.describe()).typedSearchAttributes.get(COORDINATOR_ID_ATTRIBUTE)).toBe('coord-2');
    }
    expect(harness.fakes.eventsOf('REASSIGN', 'coordinator_reassigned').map((e) => [e.actor, e.details])).toEqual([
      [ADMIN, { from: 'coord-1', to: 'coord-2', reason: 'coord-1 on leave' }],
    ]);
    expect(harness.fakes.sent('REASSIGN', 'case_assigned').map((n) => n.value.recipient.id)).toEqual(['coord-2']);

    // The screening deadline passes: its alert goes to the coordinator the case has now.
    await harness.sleep(7 * DAY);
    view = await harness.view(handle);
    expect(view.reviews.map((r) => r.reasonCode)).toEqual(['SCREENING_OVERDUE']);
    expect(harness.fakes.sent('REASSIGN', 'screening_requested').map((n) => n.value.recipient.id)).toEqual(['coord-1']);
    expect(harness.fakes.sent('REASSIGN', 'review_opened').map((n) => n.value.recipient.id)).toEqual(['coord-2']);
  });

  it('moves a scheduled conference when it is scheduled again, and asks the reason for the move', async () => {
    const handle = await toConference('MOVE');
    const t = await harness.now();
    await harness.act(handle, scheduleConference, { atMs: t + 10 * DAY, location: 'room-1' });
    expect(await rejection(harness.act(handle, scheduleConference, { atMs: t + 12 * DAY }))).toBe(
      'a reschedule needs a reasonCode',
    );
    const view = await harness.act(handle, scheduleConference, { atMs: t + 12 * DAY, reasonCode: 'ROOM_UNAVAILABLE' });
    expect(view.conference).toMatchObject({ atMs: t + 12 * DAY, location: 'room-1', rescheduleCount: 1, sequence: 2 });
    expect(view.history.at(-1)).toMatchObject({
      type: 'conference_rescheduled',
      details: { reasonCode: 'ROOM_UNAVAILABLE', sequence: 2 },
    });
    await harness.settle();
    const updates = harness.fakes.sent('MOVE', 'conference_updated');
    expect(updates.map((n) => n.value.recipient.id).sort()).toEqual(['rp-MOVE', 'victim-MOVE']);
    for (const n of updates) expect(n.value.data).toMatchObject({ sequence: 2, atMs: t + 12 * DAY });
    expect(harness.fakes.sent('MOVE', 'conference_invitation')).toHaveLength(2);
  });
});
