import {
  CASE_STAGE_ATTRIBUTE,
  COORDINATOR_ID_ATTRIBUTE,
  decideScreening,
  NEEDS_REVIEW_ATTRIBUTE,
  NEXT_DEADLINE_ATTRIBUTE,
  extendDeadline,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordVictimResponse,
  rescheduleConference,
  returnToProsecution,
  scheduleConference,
  withdraw,
  type Referral,
} from '../../workflows/diversion-case/diversion-case.contract';
import { DAY, HOUR, PROSECUTOR, setUpHarness, type CaseHandle } from './diversion-case-harness';

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

  it('opens a review when the responsible party declines, and the coordinator returns the case', async () => {
    const handle = await toParticipantConsent('RP-DECLINE');
    let view = await harness.act(handle, recordParticipantResponse, { response: 'decline' });
    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    expect(view.review).toMatchObject({ reasonCode: 'PARTICIPANT_DECLINED', stage: 'PARTICIPANT_CONSENT' });
    expect(harness.fakes.sent('RP-DECLINE', 'review_opened').map((n) => n.value.recipient)).toEqual([
      { id: 'coord-1', role: 'coordinator' },
    ]);
    view = await harness.act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'DECLINED_DIVERSION' });
    expect(view.stage).toBe('CLOSED_RETURNED');
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
    expect(view.review?.reasonCode).toBe('PARTICIPANT_CONSENT_OVERDUE');
    expect(Math.abs(view.review!.sinceMs - (invitedAt + 14 * DAY))).toBeLessThan(1000);
    expect(view.pendingActions[0]).toMatch(/^resolve review PARTICIPANT_CONSENT_OVERDUE/);
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(CASE_STAGE_ATTRIBUTE)).toBe('PARTICIPANT_CONSENT');
    expect(attributes.get(NEEDS_REVIEW_ATTRIBUTE)).toBe(true);
    expect(attributes.get(COORDINATOR_ID_ATTRIBUTE)).toBe('coord-1');
    expect(attributes.get(NEXT_DEADLINE_ATTRIBUTE)).toEqual(new Date(view.nextDeadlineMs!));
    await harness.act(handle, returnToProsecution, { reasonCode: 'NO_RESPONSE' });
    expect(await handle.result()).toMatchObject({ finalStage: 'CLOSED_RETURNED', reasonCode: 'NO_RESPONSE' });
  });

  it('opens a review when a victim declines, and returns the case on the coordinator’s request', async () => {
    const handle = await toParticipantConsent('V-DECLINE');
    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    let view = await harness.act(handle, recordVictimResponse, { victimId: 'victim-V-DECLINE', response: 'decline' });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.review?.reasonCode).toBe('VICTIM_DECLINED');
    view = await harness.act(handle, returnToProsecution, { reasonCode: 'VICTIM_VETO' });
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
    expect(view.pendingActions).toEqual(['schedule the conference']);
  });

  it('waits for both victims, reviews the late one at the answer deadline, and proceeds once it answers', async () => {
    const handle = await toParticipantConsent('V-TWO', { victimIds: ['v-early', 'v-late'] });
    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    const consentOpened = await harness.now();
    let view = await harness.act(handle, recordVictimResponse, { victimId: 'v-early', response: 'letter' });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.pendingActions).toEqual(['contact victim v-late and record their response']);
    await harness.sleep(22 * DAY);
    view = await harness.view(handle);
    expect(view.review?.reasonCode).toBe('VICTIM_ANSWER_OVERDUE');
    expect(Math.abs(view.review!.sinceMs - (consentOpened + 21 * DAY))).toBeLessThan(1000);
    expect(harness.fakes.sent('V-TWO', 'victim_contact_overdue').map((n) => n.value.data.victimId)).toEqual(['v-late']);
    view = await harness.act(handle, extendDeadline, {
      newDeadlineMs: (await harness.now()) + 7 * DAY,
      reason: 'victim travelling',
    });
    expect(view.review).toBeUndefined();
    view = await harness.act(handle, recordVictimResponse, { victimId: 'v-late', response: 'participate' });
    expect(view.stage).toBe('CONFERENCE');
  });

  it('reopens victim consent when the victim withdraws before the agreement', async () => {
    const handle = await toConference('V-WITHDRAW');
    await harness.act(handle, scheduleConference, { atMs: (await harness.now()) + 10 * DAY, location: 'room-1' });
    const view = await harness.act(handle, withdraw, { party: 'victim', victimId: 'victim-V-WITHDRAW' });
    expect(view.stage).toBe('VICTIM_CONSENT');
    expect(view.victims).toEqual([{ victimId: 'victim-V-WITHDRAW', withdrawn: false }]);
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
    expect(view.review).toBeUndefined();
    expect(view.conference).toMatchObject({ atMs: t + 30 * DAY, rescheduleCount: 2, sequence: 3 });
    await harness.sleepUntil(t + 30 * DAY - 3 * HOUR);
    const reminders = harness.fakes
      .sent('RESCHEDULE', 'conference_reminder')
      .filter((r) => r.value.recipient.role === 'responsible_party');
    // The first schedule's 7-day reminder was due on day 3 and the second's on day 13: neither fired.
    expect(reminders.map((r) => r.value.key.split(':').at(-1))).toEqual(['s3-7d', 's3-3d', 's3-1d']);
    for (const r of reminders) expect(r.value.data.atMs).toBe(t + 30 * DAY);
    view = await harness.act(handle, rescheduleConference, { atMs: t + 40 * DAY, reasonCode: 'WORK' });
    expect(view.review).toMatchObject({ reasonCode: 'RESCHEDULE_CAP_REACHED', stage: 'CONFERENCE' });
  });

  it('reviews a no-show, and after the deadline is extended the rescheduled conference is held', async () => {
    const handle = await toConference('NO-SHOW');
    const t = await harness.now();
    await harness.act(handle, scheduleConference, { atMs: t + 5 * DAY, location: 'room-1' });
    await harness.sleepUntil(t + 5 * DAY + HOUR);
    let view = await harness.act(handle, recordConferenceOutcome, { outcome: 'no_show' });
    expect(view.review?.reasonCode).toBe('RESPONSIBLE_PARTY_NO_SHOW');
    expect(view.conference.noShows).toBe(1);
    expect(view.conference.atMs).toBeUndefined();
    view = await harness.act(handle, extendDeadline, { newDeadlineMs: t + 60 * DAY, reason: 'one more chance' });
    expect(view.review).toBeUndefined();
    expect(view.stageDeadlineMs).toBe(t + 60 * DAY);
    await harness.act(handle, scheduleConference, { atMs: t + 20 * DAY, location: 'room-2' });
    await harness.sleepUntil(t + 20 * DAY + HOUR);
    view = await harness.act(handle, recordConferenceOutcome, { outcome: 'held' });
    expect(view.stage).toBe('AGREEMENT');
  });
});
