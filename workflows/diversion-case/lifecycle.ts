import { addDue, dropDue, earliestDue, record, releaseDeferredSms, type Case } from './case';
import {
  ACTION_ROLES,
  ACTOR_ROLES,
  isClosedStage,
  OPEN_STAGES,
  type ActionName,
  type ActorRole,
  type OpenStage,
  type ReviewSubject,
} from './diversion-case.contract';
import { requestFingerprint } from './fingerprint';
import { openReview, resolveReviews } from './reviews';
import { chargingDeadlineAlerts } from './schedules';
import { conflict, type ActionDefinition, type Problem, type StageChange, type ValidationState } from './stage-module';
import { caseWideActions, caseWideTimers, STAGES } from './stages';

/** Request ids remembered for retries (continue-as-new carries them). */
const APPLIED_REQUESTS_KEPT = 1000;

/** Reviews that belong to the stage they opened in: leaving the stage settles them. */
const STAGE_BOUND: readonly ReviewSubject['kind'][] = ['deadline', 'responsible_party', 'victim', 'conference'];

/** Starts a new case: the referral recorded, charging-deadline alerts set, screening entered. */
export function startCase(c: Case, nowMs: number): void {
  record(c, 'case_referred', nowMs, undefined, {
    eligible: c.state.eligibility.eligible,
    eligibilityReasons: c.state.eligibility.reasons.join(','),
  });
  for (const a of chargingDeadlineAlerts(c.policy, c.referral.chargingDeadlineMs, nowMs)) {
    addDue(c, 'charging_alert', `charging:${a.label}`, a.atMs, a.label);
  }
  STAGES.SCREENING.enter(c, nowMs, { to: 'SCREENING', event: 'case_referred', from: 'SCREENING' });
}

/**
 * Moves the case to another stage: the stage left drops its timers and deadline and settles the reviews bound to it
 * (closing settles every open one), the move is recorded, and the new stage is entered.
 */
export function moveTo(c: Case, change: StageChange, nowMs: number): void {
  const s = c.state;
  const from = s.stage;
  const closing = isClosedStage(change.to);
  const left = STAGES[from];
  dropDue(c, (d) => d.kind in left.timers || d.kind === 'stage_deadline' || (closing && d.kind === 'charging_alert'));
  s.stageDeadlineMs = undefined;
  resolveReviews(
    c,
    (r) => closing || (r.stage === from && STAGE_BOUND.includes(r.about.kind)),
    closing ? 'case_closed' : 'stage_left',
    nowMs,
  );
  s.stage = change.to;
  s.stageEnteredAtMs = nowMs;
  s.stageEnteredAt[change.to] = nowMs;
  record(c, change.event, nowMs, change.actor, change.details, from);
  STAGES[change.to].enter(c, nowMs, { ...change, from });
}

// ---- Timers ----------------------------------------------------------------------------------------------------

/** Fires every due item whose time has come, earliest first; each fires once (and none once the case is closed). */
export function fireDueItems(c: Case, nowMs: number): void {
  releaseDeferredSms(c, nowMs);
  for (let item = earliestDue(c.state.dueItems); item && item.atMs <= nowMs; item = earliestDue(c.state.dueItems)) {
    const key = item.key;
    dropDue(c, (d) => d.key === key);
    const stage = STAGES[c.state.stage];
    if (isClosedStage(c.state.stage)) return;
    if (item.kind === 'stage_deadline') {
      if (stage.deadlineReview) {
        openReview(c, stage.deadlineReview, { kind: 'deadline', id: c.state.stage }, nowMs, { deadlineMs: item.atMs });
      }
      continue;
    }
    (stage.timers[item.kind] ?? caseWideTimers[item.kind])?.(c, item, nowMs);
  }
}

// ---- Actions ---------------------------------------------------------------------------------------------------

/** What each action does, in words, for the message refusing it in the wrong stage. */
const ACTION_PHRASES: Partial<Record<ActionName, string>> = {
  decideScreening: 'decide screening',
  recordParticipantResponse: "record the responsible party's response",
  recordVictimResponse: "record a victim's response",
  scheduleConference: 'schedule the conference',
  rescheduleConference: 'reschedule the conference',
  recordConferenceOutcome: 'record the conference outcome',
  recordAgreement: 'record an agreement (the conference must be held first)',
  amendAgreement: 'amend the agreement',
  recordProgress: 'record progress',
  extendObligation: 'extend an obligation',
  approveClosure: 'approve closure (every obligation must be complete first)',
};

/** The definition of `name` in the case's current stage: the stage's own, else the one every open stage accepts. */
export function actionIn(c: Pick<Case, 'state'>, name: ActionName): ActionDefinition | undefined {
  if (isClosedStage(c.state.stage)) return undefined;
  return STAGES[c.state.stage].actions.find((a) => a.name === name) ?? caseWideActions.find((a) => a.name === name);
}

function stagesAccepting(name: ActionName): OpenStage[] {
  return OPEN_STAGES.filter((stage) => STAGES[stage].actions.some((a) => a.name === name));
}

/** The actions the case accepts now, in a stable order (the stage's own first). */
export function acceptedActions(c: Pick<Case, 'state'>): ActionName[] {
  if (isClosedStage(c.state.stage)) return [];
  const names = [...STAGES[c.state.stage].actions, ...caseWideActions].map((a) => a.name);
  return names.filter((name, i) => names.indexOf(name) === i);
}

/** A rejected action: a problem of the action itself, or its request id already used for another request. */
export type Rejection = Problem | { kind: 'request_reused'; message: string };

/** The common checks every action passes before its stage's own: its shape, its request id, the case, the role. */
function commonProblem(s: ValidationState, name: ActionName, input: unknown): Rejection | 'retry' | undefined {
  if (typeof input !== 'object' || input === null) return conflict('the request body is missing');
  const { requestId, actor } = input as { requestId?: unknown; actor?: { id?: unknown; role?: unknown } };
  if (typeof requestId !== 'string' || !requestId.trim() || requestId.length > 200) {
    return { kind: 'invalid', field: 'requestId', message: 'requestId is required (at most 200 characters)' };
  }
  const applied = s.state.appliedRequests.find((r) => r.id === requestId);
  if (applied) {
    if (applied.fingerprint === requestFingerprint(name, input)) return 'retry';
    return {
      kind: 'request_reused',
      message: `the Idempotency-Key ${requestId} was already used for a different request on case ${s.referral.caseNumber} (${applied.action}); send a new key for a new request`,
    };
  }
  if (typeof actor?.id !== 'string' || !actor.id.trim()) {
    return { kind: 'invalid', field: 'actor.id', message: 'actor.id is required' };
  }
  if (!ACTOR_ROLES.includes(actor.role as ActorRole)) {
    return { kind: 'invalid', field: 'actor.role', message: `actor.role must be one of ${ACTOR_ROLES.join(', ')}` };
  }
  if (isClosedStage(s.state.stage)) {
    return conflict(`case ${s.referral.caseNumber} is closed (${s.state.stage}); nothing more can be recorded`);
  }
  const roles = ACTION_ROLES[name];
  if (!roles.includes(actor.role as ActorRole)) {
    return conflict(`a ${String(actor.role)} cannot do this; it needs a ${roles.join(' or ')}`);
  }
  if (!actionIn(s, name)) {
    const allowed = stagesAccepting(name);
    return conflict(
      `cannot ${ACTION_PHRASES[name] ?? name} while the case is in ${s.state.stage} (only in ${allowed.join(' or ')})`,
    );
  }
  return undefined;
}

/** Validates an action against the case: undefined when it may be applied, 'retry' when it already was. */
export function validateAction(s: ValidationState, name: ActionName, input: unknown): Rejection | 'retry' | undefined {
  const common = commonProblem(s, name, input);
  if (common !== undefined) return common;
  return actionIn(s, name)?.validate(s, input as never);
}

/** Applies a validated action: remembers its request, carries out the stage's rule, and moves the case if it asks. */
export function applyAction(c: Case, name: ActionName, input: { requestId: string }, nowMs: number): void {
  const definition = actionIn(c, name);
  if (!definition) return;
  c.state.appliedRequests.push({ id: input.requestId, action: name, fingerprint: requestFingerprint(name, input) });
  if (c.state.appliedRequests.length > APPLIED_REQUESTS_KEPT) c.state.appliedRequests.shift();
  const change = definition.apply(c, input as never, nowMs);
  if (change) moveTo(c, change, nowMs);
}
