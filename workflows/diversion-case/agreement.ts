import {
  CASE_LIMITS,
  OBLIGATION_TYPES,
  type AgreementVersion,
  type ObligationExtension,
  type ObligationInput,
  type ObligationState,
  type ProgressRecord,
} from './diversion-case.contract';
import { policyDays, type Policy } from './policy';

/** Restitution to the community rather than to a victim. */
export const COMMUNITY_PAYEE = 'community';

/** Whether a payload value is an array, without narrowing a typed list to any[]. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}

function isPositiveWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** The last instant a due date may fall on: the plan window from the first agreement. */
export function planWindowEndMs(policy: Policy, planStartMs: number): number {
  return planStartMs + policyDays(policy, policy.caps.planWindowDays);
}

/** The last instant an extended due date may fall on: the longest a plan may run. */
export function maxPlanEndMs(policy: Policy, planStartMs: number): number {
  return planStartMs + policyDays(policy, policy.caps.maxPlanDays);
}

function termsProblem(obligation: ObligationInput, victimIds: readonly string[]): string | undefined {
  switch (obligation.type) {
    case 'restitution':
      if (!isPositiveWhole(obligation.amountCents) || obligation.amountCents > CASE_LIMITS.maxRestitutionCents) {
        return `obligation ${obligation.id}: restitution amountCents must be a whole number of cents from 1 to ${CASE_LIMITS.maxRestitutionCents}`;
      }
      if (obligation.payee !== COMMUNITY_PAYEE && !victimIds.includes(obligation.payee)) {
        return `obligation ${obligation.id}: payee '${obligation.payee}' is neither a victim of this case nor 'community'`;
      }
      return undefined;
    case 'community_service':
      return isPositive(obligation.hours) && obligation.hours <= CASE_LIMITS.maxServiceHours
        ? undefined
        : `obligation ${obligation.id}: community service hours must be a positive number of at most ${CASE_LIMITS.maxServiceHours}`;
    case 'other':
      if (typeof obligation.description !== 'string' || !obligation.description.trim()) {
        return `obligation ${obligation.id}: an 'other' obligation needs a description`;
      }
      return obligation.description.length > CASE_LIMITS.maxShortTextLength
        ? `obligation ${obligation.id}: the description is at most ${CASE_LIMITS.maxShortTextLength} characters`
        : undefined;
    case 'apology_letter':
    case 'education':
    case 'counseling':
    case 'school_or_work':
      return undefined;
  }
}

/**
 * Why a set of obligations cannot be an agreement (first problem found), or undefined. Due dates must lie after
 * `nowMs` and inside the plan window that starts at `planStartMs`.
 */
export function obligationsProblem(
  policy: Policy,
  obligations: readonly ObligationInput[],
  context: { planStartMs: number; nowMs: number; victimIds: readonly string[] },
): string | undefined {
  if (!isList(obligations) || obligations.length === 0) return 'an agreement needs at least one obligation';
  if (obligations.length > CASE_LIMITS.maxObligations) {
    return `an agreement has at most ${CASE_LIMITS.maxObligations} obligations`;
  }
  const seen = new Set<string>();
  const windowEnd = planWindowEndMs(policy, context.planStartMs);
  for (const obligation of obligations) {
    if (typeof obligation?.id !== 'string' || !obligation.id.trim()) return 'every obligation needs an id';
    if (obligation.id.length > 64) return 'an obligation id is at most 64 characters';
    if (seen.has(obligation.id)) return `obligation id ${obligation.id} is used twice`;
    seen.add(obligation.id);
    if (!OBLIGATION_TYPES.includes(obligation.type)) {
      return `obligation ${obligation.id}: unknown type '${String(obligation.type)}'`;
    }
    if (typeof obligation.dueMs !== 'number' || !Number.isFinite(obligation.dueMs)) {
      return `obligation ${obligation.id}: dueMs must be a time`;
    }
    if (obligation.dueMs <= context.nowMs) return `obligation ${obligation.id}: the due date is in the past`;
    if (obligation.dueMs > windowEnd) {
      return `obligation ${obligation.id}: the due date is outside the ${policy.caps.planWindowDays}-day plan window (latest ${new Date(windowEnd).toISOString()})`;
    }
    const problem = termsProblem(obligation, context.victimIds);
    if (problem) return problem;
  }
  return undefined;
}

/** Fresh obligations of a first agreement. */
export function newObligations(obligations: readonly ObligationInput[]): ObligationState[] {
  return obligations.map((o) => ({
    ...o,
    originalDueMs: o.dueMs,
    extensions: 0,
    paidCents: 0,
    hoursLogged: 0,
    completed: false,
  }));
}

/**
 * Obligations of an amended version: an obligation that keeps its id and type keeps its ledger (paid, hours,
 * extensions); completion is recomputed against the new terms.
 */
export function amendedObligations(
  previous: readonly ObligationState[],
  obligations: readonly ObligationInput[],
  atMs: number,
): ObligationState[] {
  return obligations.map((o) => {
    const before = previous.find((p) => p.id === o.id && p.type === o.type);
    const fresh: ObligationState = {
      ...o,
      originalDueMs: before?.originalDueMs ?? o.dueMs,
      extensions: before?.extensions ?? 0,
      paidCents: before?.paidCents ?? 0,
      hoursLogged: before?.hoursLogged ?? 0,
      completed: false,
    };
    const done = isFulfilled(fresh) || (before?.completed === true && !hasLedger(fresh));
    return done ? { ...fresh, completed: true, completedAtMs: before?.completedAtMs ?? atMs } : fresh;
  });
}

function hasLedger(o: ObligationState): boolean {
  return o.type === 'restitution' || o.type === 'community_service';
}

function isFulfilled(o: ObligationState): boolean {
  if (o.type === 'restitution') return o.paidCents >= o.amountCents;
  if (o.type === 'community_service') return o.hoursLogged >= o.hours;
  return o.completed;
}

/** Why a progress entry does not fit the obligation, or undefined. */
export function progressProblem(obligation: ObligationState, progress: ProgressRecord): string | undefined {
  if (obligation.completed) return `obligation ${obligation.id} is already complete`;
  switch (obligation.type) {
    case 'restitution':
      if (progress.hours !== undefined || progress.completed !== undefined) {
        return `obligation ${obligation.id} is restitution: record a payment with amountCents`;
      }
      if (!isPositiveWhole(progress.amountCents)) return 'amountCents must be a positive whole number of cents';
      if (obligation.paidCents + progress.amountCents > obligation.amountCents) {
        return `a payment of ${progress.amountCents} cents would exceed the ${obligation.amountCents - obligation.paidCents} cents still owed`;
      }
      return undefined;
    case 'community_service':
      if (progress.amountCents !== undefined || progress.completed !== undefined) {
        return `obligation ${obligation.id} is community service: record hours`;
      }
      return isPositive(progress.hours) && progress.hours <= CASE_LIMITS.maxHoursPerEntry
        ? undefined
        : `hours must be a positive number of at most ${CASE_LIMITS.maxHoursPerEntry} per entry`;
    case 'apology_letter':
    case 'education':
    case 'counseling':
    case 'school_or_work':
    case 'other':
      return progress.completed === true && progress.amountCents === undefined && progress.hours === undefined
        ? undefined
        : `obligation ${obligation.id} has no ledger: record it with completed: true`;
  }
}

/** The obligation after a (valid) progress entry; completion when the sums are reached. */
export function applyProgress(obligation: ObligationState, progress: ProgressRecord, atMs: number): ObligationState {
  const next: ObligationState = {
    ...obligation,
    paidCents: obligation.paidCents + (progress.amountCents ?? 0),
    hoursLogged: obligation.hoursLogged + (progress.hours ?? 0),
    completed: obligation.completed || progress.completed === true,
  };
  if (next.type === 'restitution' || next.type === 'community_service') next.completed = isFulfilled(next);
  return next.completed ? { ...next, completedAtMs: atMs } : next;
}

/** Why an obligation cannot be extended to the requested date, or undefined. */
export function extensionProblem(
  policy: Policy,
  obligation: ObligationState,
  extension: ObligationExtension,
  planStartMs: number,
): string | undefined {
  if (obligation.completed) return `obligation ${obligation.id} is already complete`;
  if (obligation.extensions >= policy.caps.extensionsPerObligation) {
    return `obligation ${obligation.id} has already had ${obligation.extensions} extension(s); the policy allows ${policy.caps.extensionsPerObligation}`;
  }
  if (typeof extension.newDueMs !== 'number' || extension.newDueMs <= obligation.dueMs) {
    return 'the new due date must be later than the current one';
  }
  const end = maxPlanEndMs(policy, planStartMs);
  if (extension.newDueMs > end) {
    return `the new due date is beyond the ${policy.caps.maxPlanDays}-day maximum plan length (latest ${new Date(end).toISOString()})`;
  }
  if (typeof extension.reason !== 'string' || !extension.reason.trim()) return 'an extension needs a reason';
  return undefined;
}

export function applyExtension(obligation: ObligationState, newDueMs: number): ObligationState {
  return { ...obligation, dueMs: newDueMs, extensions: obligation.extensions + 1 };
}

/** The agreement in force (latest version). */
export function currentAgreement(versions: readonly AgreementVersion[]): AgreementVersion | undefined {
  return versions.at(-1);
}

export function allObligationsComplete(version: AgreementVersion | undefined): boolean {
  return version !== undefined && version.obligations.every((o) => o.completed);
}

/** Total restitution ordered and paid, and service hours ordered and logged, of a version. */
export function agreementTotals(version: AgreementVersion): {
  restitutionOrderedCents: number;
  restitutionPaidCents: number;
  serviceHoursOrdered: number;
  serviceHoursLogged: number;
} {
  const totals = { restitutionOrderedCents: 0, restitutionPaidCents: 0, serviceHoursOrdered: 0, serviceHoursLogged: 0 };
  for (const o of version.obligations) {
    if (o.type === 'restitution') {
      totals.restitutionOrderedCents += o.amountCents;
      totals.restitutionPaidCents += o.paidCents;
    } else if (o.type === 'community_service') {
      totals.serviceHoursOrdered += o.hours;
      totals.serviceHoursLogged += o.hoursLogged;
    }
  }
  return totals;
}
