import { nextSmsSendTime } from './calendar';
import { currentAgreement } from './agreement';
import {
  isClosedStage,
  type Actor,
  type CarriedCaseState,
  type CaseStage,
  type CompletionNoticeRequest,
  type DeferredSms,
  type Details,
  type DueItem,
  type DueItemKind,
  type NotificationChannel,
  type NotifyRequest,
  type ParticipantRef,
  type Referral,
  type ReturnNoticeRequest,
} from './diversion-case.contract';
import { assessEligibility } from './eligibility';
import type { Policy } from './policy';

/** Something the workflow starts through an activity once the state change is made (audit events are in state). */
export type Effect =
  | { kind: 'notify'; request: NotifyRequest }
  | { kind: 'completion'; request: CompletionNoticeRequest }
  | { kind: 'return'; request: ReturnNoticeRequest };

/** A case: its fixed referral and policy, its mutable state and the effects still to start. */
export interface Case {
  referral: Referral;
  policy: Policy;
  recipientTimeZones: Record<string, string>;
  state: CarriedCaseState;
  outbox: Effect[];
}

export function initialState(referral: Referral, policy: Policy, nowMs: number): CarriedCaseState {
  const eligibility = assessEligibility(policy, {
    offenceCategory: referral.offence.category,
    victimCount: referral.victimIds.length,
    referralDateMs: referral.referralDateMs,
    priorDiversionDateMs: referral.priorDiversionDateMs,
  });
  return {
    stage: 'SCREENING',
    stageEnteredAtMs: nowMs,
    stageEnteredAt: { SCREENING: nowMs },
    coordinatorId: referral.coordinatorId,
    reviews: [],
    resolvedReviews: [],
    reviewSeq: 0,
    eligibility: { ...eligibility, reasons: [...eligibility.reasons] },
    victims: referral.victimIds.map((victimId) => ({ victimId, withdrawn: false })),
    conference: { rescheduleCount: 0, noShows: 0, sequence: 0 },
    agreements: [],
    history: [],
    notes: [],
    dueItems: [],
    deferredSms: [],
    appliedRequests: [],
    eventSeq: 0,
    unrecorded: [],
    run: 1,
  };
}

// ---- Audit events ----------------------------------------------------------------------------------------------

/** Raises an audit event: into the case's history and the queue the workflow writes to the audit trail. */
export function record(
  c: Case,
  type: string,
  nowMs: number,
  actor?: Actor,
  details: Details = {},
  stageFrom?: CaseStage,
): void {
  const s = c.state;
  s.eventSeq += 1;
  const from = stageFrom ?? s.stage;
  s.history.push({ atMs: nowMs, type, actor, stageFrom: from, stageTo: s.stage, details });
  s.unrecorded.push({
    eventKey: `${c.referral.caseNumber}:${s.eventSeq}`,
    sequence: s.eventSeq,
    type,
    stageFrom: from,
    stageTo: s.stage,
    ...(actor ? { actor } : {}),
    occurredAtMs: nowMs,
    details,
  });
}

// ---- Recipients ------------------------------------------------------------------------------------------------

export const coordinator = (c: Case): ParticipantRef => ({ id: c.state.coordinatorId, role: 'coordinator' });
export const prosecutor = (c: Case): ParticipantRef => ({ id: c.referral.prosecutorId, role: 'prosecutor' });

/** The responsible party and, for a minor, the guardian. */
export function responsibleParties(c: Case): ParticipantRef[] {
  const parties: ParticipantRef[] = [{ id: c.referral.responsiblePartyId, role: 'responsible_party' }];
  if (c.referral.guardianId) parties.push({ id: c.referral.guardianId, role: 'guardian' });
  return parties;
}

export function responsibleParty(c: Case): ParticipantRef {
  return { id: c.referral.responsiblePartyId, role: 'responsible_party' };
}

/** Victims still part of the case (a victim who withdrew after the agreement is not). */
export function activeVictims(c: Case): ParticipantRef[] {
  return c.state.victims.filter((v) => !v.withdrawn).map((v) => ({ id: v.victimId, role: 'victim' }));
}

// ---- Messages --------------------------------------------------------------------------------------------------

const STAFF_ROLES: readonly ParticipantRef['role'][] = ['coordinator', 'prosecutor', 'clerk'];

/**
 * Queues one message. Staff get email; participants email and SMS, the SMS held back by a workflow timer while it is
 * quiet hours in the recipient's zone (continue-as-new carries it), so no text leaves outside them.
 */
export function notify(
  c: Case,
  event: string,
  recipient: ParticipantRef,
  occurrence: string,
  nowMs: number,
  data: Details = {},
  dueAtMs: number = nowMs,
): void {
  const staff = STAFF_ROLES.includes(recipient.role);
  const channels: NotificationChannel[] = staff ? ['email'] : ['email', 'sms'];
  const request: NotifyRequest = {
    key: `${c.referral.caseNumber}:${event}:${recipient.id}:${occurrence}`,
    caseNumber: c.referral.caseNumber,
    event,
    recipient,
    channels,
    data: { ...data, stage: c.state.stage },
    dueAtMs,
  };
  if (!staff) {
    const zone = c.recipientTimeZones[recipient.id] ?? c.policy.timeZone;
    const notBeforeMs = nextSmsSendTime(c.policy, nowMs, zone);
    if (notBeforeMs > nowMs) {
      const { key, event: e, recipient: r, data: d } = request;
      c.state.deferredSms.push({ atMs: notBeforeMs, key, event: e, recipient: r, data: d });
      request.channels = ['email'];
    } else {
      request.notBeforeMs = notBeforeMs;
    }
  }
  c.outbox.push({ kind: 'notify', request });
}

/** Hands the deferred SMS whose time has come to the outbox, earliest first. */
export function releaseDeferredSms(c: Case, nowMs: number): void {
  const deferred = c.state.deferredSms;
  const due = deferred.filter((d) => d.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs || compareKeys(a.key, b.key));
  if (due.length === 0) return;
  c.state.deferredSms = deferred.filter((d) => d.atMs > nowMs);
  for (const d of due) c.outbox.push({ kind: 'notify', request: deferredRequest(c, d) });
}

function deferredRequest(c: Case, d: DeferredSms): NotifyRequest {
  return {
    key: d.key,
    caseNumber: c.referral.caseNumber,
    event: d.event,
    recipient: d.recipient,
    channels: ['sms'],
    data: d.data,
    notBeforeMs: d.atMs,
    dueAtMs: d.atMs,
  };
}

// ---- Due items -------------------------------------------------------------------------------------------------

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function addDue(
  c: Case,
  kind: DueItemKind,
  key: string,
  atMs: number,
  label: string,
  obligationId?: string,
): void {
  c.state.dueItems = c.state.dueItems.filter((d) => d.key !== key);
  c.state.dueItems.push(
    obligationId === undefined ? { key, kind, atMs, label } : { key, kind, atMs, label, obligationId },
  );
}

export function dropDue(c: Case, drop: (item: DueItem) => boolean): void {
  c.state.dueItems = c.state.dueItems.filter((d) => !drop(d));
}

/** The earliest pending due item, ties broken by key so the order never depends on insertion. */
export function earliestDue(items: readonly DueItem[]): DueItem | undefined {
  return [...items].sort((a, b) => a.atMs - b.atMs || compareKeys(a.key, b.key))[0];
}

/** When the workflow must wake next for a timer of its own: a due item or a deferred SMS. */
export function nextWakeMs(c: Case): number | undefined {
  const times = [...c.state.dueItems.map((d) => d.atMs), ...c.state.deferredSms.map((d) => d.atMs)];
  return times.length === 0 ? undefined : Math.min(...times);
}

/** Sets the current stage's deadline (one at a time); its review is the stage module's. */
export function setStageDeadline(c: Case, atMs: number): void {
  c.state.stageDeadlineMs = atMs;
  dropDue(c, (d) => d.kind === 'stage_deadline');
  addDue(c, 'stage_deadline', `deadline:${c.state.stage}:${atMs}`, atMs, c.state.stage);
}

/** The nearest deadline the case faces: the charging deadline, the stage's, or an open obligation's due date. */
export function nextDeadlineMs(c: Case): number | undefined {
  if (isClosedStage(c.state.stage)) return undefined;
  const candidates = [c.referral.chargingDeadlineMs];
  if (c.state.stageDeadlineMs !== undefined) candidates.push(c.state.stageDeadlineMs);
  if (c.state.stage === 'MONITORING') {
    for (const o of currentAgreement(c.state.agreements)?.obligations ?? []) if (!o.completed) candidates.push(o.dueMs);
  }
  return Math.min(...candidates);
}
