import { activeVictims, coordinator, notify, responsibleParties, type Case } from '../case';
import type { CaseStage, ParticipantRef } from '../diversion-case.contract';
import type { StageChange, StageModule } from '../stage-module';

/** Victims told the outcome: those still in the case, except one who withdrew and asked not to be contacted. */
function victimsToTell(c: Case): ParticipantRef[] {
  const quiet = new Set(c.state.victims.filter((v) => v.contactOnRequestOnly).map((v) => v.victimId));
  return activeVictims(c).filter((v) => !quiet.has(v.id));
}

function close(c: Case, nowMs: number, reasonCode: string): void {
  c.state.closedAtMs = nowMs;
  c.state.closeReasonCode = reasonCode;
  // Reminders held back for quiet hours no longer apply once the case is closed; the outcome texts still go.
  c.state.deferredSms = c.state.deferredSms.filter((d) => d.event === 'case_outcome');
}

function closedStage(stage: CaseStage, enter: (c: Case, nowMs: number, change: StageChange) => void): StageModule {
  return { stage, enter, timers: {}, pending: () => [], actions: [] };
}

/** CLOSED_COMPLETED: the completion notice (PDF) goes to the clerk and the prosecutor; participants are told. */
export const closedCompleted = closedStage('CLOSED_COMPLETED', (c, nowMs, change) => {
  close(c, nowMs, 'COMPLETED');
  const recommendation = change.details?.recommendation === 'dismissal' ? 'dismissal' : 'charges_not_filed';
  c.outbox.push({
    kind: 'completion',
    request: {
      key: `${c.referral.caseNumber}:completion-notice`,
      caseNumber: c.referral.caseNumber,
      court: c.referral.court,
      responsiblePartyId: c.referral.responsiblePartyId,
      referralDateMs: c.referral.referralDateMs,
      recommendation,
      prosecutorId: change.actor?.id ?? c.referral.prosecutorId,
      approvedAtMs: nowMs,
      timeZone: c.policy.timeZone,
    },
  });
  for (const p of [...responsibleParties(c), ...victimsToTell(c)]) {
    notify(c, 'case_outcome', p, 'final', nowMs, { outcome: 'completed' });
  }
});

/** CLOSED_RETURNED: the return notice goes to the prosecutor (and the clerk where charges were filed); victims told. */
export const closedReturned = closedStage('CLOSED_RETURNED', (c, nowMs, change) => {
  const reasonCode = String(change.details?.reasonCode ?? 'RETURNED');
  const stageReached = change.from ?? 'SCREENING';
  close(c, nowMs, reasonCode);
  c.outbox.push({
    kind: 'return',
    request: {
      key: `${c.referral.caseNumber}:return-notice`,
      caseNumber: c.referral.caseNumber,
      court: c.referral.court,
      stageReached,
      reasonCode,
      ...(change.note ? { note: change.note } : {}),
      chargesFiled: c.referral.chargesFiled,
      prosecutorId: c.referral.prosecutorId,
      returnedAtMs: nowMs,
      timeZone: c.policy.timeZone,
    },
  });
  notify(c, 'case_returned', coordinator(c), 'final', nowMs, { reasonCode });
  for (const v of victimsToTell(c)) notify(c, 'case_outcome', v, 'final', nowMs, { outcome: 'returned' });
});
