import {
  allObligationsComplete,
  amendedObligations,
  applyExtension,
  applyProgress,
  currentAgreement,
  extensionProblem,
  obligationsProblem,
  progressProblem,
} from '../agreement';
import { addDue, coordinator, dropDue, notify, record, responsibleParties, responsibleParty, type Case } from '../case';
import type { AgreementAmendment, AgreementRecord, Details, ObligationState } from '../diversion-case.contract';
import { remind } from '../reminders';
import { isAbout, openReview, resolveReviews } from '../reviews';
import { obligationSchedule } from '../schedules';
import {
  action,
  conflict,
  invalid,
  nonEmpty,
  pending,
  type Problem,
  type StageChange,
  type StageModule,
  type ValidationState,
} from '../stage-module';

const currentObligations = (c: Pick<Case, 'state'>): ObligationState[] =>
  currentAgreement(c.state.agreements)?.obligations ?? [];

const findObligation = (c: Pick<Case, 'state'>, id: unknown): ObligationState | undefined =>
  currentObligations(c).find((o) => o.id === id);

function obligationOrProblem(s: ValidationState, id: unknown): ObligationState | Problem {
  return findObligation(s, id) ?? conflict(`obligation ${String(id)} is not in the current agreement`);
}

const isProblem = (value: ObligationState | Problem): value is Problem => 'kind' in value && 'message' in value;

/** Reminders before the due date, the overdue notice, and the review after the grace period, for one obligation. */
function scheduleObligation(c: Case, o: ObligationState, nowMs: number): void {
  dropDue(c, (d) => d.obligationId === o.id);
  if (o.completed) return;
  for (const r of obligationSchedule(c.policy, o.dueMs, nowMs)) {
    const kind =
      r.label === 'overdue' ? 'obligation_overdue' : r.label === 'review' ? 'obligation_review' : 'obligation_reminder';
    addDue(c, kind, `obligation:${o.id}@${o.dueMs}:${r.label}`, r.atMs, r.label, o.id);
  }
}

/**
 * The responsible party's open obligations for their agreement copy, as codes and times only:
 * `type:dueMs[:amountCents|hours]`, comma-separated. A restitution payee (possibly a victim id) is left out.
 */
export function obligationSummary(c: Pick<Case, 'state'>): string {
  return currentObligations(c)
    .filter((o) => !o.completed)
    .map((o) => {
      const amount =
        o.type === 'restitution' ? `:${o.amountCents}` : o.type === 'community_service' ? `:${o.hours}` : '';
      return `${o.type}:${o.dueMs}${amount}`;
    })
    .join(',');
}

function sendAgreementCopy(c: Case, version: number, nowMs: number): void {
  for (const p of responsibleParties(c)) {
    notify(c, 'agreement_copy', p, `v${version}`, nowMs, { version, obligations: obligationSummary(c) });
  }
}

/** What is left of an obligation with a ledger, for receipts and labels. */
function remaining(o: ObligationState): Details {
  if (o.type === 'restitution') return { amountOwedCents: o.amountCents - o.paidCents };
  if (o.type === 'community_service') return { hoursRemaining: o.hours - o.hoursLogged };
  return {};
}

/** After progress, an extension or an amendment: the case moves to closure review once every obligation is done. */
function afterObligationChange(c: Case): StageChange | undefined {
  return allObligationsComplete(currentAgreement(c.state.agreements))
    ? { to: 'CLOSURE_REVIEW', event: 'obligations_completed' }
    : undefined;
}

function amendmentProblem(s: ValidationState, input: AgreementAmendment | AgreementRecord): Problem | undefined {
  if (!nonEmpty(input.reason)) return invalid('reason', 'an amendment needs a reason');
  const problem = obligationsProblem(s.policy, input.obligations, {
    planStartMs: s.state.planStartMs ?? s.nowMs,
    nowMs: s.nowMs,
    victimIds: s.referral.victimIds,
  });
  return problem === undefined ? undefined : invalid('obligations', problem);
}

function amend(c: Case, input: AgreementAmendment, nowMs: number): StageChange | undefined {
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
  dropDue(c, (d) => d.obligationId !== undefined);
  for (const o of obligations) scheduleObligation(c, o, nowMs);
  record(c, 'agreement_amended', nowMs, input.actor, { version, reason: input.reason });
  sendAgreementCopy(c, version, nowMs);
  // A review about an obligation the amendment removed, completed or gave a later due date has nothing left to ask.
  resolveReviews(
    c,
    (r) => {
      if (r.about.kind !== 'obligation') return false;
      const o = obligations.find((x) => x.id === r.about.id);
      return o === undefined || o.completed || o.dueMs > nowMs;
    },
    'agreement_amended',
    nowMs,
    input.actor,
  );
  return afterObligationChange(c);
}

/**
 * MONITORING: the responsible party carries out the plan. Each obligation gets reminders 7, 3 and 1 days before its
 * due date, an overdue notice the day after, and a review after the grace period; progress, extensions and
 * amendments cancel what no longer applies. When every obligation is complete the case goes to closure review.
 */
export const monitoring: StageModule = {
  stage: 'MONITORING',

  enter(c, nowMs) {
    for (const o of currentObligations(c)) scheduleObligation(c, o, nowMs);
    sendAgreementCopy(c, 1, nowMs);
  },

  timers: {
    obligation_reminder: (c, item, nowMs) => {
      const o = findObligation(c, item.obligationId);
      if (!o || o.completed) return;
      remind(c, item, nowMs, o.dueMs, () => {
        const data = { obligationId: o.id, obligationType: o.type, dueMs: o.dueMs, label: item.label };
        for (const p of responsibleParties(c)) {
          notify(c, 'obligation_reminder', p, `${o.id}@${o.dueMs}-${item.label}`, nowMs, data, item.atMs);
        }
      });
    },
    obligation_overdue: (c, item, nowMs) => {
      const o = findObligation(c, item.obligationId);
      if (!o || o.completed) return;
      const data = { obligationId: o.id, obligationType: o.type, dueMs: o.dueMs, label: item.label };
      for (const p of responsibleParties(c)) {
        notify(c, 'obligation_overdue', p, `${o.id}@${o.dueMs}-${item.label}`, nowMs, data, item.atMs);
      }
      notify(c, 'obligation_overdue_alert', coordinator(c), `${o.id}@${o.dueMs}`, nowMs, data, item.atMs);
      record(c, 'obligation_overdue', nowMs, undefined, { obligationId: o.id });
    },
    obligation_review: (c, item, nowMs) => {
      const o = findObligation(c, item.obligationId);
      if (!o || o.completed || o.dueMs > nowMs) return;
      openReview(c, 'OBLIGATION_OVERDUE', { kind: 'obligation', id: o.id }, nowMs, {
        obligationType: o.type,
        dueMs: o.dueMs,
      });
    },
  },

  pending: (c) =>
    currentObligations(c)
      .filter((o) => !o.completed)
      .map((o) =>
        pending('recordProgress', `Record progress on obligation ${o.id} (${o.type.replace(/_/g, ' ')})`, {
          about: { kind: 'obligation', id: o.id },
          dueMs: o.dueMs,
          // On the task list once it is due: follow-up of an obligation that is late.
          listFromMs: o.dueMs,
        }),
      ),

  actions: [
    action(
      'recordProgress',
      (s, input) => {
        const o = obligationOrProblem(s, input.obligationId);
        if (isProblem(o)) return o;
        if (o.completed) return conflict(`obligation ${o.id} is already complete`);
        const problem = progressProblem(o, input);
        return problem === undefined ? undefined : invalid('progress', problem);
      },
      (c, input, nowMs) => {
        const agreement = currentAgreement(c.state.agreements);
        const index = agreement?.obligations.findIndex((o) => o.id === input.obligationId) ?? -1;
        if (!agreement || index < 0) return undefined;
        const o = applyProgress(agreement.obligations[index] as ObligationState, input, nowMs);
        agreement.obligations[index] = o;
        const details: Details = { obligationId: o.id, obligationType: o.type, completed: o.completed };
        if (input.amountCents !== undefined) details.amountCents = input.amountCents;
        if (input.hours !== undefined) details.hours = input.hours;
        record(c, 'progress_recorded', nowMs, input.actor, details);
        notify(c, 'progress_receipt', responsibleParty(c), input.requestId, nowMs, { ...details, ...remaining(o) });
        if (o.completed) {
          scheduleObligation(c, o, nowMs);
          resolveReviews(c, isAbout('obligation', o.id), 'obligation_completed', nowMs);
        }
        return afterObligationChange(c);
      },
    ),
    action(
      'extendObligation',
      (s, input) => {
        const o = obligationOrProblem(s, input.obligationId);
        if (isProblem(o)) return o;
        const problem = extensionProblem(s.policy, o, input, s.state.planStartMs ?? s.nowMs);
        if (problem === undefined) return undefined;
        return o.completed || o.extensions >= s.policy.caps.extensionsPerObligation
          ? conflict(problem)
          : invalid('newDueMs', problem);
      },
      (c, input, nowMs) => {
        const agreement = currentAgreement(c.state.agreements);
        const index = agreement?.obligations.findIndex((o) => o.id === input.obligationId) ?? -1;
        if (!agreement || index < 0) return undefined;
        const o = applyExtension(agreement.obligations[index] as ObligationState, input.newDueMs);
        agreement.obligations[index] = o;
        scheduleObligation(c, o, nowMs);
        record(c, 'obligation_extended', nowMs, input.actor, {
          obligationId: o.id,
          newDueMs: o.dueMs,
          reason: input.reason,
        });
        resolveReviews(c, isAbout('obligation', o.id), 'obligation_extended', nowMs, input.actor);
        return afterObligationChange(c);
      },
    ),
    action('amendAgreement', amendmentProblem, amend),
    // Recording an agreement while one is being monitored amends it.
    action('recordAgreement', amendmentProblem, (c, input, nowMs) =>
      amend(c, { ...input, reason: input.reason ?? '' }, nowMs),
    ),
  ],
};
