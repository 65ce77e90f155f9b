import type {
  CaseEventRecord,
  CompletionNoticeRequest,
  NotificationChannel,
  NotifyRequest,
  ReturnNoticeRequest,
} from './diversion-case.contract';
import {
  amendedObligations,
  allObligationsComplete,
  applyExtension,
  applyProgress,
  currentAgreement,
  newObligations,
} from './agreement';
import { addBusinessDays, nextSmsSendTime } from './calendar';
import type {
  Actor,
  AgreementAmendment,
  AgreementRecord,
  CarriedCaseState,
  CaseStage,
  CaseView,
  ClosureApproval,
  ConferenceOutcome,
  ConferenceReschedule,
  ConferenceSchedule,
  DeadlineExtension,
  DeferredSms,
  DueItem,
  DueItemKind,
  NoteRecord,
  ObligationExtension,
  ObligationState,
  ParticipantRef,
  ParticipantResponse,
  ProgressRecord,
  Referral,
  ReturnRequest,
  ReviewReasonCode,
  ScreeningDecision,
  VictimResponse,
  Withdrawal,
} from './diversion-case.contract';
import { assessEligibility } from './eligibility';
import { policyDays, type Policy } from './policy';
import { chargingDeadlineAlerts, conferenceReminders, invitationReminders, obligationSchedule } from './schedules';
import { isClosed } from './validators';

/** Something the workflow must do through an activity once the state change is made. */
export type Effect =
  | { kind: 'notify'; request: NotifyRequest }
  | { kind: 'event'; event: CaseEventRecord }
  | { kind: 'completion'; request: CompletionNoticeRequest }
  | { kind: 'return'; request: ReturnNoticeRequest };

/** A case: its fixed referral and policy, its mutable state and the effects still to carry out. */
export interface Case {
  referral: Referral;
  policy: Policy;
  recipientTimeZones: Record<string, string>;
  state: CarriedCaseState;
  outbox: Effect[];
}

type Details = Record<string, string | number | boolean>;

const APPLIED_REQUEST_IDS_KEPT = 1000;

const STAGE_DEADLINE_REVIEW: Partial<Record<CaseStage, ReviewReasonCode>> = {
  SCREENING: 'SCREENING_OVERDUE',
  PARTICIPANT_CONSENT: 'PARTICIPANT_CONSENT_OVERDUE',
  VICTIM_CONSENT: 'VICTIM_ANSWER_OVERDUE',
  CONFERENCE: 'CONFERENCE_OVERDUE',
  AGREEMENT: 'AGREEMENT_OVERDUE',
};

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
    eligibility: { ...eligibility, reasons: [...eligibility.reasons] },
    victims: referral.victimIds.map((victimId) => ({ victimId, withdrawn: false })),
    conference: { rescheduleCount: 0, noShows: 0, sequence: 0 },
    agreements: [],
    history: [],
    notes: [],
    dueItems: [],
    appliedRequestIds: [],
    eventSeq: 0,
    run: 1,
  };
}

// ---- Effects ---------------------------------------------------------------------------------------------------

function nextDeadlineMs(c: Case): number | undefined {
  const candidates = [c.referral.chargingDeadlineMs];
  if (c.state.stageDeadlineMs !== undefined) candidates.push(c.state.stageDeadlineMs);
  if (c.state.stage === 'MONITORING') {
    for (const o of currentAgreement(c.state.agreements)?.obligations ?? []) if (!o.completed) candidates.push(o.dueMs);
  }
  return isClosed(c.state.stage) ? undefined : Math.min(...candidates);
}

function record(
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
  c.outbox.push({
    kind: 'event',
    event: {
      caseNumber: c.referral.caseNumber,
      eventKey: `${c.referral.caseNumber}:${s.eventSeq}`,
      type,
      stageFrom: from,
      stageTo: s.stage,
      actor,
      occurredAtMs: nowMs,
      details,
      projection: {
        stage: s.stage,
        needsReview: s.review !== undefined,
        nextDeadlineMs: nextDeadlineMs(c),
        coordinatorId: c.referral.coordinatorId,
        offenceCategory: c.referral.offence.category,
      },
    },
  });
}

function notify(
  c: Case,
  event: string,
  recipient: ParticipantRef,
  occurrence: string,
  nowMs: number,
  data: Details = {},
): void {
  const staff = recipient.role === 'coordinator' || recipient.role === 'prosecutor' || recipient.role === 'clerk';
  const channels: NotificationChannel[] = staff ? ['email'] : ['email', 'sms'];
  const zone = c.recipientTimeZones[recipient.id] ?? c.policy.timeZone;
  const request: NotifyRequest = {
    key: `${c.referral.caseNumber}:${event}:${recipient.id}:${occurrence}`,
    caseNumber: c.referral.caseNumber,
    event,
    recipient,
    channels,
    data: { ...data, stage: c.state.stage },
  };
  if (!staff) {
    const notBeforeMs = nextSmsSendTime(c.policy, nowMs, zone);
    if (notBeforeMs > nowMs) {
      // Quiet hours: the email goes now; the SMS waits in the case state for a workflow timer (continue-as-new
      // carries it), so no text leaves outside quiet hours and the activity never sleeps.
      const { key, event: e, recipient: r, data: d } = request;
      c.state.deferredSms = [
        ...(c.state.deferredSms ?? []),
        { atMs: notBeforeMs, key, event: e, recipient: r, data: d },
      ];
      request.channels = ['email'];
    } else {
      request.notBeforeMs = notBeforeMs;
    }
  }
  c.outbox.push({ kind: 'notify', request });
}

/** Hands the deferred SMS whose time has come to the outbox, earliest first. */
function releaseDeferredSms(c: Case, nowMs: number): void {
  const deferred = c.state.deferredSms ?? [];
  const due = deferred.filter((d) => d.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs || (a.key < b.key ? -1 : 1));
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
  };
}

/** When the workflow must wake next for a timer of its own: a due item or a deferred SMS. */
export function nextWakeMs(c: Case): number | undefined {
  const times = [...c.state.dueItems.map((d) => d.atMs), ...(c.state.deferredSms ?? []).map((d) => d.atMs)];
  return times.length === 0 ? undefined : Math.min(...times);
}

/** Whether the case still holds SMS back for quiet hours (a closed case waits for them before it ends). */
export function hasDeferredSms(c: Case): boolean {
  return (c.state.deferredSms ?? []).length > 0;
}

/**
 * A message was permanently refused (the activity gave up: bad address, opted-out number, provider refusal). The
 * case never fails for it: the failure goes into the history and the coordinator gets a review (or, when another
 * review is already open, an alert). A failure of a message to the coordinator raises no further message to them.
 */
export function applyDeliveryFailure(c: Case, request: NotifyRequest, failureType: string, nowMs: number): void {
  const details: Details = {
    key: request.key,
    event: request.event,
    recipientId: request.recipient.id,
    recipientRole: request.recipient.role,
    failureType,
  };
  record(c, 'DELIVERY_FAILED', nowMs, undefined, details);
  if (isClosed(c.state.stage)) {
    if (request.recipient.role !== 'coordinator')
      notify(c, 'delivery_failed', coordinator(c), request.key, nowMs, details);
    return;
  }
  if (c.state.review === undefined) {
    openReview(c, 'DELIVERY_FAILED', nowMs);
  } else if (request.recipient.role !== 'coordinator') {
    notify(c, 'delivery_failed', coordinator(c), request.key, nowMs, details);
  }
}

const coordinator = (c: Case): ParticipantRef => ({ id: c.referral.coordinatorId, role: 'coordinator' });
const prosecutor = (c: Case): ParticipantRef => ({ id: c.referral.prosecutorId, role: 'prosecutor' });

/** The responsible party and, for a minor, the guardian. */
function responsibleParties(c: Case): ParticipantRef[] {
  const parties: ParticipantRef[] = [{ id: c.referral.responsiblePartyId, role: 'responsible_party' }];
  if (c.referral.guardianId) parties.push({ id: c.referral.guardianId, role: 'guardian' });
  return parties;
}

function conferenceInvitees(c: Case): ParticipantRef[] {
  const victims = c.state.victims
    .filter((v) => !v.withdrawn && (v.answer === 'participate' || v.answer === 'surrogate'))
    .map((v): ParticipantRef => ({ id: v.victimId, role: 'victim' }));
  return [...responsibleParties(c), ...victims];
}

function activeVictims(c: Case): ParticipantRef[] {
  return c.state.victims.filter((v) => !v.withdrawn).map((v) => ({ id: v.victimId, role: 'victim' }));
}

/**
 * The responsible party's open obligations for their agreement copy, as codes and times only:
 * `type:dueMs[:amountCents|hours]`, comma-separated. A restitution payee (possibly a victim id) is left out.
 */
export function obligationSummary(c: Case): string {
  return (currentAgreement(c.state.agreements)?.obligations ?? [])
    .filter((o) => !o.completed)
    .map((o) => {
      const amount =
        o.type === 'restitution' ? `:${o.amountCents}` : o.type === 'community_service' ? `:${o.hours}` : '';
      return `${o.type}:${o.dueMs}${amount}`;
    })
    .join(',');
}

// ---- Due items -------------------------------------------------------------------------------------------------

function addDue(c: Case, kind: DueItemKind, key: string, atMs: number, label: string, obligationId?: string): void {
  c.state.dueItems = c.state.dueItems.filter((d) => d.key !== key);
  c.state.dueItems.push(
    obligationId === undefined ? { key, kind, atMs, label } : { key, kind, atMs, label, obligationId },
  );
}

function dropDue(c: Case, keep: (item: DueItem) => boolean): void {
  c.state.dueItems = c.state.dueItems.filter(keep);
}

/** The earliest pending due item, ties broken by key so the order never depends on insertion. */
export function earliestDue(items: readonly DueItem[]): DueItem | undefined {
  return [...items].sort((a, b) => a.atMs - b.atMs || (a.key < b.key ? -1 : 1))[0];
}

function setStageDeadline(c: Case, atMs: number): void {
  c.state.stageDeadlineMs = atMs;
  dropDue(c, (d) => d.kind !== 'stage_deadline');
  addDue(c, 'stage_deadline', `deadline:${c.state.stage}:${atMs}`, atMs, c.state.stage);
}

function scheduleConferenceReminders(c: Case, nowMs: number): void {
  dropDue(c, (d) => d.kind !== 'conference_reminder');
  const { atMs, sequence } = c.state.conference;
  if (atMs === undefined) return;
  for (const r of conferenceReminders(c.policy, atMs, nowMs)) {
    addDue(c, 'conference_reminder', `conference:s${sequence}:${r.label}`, r.atMs, r.label);
  }
}

const OBLIGATION_KINDS: Record<string, DueItemKind> = { overdue: 'obligation_overdue', review: 'obligation_review' };

function scheduleObligation(c: Case, o: ObligationState, nowMs: number): void {
  dropDue(c, (d) => d.obligationId !== o.id);
  if (o.completed) return;
  for (const r of obligationSchedule(c.policy, o.dueMs, nowMs)) {
    const kind = OBLIGATION_KINDS[r.label] ?? 'obligation_reminder';
    addDue(c, kind, `obligation:${o.id}@${o.dueMs}:${r.label}`, r.atMs, r.label, o.id);
  }
}

// ---- Stages and reviews ----------------------------------------------------------------------------------------

function openReview(c: Case, reasonCode: ReviewReasonCode, nowMs: number, obligationId?: string): void {
  c.state.review = { reasonCode, sinceMs: nowMs, stage: c.state.stage, ...(obligationId ? { obligationId } : {}) };
  record(c, 'review_opened', nowMs, undefined, { reasonCode, ...(obligationId ? { obligationId } : {}) });
  notify(c, 'review_opened', coordinator(c), `${reasonCode}-${nowMs}`, nowMs, {
    reasonCode,
    ...(obligationId ? { obligationId } : {}),
  });
}

function resolveReview(c: Case, nowMs: number, resolution: string): void {
  const review = c.state.review;
  if (!review) return;
  c.state.review = undefined;
  record(c, 'review_resolved', nowMs, undefined, { reasonCode: review.reasonCode, resolution });
}

function enterStage(
  c: Case,
  stage: CaseStage,
  nowMs: number,
  type: string,
  actor?: Actor,
  details: Details = {},
): void {
  const s = c.state;
  const from = s.stage;
  s.stage = stage;
  s.stageEnteredAtMs = nowMs;
  s.review = undefined;
  s.stageDeadlineMs = undefined;
  dropDue(c, (d) => d.kind === 'charging_alert' && !isClosed(stage));
  record(c, type, nowMs, actor, details, from);
  onEnter(c, nowMs);
}

function onEnter(c: Case, nowMs: number): void {
  const { policy, state } = c;
  switch (state.stage) {
    case 'SCREENING':
      setStageDeadline(c, addBusinessDays(policy, nowMs, policy.deadlines.screeningBusinessDays));
      notify(c, 'screening_requested', coordinator(c), 'referral', nowMs);
      return;
    case 'PARTICIPANT_CONSENT':
      state.invitedAtMs = nowMs;
      for (const p of responsibleParties(c)) notify(c, 'program_invitation', p, 'first', nowMs);
      for (const r of invitationReminders(policy, nowMs, nowMs)) {
        addDue(c, 'invitation_reminder', `invitation:${r.label}`, r.atMs, r.label);
      }
      setStageDeadline(c, nowMs + policyDays(policy, policy.deadlines.participantConsentDays));
      return;
    case 'VICTIM_CONSENT':
      for (const v of state.victims.filter((x) => x.answer === undefined)) {
        notify(c, 'victim_contact_task', coordinator(c), `${v.victimId}-${nowMs}`, nowMs, { victimId: v.victimId });
        notify(c, 'victim_first_contact', { id: v.victimId, role: 'victim' }, `${nowMs}`, nowMs);
      }
      addDue(
        c,
        'victim_contact_alert',
        `victim-contact:${nowMs}`,
        addBusinessDays(policy, nowMs, policy.deadlines.victimContactBusinessDays),
        'contact',
      );
      setStageDeadline(c, nowMs + policyDays(policy, policy.deadlines.victimAnswerDays));
      return;
    case 'CONFERENCE':
      state.conference = { ...state.conference, atMs: undefined, location: undefined };
      notify(c, 'conference_to_schedule', coordinator(c), `${nowMs}`, nowMs);
      setStageDeadline(c, nowMs + policyDays(policy, policy.deadlines.conferenceHeldDays));
      return;
    case 'AGREEMENT':
      setStageDeadline(c, nowMs + policyDays(policy, policy.deadlines.agreementDaysAfterConference));
      return;
    case 'MONITORING':
      for (const o of currentAgreement(state.agreements)?.obligations ?? []) scheduleObligation(c, o, nowMs);
      for (const p of responsibleParties(c)) {
        notify(c, 'agreement_copy', p, 'v1', nowMs, { version: 1, obligations: obligationSummary(c) });
      }
      return;
    case 'CLOSURE_REVIEW':
      notify(c, 'closure_review_requested', prosecutor(c), 'first', nowMs);
      addDue(
        c,
        'closure_reminder',
        'closure-reminder',
        addBusinessDays(policy, nowMs, policy.deadlines.closureReviewReminderBusinessDays),
        'reminder',
      );
      return;
    case 'CLOSED_COMPLETED':
    case 'CLOSED_RETURNED':
      state.closedAtMs = nowMs;
      // Reminders held back for quiet hours no longer apply once the case is closed.
      state.deferredSms = (state.deferredSms ?? []).filter((d) => d.event === 'case_outcome');
      return;
  }
}

/** Starts a new case: screening deadline, charging-deadline alerts, the coordinator told. */
export function startCase(c: Case, nowMs: number): void {
  record(c, 'case_referred', nowMs, undefined, {
    eligible: c.state.eligibility.eligible,
    eligibilityReasons: c.state.eligibility.reasons.join(','),
  });
  for (const a of chargingDeadlineAlerts(c.policy, c.referral.chargingDeadlineMs, nowMs)) {
    addDue(c, 'charging_alert', `charging:${a.label}`, a.atMs, a.label);
  }
  onEnter(c, nowMs);
}

function returnCase(c: Case, nowMs: number, reasonCode: string, type: string, actor?: Actor, note?: string): void {
  const stageReached = c.state.stage;
  c.state.closeReasonCode = reasonCode;
  enterStage(c, 'CLOSED_RETURNED', nowMs, type, actor, { reasonCode });
  c.outbox.push({
    kind: 'return',
    request: {
      key: `${c.referral.caseNumber}:return-notice`,
      caseNumber: c.referral.caseNumber,
      court: c.referral.court,
      stageReached,
      reasonCode,
      ...(note ? { note } : {}),
      chargesFiled: c.referral.chargesFiled,
      prosecutorId: c.referral.prosecutorId,
      returnedAtMs: nowMs,
    },
  });
  notify(c, 'case_returned', coordinator(c), 'final', nowMs, { reasonCode });
  for (const v of activeVictims(c)) notify(c, 'case_outcome', v, 'final', nowMs, { outcome: 'returned' });
}

function markApplied(c: Case, requestId: string): void {
  c.state.appliedRequestIds.push(requestId);
  if (c.state.appliedRequestIds.length > APPLIED_REQUEST_IDS_KEPT) c.state.appliedRequestIds.shift();
}

// ---- Actions (validated before they get here) ------------------------------------------------------------------

export function applyScreening(c: Case, input: ScreeningDecision, nowMs: number): void {
  markApplied(c, input.requestId);
  if (input.decision === 'decline') {
    returnCase(c, nowMs, input.reasonCode, 'screening_declined', input.actor);
    return;
  }
  if (input.overrideReason) c.state.eligibility.overrideReason = input.overrideReason;
  enterStage(c, 'PARTICIPANT_CONSENT', nowMs, 'screening_accepted', input.actor, {
    overridden: !c.state.eligibility.eligible,
  });
}

export function applyParticipantResponse(c: Case, input: ParticipantResponse, nowMs: number): void {
  markApplied(c, input.requestId);
  c.state.participantResponse = { response: input.response, atMs: nowMs };
  if (input.response === 'accept') {
    enterStage(c, 'VICTIM_CONSENT', nowMs, 'participant_accepted', input.actor);
    return;
  }
  record(c, 'participant_declined', nowMs, input.actor);
  openReview(c, 'PARTICIPANT_DECLINED', nowMs);
}

function victimConsentsComplete(c: Case): boolean {
  const victims = c.state.victims.filter((v) => !v.withdrawn);
  return victims.length > 0 && victims.every((v) => v.answer !== undefined && v.answer !== 'decline');
}

export function applyVictimResponse(c: Case, input: VictimResponse, nowMs: number): void {
  markApplied(c, input.requestId);
  const victim = c.state.victims.find((v) => v.victimId === input.victimId);
  if (!victim) return;
  victim.answer = input.response;
  victim.answeredAtMs = nowMs;
  record(c, 'victim_responded', nowMs, input.actor, { victimId: victim.victimId, response: input.response });
  if (input.response === 'decline') {
    openReview(c, 'VICTIM_DECLINED', nowMs);
  } else if (victimConsentsComplete(c)) {
    enterStage(c, 'CONFERENCE', nowMs, 'victim_consent_complete');
  } else if (c.state.review?.reasonCode === 'VICTIM_DECLINED' && !c.state.victims.some((v) => v.answer === 'decline')) {
    resolveReview(c, nowMs, 'victim_changed_answer');
  }
}

function notifyConference(c: Case, event: string, nowMs: number): void {
  const { sequence, atMs } = c.state.conference;
  const location = c.state.conference.location ?? '';
  for (const p of conferenceInvitees(c)) {
    notify(c, event, p, `s${sequence}`, nowMs, { sequence, atMs: atMs ?? 0, location });
  }
}

export function applyScheduleConference(c: Case, input: ConferenceSchedule, nowMs: number): void {
  markApplied(c, input.requestId);
  const conf = c.state.conference;
  c.state.conference = { ...conf, atMs: input.atMs, location: input.location, sequence: conf.sequence + 1 };
  record(c, 'conference_scheduled', nowMs, input.actor, { atMs: input.atMs, sequence: conf.sequence + 1 });
  notifyConference(c, 'conference_invitation', nowMs);
  scheduleConferenceReminders(c, nowMs);
}

export function applyRescheduleConference(c: Case, input: ConferenceReschedule, nowMs: number): void {
  markApplied(c, input.requestId);
  const conf = c.state.conference;
  c.state.conference = {
    ...conf,
    atMs: input.atMs,
    location: input.location ?? conf.location,
    sequence: conf.sequence + 1,
    rescheduleCount: conf.rescheduleCount + 1,
  };
  const { rescheduleCount, sequence } = c.state.conference;
  record(c, 'conference_rescheduled', nowMs, input.actor, {
    atMs: input.atMs,
    sequence,
    rescheduleCount,
    reasonCode: input.reasonCode,
  });
  notifyConference(c, 'conference_updated', nowMs);
  scheduleConferenceReminders(c, nowMs);
  if (rescheduleCount > c.policy.caps.maxConferenceReschedules) openReview(c, 'RESCHEDULE_CAP_REACHED', nowMs);
}

export function applyConferenceOutcome(c: Case, input: ConferenceOutcome, nowMs: number): void {
  markApplied(c, input.requestId);
  const conf = c.state.conference;
  if (input.outcome === 'held') {
    c.state.conference = { ...conf, heldAtMs: nowMs };
    dropDue(c, (d) => d.kind !== 'conference_reminder');
    enterStage(c, 'AGREEMENT', nowMs, 'conference_held', input.actor);
    return;
  }
  const noShows = conf.noShows + (input.outcome === 'no_show' ? 1 : 0);
  c.state.conference = { ...conf, atMs: undefined, noShows };
  dropDue(c, (d) => d.kind !== 'conference_reminder');
  record(c, input.outcome === 'no_show' ? 'conference_no_show' : 'conference_cancelled', nowMs, input.actor, {
    noShows,
  });
  if (input.outcome === 'cancelled') notifyConference(c, 'conference_cancelled', nowMs);
  if (input.outcome === 'no_show' && noShows >= c.policy.caps.maxResponsiblePartyNoShows) {
    openReview(c, 'RESPONSIBLE_PARTY_NO_SHOW', nowMs);
  }
}

export function applyAgreement(c: Case, input: AgreementRecord, nowMs: number): void {
  markApplied(c, input.requestId);
  c.state.planStartMs = nowMs;
  c.state.agreements.push({
    version: 1,
    recordedAtMs: nowMs,
    recordedBy: input.actor.id,
    obligations: newObligations(input.obligations),
  });
  enterStage(c, 'MONITORING', nowMs, 'agreement_recorded', input.actor, { obligations: input.obligations.length });
}

function afterObligationChange(c: Case, nowMs: number, obligationId: string, resolution: string): void {
  const review = c.state.review;
  const obligation = currentAgreement(c.state.agreements)?.obligations.find((o) => o.id === review?.obligationId);
  if (review?.reasonCode === 'OBLIGATION_OVERDUE') {
    const stillOverdue = obligation !== undefined && !obligation.completed && obligation.dueMs < nowMs;
    if (review.obligationId === obligationId || !stillOverdue) resolveReview(c, nowMs, resolution);
  }
  if (allObligationsComplete(currentAgreement(c.state.agreements))) {
    enterStage(c, 'CLOSURE_REVIEW', nowMs, 'obligations_completed');
  }
}

export function applyAmendment(c: Case, input: AgreementAmendment, nowMs: number): void {
  markApplied(c, input.requestId);
  const previous = currentAgreement(c.state.agreements);
  const version = (previous?.version ?? 0) + 1;
  const obligations = amendedObligations(previous?.obligations ?? [], input.obligations, nowMs);
  c.state.agreements.push({
    version,
    recordedAtMs: nowMs,
    recordedBy: input.actor.id,
    reason: input.reason,
    obligations,
  });
  dropDue(c, (d) => d.obligationId === undefined);
  for (const o of obligations) scheduleObligation(c, o, nowMs);
  record(c, 'agreement_amended', nowMs, input.actor, { version, reason: input.reason });
  for (const p of responsibleParties(c)) {
    notify(c, 'agreement_copy', p, `v${version}`, nowMs, { version, obligations: obligationSummary(c) });
  }
  afterObligationChange(c, nowMs, '', 'agreement_amended');
}

function updateObligation(
  c: Case,
  obligationId: string,
  change: (o: ObligationState) => ObligationState,
): ObligationState {
  const agreement = currentAgreement(c.state.agreements);
  if (!agreement) throw new Error('no agreement');
  const index = agreement.obligations.findIndex((o) => o.id === obligationId);
  const updated = change(agreement.obligations[index] as ObligationState);
  agreement.obligations[index] = updated;
  return updated;
}

export function applyProgressRecord(c: Case, input: ProgressRecord, nowMs: number): void {
  markApplied(c, input.requestId);
  const o = updateObligation(c, input.obligationId, (x) => applyProgress(x, input, nowMs));
  const details: Details = { obligationId: o.id, completed: o.completed };
  if (input.amountCents !== undefined) details.amountCents = input.amountCents;
  if (input.hours !== undefined) details.hours = input.hours;
  record(c, 'progress_recorded', nowMs, input.actor, details);
  notify(c, 'progress_receipt', responsibleParties(c)[0] as ParticipantRef, input.requestId, nowMs, details);
  if (o.completed) scheduleObligation(c, o, nowMs);
  afterObligationChange(c, nowMs, o.id, 'obligation_completed');
}

export function applyObligationExtension(c: Case, input: ObligationExtension, nowMs: number): void {
  markApplied(c, input.requestId);
  const o = updateObligation(c, input.obligationId, (x) => applyExtension(x, input.newDueMs));
  scheduleObligation(c, o, nowMs);
  record(c, 'obligation_extended', nowMs, input.actor, { obligationId: o.id, newDueMs: o.dueMs, reason: input.reason });
  afterObligationChange(c, nowMs, o.id, 'obligation_extended');
}

export function applyDeadlineExtension(c: Case, input: DeadlineExtension, nowMs: number): void {
  markApplied(c, input.requestId);
  setStageDeadline(c, input.newDeadlineMs);
  record(c, 'deadline_extended', nowMs, input.actor, { newDeadlineMs: input.newDeadlineMs, reason: input.reason });
  resolveReview(c, nowMs, 'deadline_extended');
}

export function applyClosureApproval(c: Case, input: ClosureApproval, nowMs: number): void {
  markApplied(c, input.requestId);
  c.state.closeReasonCode = 'COMPLETED';
  enterStage(c, 'CLOSED_COMPLETED', nowMs, 'closure_approved', input.actor, { recommendation: input.recommendation });
  c.outbox.push({
    kind: 'completion',
    request: {
      key: `${c.referral.caseNumber}:completion-notice`,
      caseNumber: c.referral.caseNumber,
      court: c.referral.court,
      responsiblePartyId: c.referral.responsiblePartyId,
      referralDateMs: c.referral.referralDateMs,
      recommendation: input.recommendation,
      prosecutorId: input.actor.id,
      approvedAtMs: nowMs,
    },
  });
  for (const p of [...responsibleParties(c), ...activeVictims(c)]) {
    notify(c, 'case_outcome', p, 'final', nowMs, { outcome: 'completed' });
  }
}

export function applyReturn(c: Case, input: ReturnRequest, nowMs: number): void {
  markApplied(c, input.requestId);
  returnCase(c, nowMs, input.reasonCode, 'returned_to_prosecution', input.actor, input.note);
}

export function applyWithdrawal(c: Case, input: Withdrawal, nowMs: number): void {
  markApplied(c, input.requestId);
  if (input.party === 'responsible_party') {
    record(c, 'responsible_party_withdrew', nowMs, input.actor);
    returnCase(c, nowMs, 'RESPONSIBLE_PARTY_WITHDREW', 'returned_to_prosecution', input.actor);
    return;
  }
  const victim = c.state.victims.find((v) => v.victimId === input.victimId);
  if (!victim) return;
  const beforeAgreement = ['SCREENING', 'PARTICIPANT_CONSENT', 'VICTIM_CONSENT', 'CONFERENCE'].includes(c.state.stage);
  if (!beforeAgreement) {
    victim.withdrawn = true;
    record(c, 'victim_withdrew', nowMs, input.actor, { victimId: victim.victimId });
    return;
  }
  if (c.state.conference.atMs !== undefined) notifyConference(c, 'conference_cancelled', nowMs);
  // Before the agreement, consent is asked again: the victim may answer anew (or a surrogate may step in).
  victim.answer = undefined;
  victim.answeredAtMs = undefined;
  record(c, 'victim_withdrew', nowMs, input.actor, { victimId: victim.victimId });
  if (c.policy.victimWithdrawalAction === 'review') {
    openReview(c, 'VICTIM_WITHDREW', nowMs);
  } else if (c.state.stage === 'CONFERENCE' || c.state.stage === 'VICTIM_CONSENT') {
    dropDue(c, (d) => d.kind !== 'conference_reminder');
    enterStage(c, 'VICTIM_CONSENT', nowMs, 'victim_consent_reopened', input.actor, { victimId: victim.victimId });
  }
}

export function applyNote(c: Case, input: NoteRecord, nowMs: number): void {
  markApplied(c, input.requestId);
  c.state.notes.push({ atMs: nowMs, actorId: input.actor.id, text: input.text });
  record(c, 'note_added', nowMs, input.actor);
}

// ---- Timers ----------------------------------------------------------------------------------------------------

function fire(c: Case, item: DueItem, nowMs: number): void {
  const occurrence = item.key;
  switch (item.kind) {
    case 'stage_deadline': {
      const reason = STAGE_DEADLINE_REVIEW[c.state.stage];
      if (reason) openReview(c, reason, nowMs);
      return;
    }
    case 'invitation_reminder':
      for (const p of responsibleParties(c))
        notify(c, 'invitation_reminder', p, item.label, nowMs, { label: item.label });
      return;
    case 'victim_contact_alert':
      for (const v of c.state.victims.filter((x) => x.answer === undefined && !x.withdrawn)) {
        notify(c, 'victim_contact_overdue', coordinator(c), `${v.victimId}-${occurrence}`, nowMs, {
          victimId: v.victimId,
        });
      }
      return;
    case 'conference_reminder':
      for (const p of conferenceInvitees(c)) {
        notify(c, 'conference_reminder', p, `s${c.state.conference.sequence}-${item.label}`, nowMs, {
          label: item.label,
          atMs: c.state.conference.atMs ?? 0,
          sequence: c.state.conference.sequence,
          location: c.state.conference.location ?? '',
        });
      }
      return;
    case 'obligation_reminder':
    case 'obligation_overdue': {
      const o = currentAgreement(c.state.agreements)?.obligations.find((x) => x.id === item.obligationId);
      if (!o) return;
      const event = item.kind === 'obligation_reminder' ? 'obligation_reminder' : 'obligation_overdue';
      const data = { obligationId: o.id, obligationType: o.type, dueMs: o.dueMs, label: item.label };
      for (const p of responsibleParties(c)) notify(c, event, p, `${o.id}@${o.dueMs}-${item.label}`, nowMs, data);
      if (item.kind === 'obligation_overdue') {
        notify(c, 'obligation_overdue_alert', coordinator(c), `${o.id}@${o.dueMs}`, nowMs, data);
        record(c, 'obligation_overdue', nowMs, undefined, { obligationId: o.id });
      }
      return;
    }
    case 'obligation_review':
      if (item.obligationId) openReview(c, 'OBLIGATION_OVERDUE', nowMs, item.obligationId);
      return;
    case 'charging_alert':
      for (const p of [coordinator(c), prosecutor(c)]) {
        notify(c, 'charging_deadline_alert', p, item.label, nowMs, {
          label: item.label,
          chargingDeadlineMs: c.referral.chargingDeadlineMs,
        });
      }
      return;
    case 'closure_reminder':
      notify(c, 'closure_review_reminder', prosecutor(c), 'reminder', nowMs);
      return;
  }
}

/** Fires every due item whose time has come, earliest first; each fires once. */
export function fireDueItems(c: Case, nowMs: number): void {
  releaseDeferredSms(c, nowMs);
  for (let item = earliestDue(c.state.dueItems); item && item.atMs <= nowMs; item = earliestDue(c.state.dueItems)) {
    const key = item.key;
    dropDue(c, (d) => d.key !== key);
    if (isClosed(c.state.stage)) return;
    fire(c, item, nowMs);
  }
}

// ---- View ------------------------------------------------------------------------------------------------------

function pendingActions(c: Case, nowMs: number): string[] {
  const s = c.state;
  const actions: string[] = [];
  if (s.review) actions.push(`resolve review ${s.review.reasonCode}: extend the deadline or return to prosecution`);
  switch (s.stage) {
    case 'SCREENING':
      actions.push('decide screening');
      break;
    case 'PARTICIPANT_CONSENT':
      actions.push("record the responsible party's response");
      break;
    case 'VICTIM_CONSENT':
      for (const v of s.victims.filter((x) => x.answer === undefined && !x.withdrawn)) {
        actions.push(`contact victim ${v.victimId} and record their response`);
      }
      break;
    case 'CONFERENCE':
      if (s.conference.atMs === undefined) actions.push('schedule the conference');
      else if (s.conference.atMs <= nowMs) actions.push('record the conference outcome');
      break;
    case 'AGREEMENT':
      actions.push('record the agreement');
      break;
    case 'MONITORING':
      for (const o of currentAgreement(s.agreements)?.obligations ?? []) {
        if (!o.completed && o.dueMs < nowMs) actions.push(`follow up overdue obligation ${o.id}`);
      }
      break;
    case 'CLOSURE_REVIEW':
      actions.push('await the prosecutor’s closure approval');
      break;
    case 'CLOSED_COMPLETED':
    case 'CLOSED_RETURNED':
      break;
  }
  return actions;
}

export function caseView(c: Case, nowMs: number): CaseView {
  const s = c.state;
  return {
    caseNumber: c.referral.caseNumber,
    stage: s.stage,
    coordinatorId: c.referral.coordinatorId,
    prosecutorId: c.referral.prosecutorId,
    offenceCategory: c.referral.offence.category,
    policyVersion: c.policy.version,
    review: s.review,
    stageDeadlineMs: s.stageDeadlineMs,
    chargingDeadlineMs: c.referral.chargingDeadlineMs,
    nextDeadlineMs: nextDeadlineMs(c),
    eligibility: s.eligibility,
    participantResponse: s.participantResponse,
    victims: s.victims,
    conference: s.conference,
    agreements: s.agreements,
    pendingActions: pendingActions(c, nowMs),
    history: s.history,
    notes: s.notes,
    dueItems: [...s.dueItems]
      .sort((a, b) => a.atMs - b.atMs || (a.key < b.key ? -1 : 1))
      .map(({ key, kind, atMs }) => ({ key, kind, atMs })),
    closedAtMs: s.closedAtMs,
    closeReasonCode: s.closeReasonCode,
    run: s.run,
  };
}

export function searchAttributeValues(c: Case): {
  stage: CaseStage;
  coordinatorId: string;
  needsReview: boolean;
  nextDeadlineMs?: number;
} {
  return {
    stage: c.state.stage,
    coordinatorId: c.referral.coordinatorId,
    needsReview: c.state.review !== undefined,
    nextDeadlineMs: nextDeadlineMs(c),
  };
}
