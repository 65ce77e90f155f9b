import {
  approveClosure,
  decideScreening,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordProgress,
  recordVictimResponse,
  scheduleConference,
} from '../../workflows/diversion-case/diversion-case.contract';
import { addBusinessDays } from '../../workflows/diversion-case/calendar';
import { DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { DAY, HOUR, PROSECUTOR, rejection, setUpHarness, type Recorded } from './diversion-case-harness';

/** How far behind its instant a message may be handed to its activity: the workflow task that fires its timer. */
const DISPATCH_SLACK_MS = 5_000;

/**
 * The instants messages were due, as seconds after t0 (so a mismatch reads as "fired on day N"). A message is taken
 * at the instant it says it was due (`dueAtMs`), after checking it really went out then: not before, and no later
 * than the workflow task that fired it takes on a busy machine.
 */
function secondsAfter(t0: number, recorded: Recorded<{ dueAtMs?: number }>[]): number[] {
  for (const r of recorded) {
    const due = r.value.dueAtMs ?? r.atMs;
    expect(r.atMs - due).toBeGreaterThanOrEqual(0);
    expect(r.atMs - due).toBeLessThan(DISPATCH_SLACK_MS);
  }
  return recorded.map((r) => Math.round(((r.value.dueAtMs ?? r.atMs) - t0) / 1000)).sort((a, b) => a - b);
}
const seconds = (t0: number, instants: number[]): number[] => instants.map((i) => Math.round((i - t0) / 1000));

describe('diversion case lifecycle on the time-skipping server', () => {
  const harness = setUpHarness('diversion-case-lifecycle');

  it('takes a referral through a six-month plan to a completion notice, sending every reminder at its instant', async () => {
    const wallStart = Date.now();
    const { fakes } = harness;
    const referral = await harness.referral('HAPPY-1');
    const handle = await harness.start(referral);
    const t0 = referral.referralDateMs;

    let view = await harness.view(handle);
    expect(view.stage).toBe('SCREENING');
    expect(view.eligibility).toMatchObject({ eligible: true, reasons: [] });
    expect(view.stageDeadlineMs).toBe(addBusinessDays(DEFAULT_POLICY, view.history[0]!.atMs, 2));
    expect(view.pendingActions.map((p) => p.action)).toEqual(['decideScreening']);

    view = await harness.act(handle, decideScreening, { decision: 'accept' });
    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    const invitedAt = await harness.now();
    await harness.sleep(8 * DAY);
    expect(secondsAfter(invitedAt, fakes.sent('HAPPY-1', 'invitation_reminder'))).toEqual(
      seconds(invitedAt, [invitedAt + 3 * DAY, invitedAt + 7 * DAY]),
    );

    await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    view = await harness.act(handle, recordVictimResponse, { victimId: 'victim-HAPPY-1', response: 'participate' });
    expect(view.stage).toBe('CONFERENCE');

    const conferenceAt = (await harness.now()) + 14 * DAY;
    await harness.act(handle, scheduleConference, { atMs: conferenceAt, location: 'community-room-2' });
    await harness.sleepUntil(conferenceAt + HOUR);
    const conferenceReminders = fakes.sent('HAPPY-1', 'conference_reminder');
    expect(new Set(conferenceReminders.map((r) => r.value.recipient.id))).toEqual(
      new Set(['rp-HAPPY-1', 'victim-HAPPY-1']),
    );
    expect(
      secondsAfter(
        t0,
        conferenceReminders.filter((r) => r.value.recipient.id === 'rp-HAPPY-1'),
      ),
    ).toEqual(
      seconds(
        t0,
        [168, 72, 24, 2].map((h) => conferenceAt - h * HOUR),
      ),
    );

    view = await harness.act(handle, recordConferenceOutcome, { outcome: 'held' });
    expect(view.stage).toBe('AGREEMENT');
    const planStart = await harness.now();
    const due = { letter: planStart + 30 * DAY, restitution: planStart + 60 * DAY, service: planStart + 180 * DAY };
    view = await harness.act(handle, recordAgreement, {
      obligations: [
        { id: 'letter', type: 'apology_letter', dueMs: due.letter },
        {
          id: 'restitution',
          type: 'restitution',
          amountCents: 30_000,
          payee: 'victim-HAPPY-1',
          dueMs: due.restitution,
        },
        { id: 'service', type: 'community_service', hours: 20, dueMs: due.service },
      ],
    });
    expect(view.stage).toBe('MONITORING');

    await harness.sleepUntil(planStart + 20 * DAY);
    await harness.act(handle, recordProgress, { obligationId: 'restitution', amountCents: 10_000 });
    await harness.sleepUntil(due.letter - 12 * HOUR);
    await harness.act(handle, recordProgress, { obligationId: 'letter', completed: true });
    await harness.sleepUntil(due.restitution - 12 * HOUR);
    await harness.act(handle, recordProgress, { obligationId: 'restitution', amountCents: 20_000 });
    await harness.sleepUntil(planStart + 100 * DAY);
    await harness.act(handle, recordProgress, { obligationId: 'service', hours: 8 });
    await harness.sleepUntil(planStart + 150 * DAY);
    await harness.act(handle, recordProgress, { obligationId: 'service', hours: 8 });
    await harness.sleepUntil(due.service - 12 * HOUR);
    view = await harness.act(handle, recordProgress, { obligationId: 'service', hours: 4 });
    expect(view.stage).toBe('CLOSURE_REVIEW');
    // The workflow's own instant of entering closure review (the server's clock after the answer runs later under load).
    const closureReviewAt = view.stageEnteredAt.CLOSURE_REVIEW ?? (await harness.now());

    for (const [id, dueMs] of Object.entries(due)) {
      const reminders = fakes.sent('HAPPY-1', 'obligation_reminder').filter((r) => r.value.data.obligationId === id);
      expect(secondsAfter(t0, reminders)).toEqual(
        seconds(
          t0,
          [7, 3, 1].map((d) => dueMs - d * DAY),
        ),
      );
    }
    expect(fakes.sent('HAPPY-1', 'obligation_overdue')).toEqual([]);

    await harness.sleep(6 * DAY);
    expect(secondsAfter(t0, fakes.sent('HAPPY-1', 'closure_review_reminder'))).toEqual(
      seconds(t0, [addBusinessDays(DEFAULT_POLICY, closureReviewAt, 3)]),
    );
    view = await harness.act(handle, approveClosure, { actor: PROSECUTOR, recommendation: 'charges_not_filed' });
    expect(view.stage).toBe('CLOSED_COMPLETED');

    const output = await handle.result();
    expect(output).toMatchObject({ finalStage: 'CLOSED_COMPLETED', reasonCode: 'COMPLETED' });
    expect(fakes.completionNotices.map((n) => n.value)).toEqual([
      expect.objectContaining({ caseNumber: 'HAPPY-1', recommendation: 'charges_not_filed', prosecutorId: 'pros-1' }),
    ]);
    view = await harness.view(handle);
    expect(view.agreements[0]!.obligations.map((o) => [o.id, o.completed, o.paidCents, o.hoursLogged])).toEqual([
      ['letter', true, 0, 0],
      ['restitution', true, 30_000, 0],
      ['service', true, 0, 20],
    ]);
    expect(fakes.eventTypes('HAPPY-1')).toEqual([
      'case_referred',
      'screening_accepted',
      'participant_accepted',
      'victim_responded',
      'victim_consent_complete',
      'conference_scheduled',
      'conference_held',
      'agreement_recorded',
      'progress_recorded',
      'progress_recorded',
      'progress_recorded',
      'progress_recorded',
      'progress_recorded',
      'progress_recorded',
      'obligations_completed',
      'closure_approved',
    ]);
    // Every notification has a unique logical key, so delivery can de-duplicate retries.
    const keys = fakes.sent('HAPPY-1').map((n) => n.value.key);
    expect(new Set(keys).size).toBe(keys.length);
    console.info(`six-month case simulated in ${Date.now() - wallStart} ms of wall time`);
  });

  it('returns the case to prosecution when screening is declined', async () => {
    const referral = await harness.referral('DECLINE-1');
    const handle = await harness.start(referral);
    const view = await harness.act(handle, decideScreening, { decision: 'decline', reasonCode: 'NOT_SUITABLE' });
    expect(view.stage).toBe('CLOSED_RETURNED');
    expect(await handle.result()).toMatchObject({ finalStage: 'CLOSED_RETURNED', reasonCode: 'NOT_SUITABLE' });
    expect(harness.fakes.returnNotices.filter((n) => n.value.caseNumber === 'DECLINE-1')).toHaveLength(1);
  });

  it('blocks acceptance of an excluded case without an override reason and accepts it with one', async () => {
    const referral = await harness.referral('EXCLUDED-1', {
      offence: { code: 'PC-646.9', category: 'stalking', severity: 'misdemeanor' },
    });
    const handle = await harness.start(referral);
    let view = await harness.view(handle);
    expect(view.eligibility).toMatchObject({
      eligible: false,
      reasons: ['EXCLUDED_OFFENCE_CATEGORY'],
      overridable: true,
    });

    expect(await rejection(harness.act(handle, decideScreening, { decision: 'accept' }))).toBe(
      'the case is not eligible (EXCLUDED_OFFENCE_CATEGORY): accepting it needs an overrideReason',
    );
    expect((await harness.view(handle)).stage).toBe('SCREENING');

    view = await harness.act(handle, decideScreening, {
      decision: 'accept',
      overrideReason: 'victim requested diversion; no contact history',
    });
    expect(view.stage).toBe('PARTICIPANT_CONSENT');
    expect(view.eligibility.overrideReason).toBe('victim requested diversion; no contact history');
  });

  it('refuses any override where the policy does not allow one', async () => {
    const referral = await harness.referral('EXCLUDED-2', {
      offence: { code: 'PC-646.9', category: 'stalking', severity: 'misdemeanor' },
    });
    const policy = { ...DEFAULT_POLICY, eligibility: { ...DEFAULT_POLICY.eligibility, allowOverride: false } };
    const handle = await harness.start(referral, { policy });
    expect(
      await rejection(harness.act(handle, decideScreening, { decision: 'accept', overrideReason: 'please' })),
    ).toBe(
      'the case is not eligible (EXCLUDED_OFFENCE_CATEGORY) and the policy does not allow an override; decline it instead',
    );
    expect((await harness.view(handle)).stage).toBe('SCREENING');
  });
});
