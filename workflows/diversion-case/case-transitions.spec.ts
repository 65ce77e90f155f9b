import {
  applyAgreement,
  applyConferenceOutcome,
  applyParticipantResponse,
  applyScheduleConference,
  applyScreening,
  applyVictimResponse,
  applyWithdrawal,
  fireDueItems,
  initialState,
  startCase,
  type Case,
} from './case-transitions';
import type { Actor, Referral } from './diversion-case.contract';
import { sampleReferral } from './referral.fixture';
import { compressedPolicy, DAY_MS, DEFAULT_POLICY, type Policy } from './policy';

const T0 = Date.UTC(2026, 2, 2, 18);
const actor: Actor = { id: 'coord-1', role: 'coordinator' };
let seq = 0;
const base = () => ({ requestId: `r-${++seq}`, actor });

const referral: Referral = sampleReferral('C-1', T0, 100);

function newCase(policy: Policy = DEFAULT_POLICY): Case {
  const c: Case = { referral, policy, recipientTimeZones: {}, state: initialState(referral, policy, T0), outbox: [] };
  startCase(c, T0);
  return c;
}

function toConference(c: Case): void {
  applyScreening(c, { ...base(), decision: 'accept' }, T0);
  applyParticipantResponse(c, { ...base(), response: 'accept', acknowledgesResponsibility: true }, T0);
  applyVictimResponse(c, { ...base(), victimId: 'v-1', response: 'participate' }, T0);
}

const notified = (c: Case, event: string) =>
  c.outbox.flatMap((e) => (e.kind === 'notify' && e.request.event === event ? [e.request] : []));

describe('case transitions', () => {
  it('opens a VICTIM_WITHDREW review instead of reopening consent when the policy says so', () => {
    const c = newCase(compressedPolicy(DAY_MS, { victimWithdrawalAction: 'review' }));
    toConference(c);
    applyWithdrawal(c, { ...base(), party: 'victim', victimId: 'v-1' }, T0 + 1);
    expect(c.state.stage).toBe('CONFERENCE');
    expect(c.state.review).toEqual({ reasonCode: 'VICTIM_WITHDREW', sinceMs: T0 + 1, stage: 'CONFERENCE' });
  });

  it('keeps the plan running when a victim withdraws after the agreement', () => {
    const c = newCase();
    toConference(c);
    applyScheduleConference(c, { ...base(), atMs: T0 + DAY_MS, location: 'room' }, T0);
    applyConferenceOutcome(c, { ...base(), outcome: 'held' }, T0 + DAY_MS);
    applyAgreement(
      c,
      { ...base(), obligations: [{ id: 'e', type: 'education', dueMs: T0 + 30 * DAY_MS }] },
      T0 + DAY_MS,
    );
    applyWithdrawal(c, { ...base(), party: 'victim', victimId: 'v-1' }, T0 + 2 * DAY_MS);
    expect(c.state.stage).toBe('MONITORING');
    expect(c.state.victims).toEqual([{ victimId: 'v-1', answer: 'participate', answeredAtMs: T0, withdrawn: true }]);
  });

  it('drops a stage’s reminders and deadline when the stage changes but keeps charging-deadline alerts', () => {
    const c = newCase();
    expect(c.state.dueItems.map((d) => d.kind).sort()).toEqual(['charging_alert', 'charging_alert', 'stage_deadline']);
    applyScreening(c, { ...base(), decision: 'accept' }, T0);
    expect(c.state.dueItems.map((d) => d.key).sort()).toEqual([
      'charging:30d',
      'charging:45d',
      `deadline:PARTICIPANT_CONSENT:${T0 + 14 * DAY_MS}`,
      'invitation:3d',
      'invitation:7d',
    ]);
  });

  it('fires each due item once, earliest first, and opens a review rather than ending the case', () => {
    const c = newCase();
    applyScreening(c, { ...base(), decision: 'accept' }, T0);
    c.outbox = [];
    fireDueItems(c, T0 + 60 * DAY_MS);
    fireDueItems(c, T0 + 60 * DAY_MS);
    expect(notified(c, 'invitation_reminder').map((r) => r.key)).toEqual([
      'C-1:invitation_reminder:rp-1:3d',
      'C-1:invitation_reminder:rp-1:7d',
    ]);
    expect(notified(c, 'charging_deadline_alert').map((r) => r.recipient.id)).toEqual(['coord-1', 'pros-1']);
    expect(c.state.stage).toBe('PARTICIPANT_CONSENT');
    expect(c.state.review?.reasonCode).toBe('PARTICIPANT_CONSENT_OVERDUE');
    expect(c.state.dueItems.map((d) => d.key)).toEqual(['charging:30d']);
  });

  it('writes no names or contact details into messages: recipients by id and role, data as ids and codes', () => {
    const c = newCase();
    toConference(c);
    const requests = c.outbox.flatMap((e) => (e.kind === 'notify' ? [e.request] : []));
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(Object.keys(r.recipient).sort()).toEqual(['id', 'role']);
      for (const value of Object.values(r.data)) expect(String(value)).not.toMatch(/@|\s/);
    }
  });
});
