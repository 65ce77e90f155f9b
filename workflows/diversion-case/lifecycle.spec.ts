import { nextWakeMs, type Case } from './case';
import { act, PROSECUTOR, sampleReferral, startedCase } from './case.fixture';
import { caseView } from './case-view';
import type { NotifyRequest, Referral } from './diversion-case.contract';
import { fireDueItems } from './lifecycle';
import { compressedPolicy, DAY_MS, DEFAULT_POLICY, HOUR_MS } from './policy';
import { deliveryFailed } from './stages';
import { obligationSummary } from './stages/monitoring';

const T0 = Date.UTC(2026, 2, 2, 18);
const referral: Referral = sampleReferral('C-1', T0, 100);

const notified = (c: Case, event: string): NotifyRequest[] =>
  c.outbox.flatMap((e) => (e.kind === 'notify' && e.request.event === event ? [e.request] : []));

const eventTypes = (c: Case): string[] => c.state.unrecorded.map((e) => e.type);

function toConference(c: Case, at = T0): void {
  act(c, 'decideScreening', { decision: 'accept' }, at);
  act(c, 'recordParticipantResponse', { response: 'accept', acknowledgesResponsibility: true }, at);
  act(c, 'recordVictimResponse', { victimId: 'v-1', response: 'participate' }, at);
}

function toMonitoring(c: Case, obligations: Parameters<typeof act<'recordAgreement'>>[2]['obligations']): void {
  toConference(c);
  act(c, 'scheduleConference', { atMs: T0 + DAY_MS, location: 'room' }, T0);
  act(c, 'recordConferenceOutcome', { outcome: 'held' }, T0 + DAY_MS);
  act(c, 'recordAgreement', { obligations }, T0 + DAY_MS);
}

describe('the case lifecycle', () => {
  it('opens a VICTIM_WITHDREW review instead of reopening consent when the policy says so', () => {
    const c = startedCase(referral, T0, compressedPolicy(DAY_MS, { victimWithdrawalAction: 'review' }));
    toConference(c);
    act(c, 'withdraw', { party: 'victim', victimId: 'v-1' }, T0 + 1);
    expect(c.state.stage).toBe('CONFERENCE');
    expect(c.state.reviews).toEqual([
      expect.objectContaining({ reasonCode: 'VICTIM_WITHDREW', about: { kind: 'victim', id: 'v-1' }, sinceMs: T0 + 1 }),
    ]);
  });

  it('reopens victim consent without writing to a victim who withdrew', () => {
    const c = startedCase(referral, T0);
    toConference(c);
    c.outbox = [];
    act(c, 'withdraw', { party: 'victim', victimId: 'v-1' }, T0 + 1);
    expect(c.state.stage).toBe('VICTIM_CONSENT');
    expect(notified(c, 'victim_first_contact')).toEqual([]);
    expect(notified(c, 'victim_contact_task')).toEqual([]);
    expect(caseView(c, T0 + 1).pendingActions.map((p) => p.label)).toEqual([
      'Victim v-1 withdrew: record a response only if they (or a surrogate) come forward',
    ]);
    act(c, 'recordVictimResponse', { victimId: 'v-1', response: 'surrogate' }, T0 + 2);
    expect(c.state.stage).toBe('CONFERENCE');
  });

  it('keeps the plan running when a victim withdraws after the agreement', () => {
    const c = startedCase(referral, T0);
    toMonitoring(c, [{ id: 'e', type: 'education', dueMs: T0 + 30 * DAY_MS }]);
    act(c, 'withdraw', { party: 'victim', victimId: 'v-1' }, T0 + 2 * DAY_MS);
    expect(c.state.stage).toBe('MONITORING');
    expect(c.state.victims).toEqual([{ victimId: 'v-1', answer: 'participate', answeredAtMs: T0, withdrawn: true }]);
  });

  it('drops a stage’s reminders and deadline when the stage changes but keeps charging-deadline alerts', () => {
    const c = startedCase(referral, T0);
    expect(c.state.dueItems.map((d) => d.kind).sort()).toEqual(['charging_alert', 'charging_alert', 'stage_deadline']);
    act(c, 'decideScreening', { decision: 'accept' }, T0);
    expect(c.state.dueItems.map((d) => d.key).sort()).toEqual([
      'charging:30d',
      'charging:45d',
      `deadline:PARTICIPANT_CONSENT:${T0 + 14 * DAY_MS}`,
      'invitation:3d',
      'invitation:7d',
    ]);
    act(c, 'recordParticipantResponse', { response: 'accept', acknowledgesResponsibility: true }, T0 + DAY_MS);
    expect(c.state.dueItems.some((d) => d.kind === 'invitation_reminder')).toBe(false);
  });

  it('fires each due item once at its time and opens a review at the deadline rather than ending the case', () => {
    const c = startedCase(referral, T0);
    act(c, 'decideScreening', { decision: 'accept' }, T0);
    c.outbox = [];
    for (const day of [3, 3, 7, 14, 14]) fireDueItems(c, T0 + day * DAY_MS);
    expect(notified(c, 'invitation_reminder').map((r) => r.key)).toEqual([
      'C-1:invitation_reminder:rp-1:3d',
      'C-1:invitation_reminder:rp-1:7d',
    ]);
    expect(c.state.stage).toBe('PARTICIPANT_CONSENT');
    expect(c.state.reviews.map((r) => [r.reasonCode, r.about])).toEqual([
      ['PARTICIPANT_CONSENT_OVERDUE', { kind: 'deadline', id: 'PARTICIPANT_CONSENT' }],
    ]);
    fireDueItems(c, T0 + 70 * DAY_MS);
    expect(notified(c, 'charging_deadline_alert').map((r) => r.recipient.id)).toEqual([
      'coord-1',
      'pros-1',
      'coord-1',
      'pros-1',
    ]);
  });

  it('skips every reminder of an obligation whose due date came while the case was down', () => {
    const c = startedCase(referral, T0);
    toMonitoring(c, [{ id: 'letter', type: 'apology_letter', dueMs: T0 + 20 * DAY_MS }]);
    c.outbox = [];
    // Woken on the due date itself: the 7-, 3- and 1-day reminders all came due while the stack was down.
    fireDueItems(c, T0 + 20 * DAY_MS);
    expect(notified(c, 'obligation_reminder')).toEqual([]);
    const skipped = c.state.unrecorded.filter((e) => e.type === 'reminder_skipped').map((e) => e.details);
    expect(skipped.map((d) => [d.label, d.reason])).toEqual([
      ['7d', 'event_passed'],
      ['3d', 'event_passed'],
      ['1d', 'event_passed'],
    ]);
  });

  it('sends only the latest reminder of a series that came due together', () => {
    const c = startedCase(referral, T0);
    toMonitoring(c, [{ id: 'letter', type: 'apology_letter', dueMs: T0 + 20 * DAY_MS }]);
    c.outbox = [];
    fireDueItems(c, T0 + 17 * DAY_MS + HOUR_MS);
    expect(notified(c, 'obligation_reminder').map((r) => r.data.label)).toEqual(['3d']);
    const skipped = c.state.unrecorded.filter((e) => e.type === 'reminder_skipped').map((e) => e.details);
    expect(skipped.map((d) => [d.label, d.reason])).toEqual([['7d', 'superseded']]);
  });

  it('sends a reminder a little late after a short outage, but not one later than the tolerance', () => {
    const c = startedCase(referral, T0);
    toMonitoring(c, [{ id: 'letter', type: 'apology_letter', dueMs: T0 + 20 * DAY_MS }]);
    c.outbox = [];
    fireDueItems(c, T0 + 13 * DAY_MS + 2 * HOUR_MS);
    expect(notified(c, 'obligation_reminder').map((r) => r.data.label)).toEqual(['7d']);
    fireDueItems(c, T0 + 17 * DAY_MS + 13 * HOUR_MS);
    expect(notified(c, 'obligation_reminder').map((r) => r.data.label)).toEqual(['7d']);
    expect(c.state.unrecorded.filter((e) => e.type === 'reminder_skipped').map((e) => e.details.reason)).toEqual([
      'late',
    ]);
  });

  it('writes no names or contact details into messages: recipients by id and role, data as ids and codes', () => {
    const c = startedCase(referral, T0);
    toConference(c);
    const requests = c.outbox.flatMap((e) => (e.kind === 'notify' ? [e.request] : []));
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(Object.keys(r.recipient).sort()).toEqual(['id', 'role']);
      for (const value of Object.values(r.data)) expect(String(value)).not.toMatch(/@|\s/);
    }
  });
});

describe('reviews', () => {
  it('keeps two obligations that pass their grace period at the same instant as two reviews with their own alerts', () => {
    const c = startedCase(referral, T0);
    const due = T0 + 10 * DAY_MS;
    toMonitoring(c, [
      { id: 'pay', type: 'restitution', amountCents: 12_000, payee: 'v-1', dueMs: due },
      { id: 'serve', type: 'community_service', hours: 10, dueMs: due },
    ]);
    c.outbox = [];
    fireDueItems(c, due + 14 * DAY_MS);
    expect(c.state.reviews.map((r) => [r.id, r.reasonCode, r.about.id])).toEqual([
      ['R1', 'OBLIGATION_OVERDUE', 'pay'],
      ['R2', 'OBLIGATION_OVERDUE', 'serve'],
    ]);
    expect(new Set(notified(c, 'review_opened').map((n) => n.key)).size).toBe(2);

    // A payment that does not complete the restitution, or progress on the other obligation, settles nothing.
    act(c, 'recordProgress', { obligationId: 'pay', amountCents: 1_000 }, due + 15 * DAY_MS);
    act(c, 'recordProgress', { obligationId: 'serve', hours: 4 }, due + 15 * DAY_MS);
    expect(c.state.reviews.map((r) => r.id)).toEqual(['R1', 'R2']);
    act(c, 'recordProgress', { obligationId: 'pay', amountCents: 11_000 }, due + 16 * DAY_MS);
    expect(c.state.reviews.map((r) => r.id)).toEqual(['R2']);
    expect(c.state.resolvedReviews).toEqual([
      expect.objectContaining({ id: 'R1', resolution: 'obligation_completed', resolvedAtMs: due + 16 * DAY_MS }),
    ]);
  });

  it('emails at once and holds the SMS of a message due in quiet hours until 09:00 recipient time', () => {
    const night = Date.UTC(2026, 2, 3, 11); // 03:00 in Los Angeles
    const nineAm = Date.UTC(2026, 2, 3, 17);
    const c = startedCase(sampleReferral('D-1', night, 300), night);
    act(c, 'decideScreening', { decision: 'accept' }, night);
    expect(notified(c, 'program_invitation').map((r) => r.channels)).toEqual([['email']]);
    expect(c.state.deferredSms).toEqual([
      expect.objectContaining({ atMs: nineAm, key: 'D-1:program_invitation:rp-1:first' }),
    ]);
    expect(nextWakeMs(c)).toBe(nineAm);
    c.outbox = [];
    fireDueItems(c, nineAm - 1);
    expect(notified(c, 'program_invitation')).toEqual([]);
    fireDueItems(c, nineAm);
    expect(notified(c, 'program_invitation')).toEqual([
      expect.objectContaining({ key: 'D-1:program_invitation:rp-1:first', channels: ['sms'], notBeforeMs: nineAm }),
    ]);
    expect(c.state.deferredSms).toEqual([]);
  });

  it('drops held reminders when the case closes but keeps the outcome texts', () => {
    const c = startedCase(referral, T0);
    toMonitoring(c, [{ id: 'e', type: 'education', dueMs: T0 + 30 * DAY_MS }]);
    const held = { atMs: T0 + 40 * DAY_MS, event: 'obligation_reminder', data: {} };
    c.state.deferredSms = [
      { ...held, key: 'C-1:obligation_reminder:rp-1:x', recipient: { id: 'rp-1', role: 'responsible_party' } },
    ];
    act(c, 'recordProgress', { obligationId: 'e', completed: true }, T0 + 2 * DAY_MS);
    expect(c.state.stage).toBe('CLOSURE_REVIEW');
    const night = Date.UTC(2026, 2, 6, 11);
    act(c, 'approveClosure', { actor: PROSECUTOR, recommendation: 'dismissal' }, night);
    expect(c.state.deferredSms.map((d) => [d.event, d.recipient.id])).toEqual([
      ['case_outcome', 'rp-1'],
      ['case_outcome', 'v-1'],
    ]);
  });

  it('opens one review per refused message, keeps it through stage changes and records how it was settled', () => {
    const c = startedCase(referral, T0);
    act(c, 'decideScreening', { decision: 'accept' }, T0);
    const invitation = notified(c, 'program_invitation')[0]!;
    c.outbox = [];
    deliveryFailed(c, invitation, 'PermanentDeliveryFailure', T0 + 1);
    expect(c.state.reviews).toEqual([
      expect.objectContaining({
        reasonCode: 'DELIVERY_FAILED',
        about: { kind: 'message', id: invitation.key },
        details: expect.objectContaining({ event: 'program_invitation', recipientRole: 'responsible_party' }),
      }),
    ]);
    expect(notified(c, 'review_opened')[0]?.data).toMatchObject({
      event: 'program_invitation',
      reasonCode: 'DELIVERY_FAILED',
    });

    act(c, 'recordParticipantResponse', { response: 'accept', acknowledgesResponsibility: true }, T0 + 2);
    expect(c.state.stage).toBe('VICTIM_CONSENT');
    expect(c.state.reviews.map((r) => r.reasonCode)).toEqual(['DELIVERY_FAILED']);

    c.outbox = [];
    const toCoordinator = notified(startedCase(referral, T0), 'screening_requested')[0]!;
    deliveryFailed(c, toCoordinator, 'PermanentDeliveryFailure', T0 + 3);
    expect(c.state.reviews).toHaveLength(2);
    expect(notified(c, 'review_opened')).toEqual([]);

    act(c, 'dismissReview', { reviewId: 'R1', reason: 'email address corrected' }, T0 + 4);
    expect(c.state.resolvedReviews.find((r) => r.id === 'R1')).toMatchObject({
      resolution: 'dismissed',
      reason: 'email address corrected',
      resolvedBy: { id: 'coord-1', role: 'coordinator' },
    });
    expect(eventTypes(c).filter((t) => t.startsWith('review_'))).toEqual([
      'review_opened',
      'review_opened',
      'review_resolved',
    ]);
  });

  it('settles every open review with its own event when the case closes', () => {
    const c = startedCase(referral, T0);
    act(c, 'decideScreening', { decision: 'accept' }, T0);
    act(c, 'recordParticipantResponse', { response: 'decline' }, T0 + 1);
    act(c, 'requestReturn', { reasonCode: 'DECLINED_DIVERSION', note: 'does not want to take part' }, T0 + 2);
    expect(c.state.stage).toBe('PARTICIPANT_CONSENT');
    expect(c.state.reviews.map((r) => [r.reasonCode, r.assignee])).toEqual([
      ['PARTICIPANT_DECLINED', 'coordinator'],
      ['RETURN_REQUESTED', 'prosecutor'],
    ]);
    c.outbox = [];
    act(c, 'returnToProsecution', { actor: PROSECUTOR, reasonCode: 'DECLINED_DIVERSION' }, T0 + 3);
    expect(c.state.stage).toBe('CLOSED_RETURNED');
    expect(c.state.reviews).toEqual([]);
    expect(c.state.resolvedReviews.map((r) => r.resolution)).toEqual(['returned_to_prosecution', 'case_closed']);
    expect(c.outbox.find((e) => e.kind === 'return')?.request).toMatchObject({
      stageReached: 'PARTICIPANT_CONSENT',
      note: 'does not want to take part',
    });
  });

  it('sends later alerts to the coordinator a case is reassigned to', () => {
    const c = startedCase(referral, T0);
    act(
      c,
      'reassignCoordinator',
      { actor: { id: 'ada', role: 'admin' }, coordinatorId: 'bruno', reason: 'on leave' },
      T0,
    );
    c.outbox = [];
    act(
      c,
      'decideScreening',
      { decision: 'decline', reasonCode: 'X', actor: { id: 'bruno', role: 'coordinator' } },
      T0 + 1,
    );
    expect(notified(c, 'case_returned').map((n) => n.recipient.id)).toEqual(['bruno']);
    expect(caseView(c, T0 + 1).coordinatorId).toBe('bruno');
  });

  it('summarises the open obligations of an agreement copy as codes and times, never the payee', () => {
    const c = startedCase(referral, T0);
    toMonitoring(c, [
      { id: 'pay', type: 'restitution', amountCents: 5000, payee: 'v-1', dueMs: T0 + 30 * DAY_MS },
      { id: 'cs', type: 'community_service', hours: 12, dueMs: T0 + 40 * DAY_MS },
    ]);
    expect(obligationSummary(c)).toBe(`restitution:${T0 + 30 * DAY_MS}:5000,community_service:${T0 + 40 * DAY_MS}:12`);
    expect(notified(c, 'agreement_copy')[0]?.data.obligations).toBe(obligationSummary(c));
    expect(DEFAULT_POLICY.reminders.lateToleranceHours).toBe(12);
  });
});
