import { localParts } from './calendar';
import { type Policy } from './policy';

/** Why a referral is not eligible for diversion. */
export type EligibilityReason = 'NO_IDENTIFIABLE_VICTIM' | 'EXCLUDED_OFFENCE_CATEGORY' | 'RECENT_PRIOR_DIVERSION';

/** The referral facts eligibility depends on. */
export interface EligibilityInput {
  offenceCategory: string;
  victimCount: number;
  referralDateMs: number;
  priorDiversionDateMs?: number;
}

/** The automatic eligibility result shown at screening. */
export interface EligibilityResult {
  eligible: boolean;
  reasons: EligibilityReason[];
  /**
   * True when every reason may be overridden with a written reason under this policy (NO_IDENTIFIABLE_VICTIM never
   * can). Vacuously true when eligible.
   */
  overridable: boolean;
  /** One plain sentence per reason, for the coordinator. */
  explanations: string[];
}

/** Reasons a coordinator may override with a written reason, when the policy allows overrides at all. */
export const OVERRIDABLE_REASONS: readonly EligibilityReason[] = [
  'EXCLUDED_OFFENCE_CATEGORY',
  'RECENT_PRIOR_DIVERSION',
];

function normaliseCategory(category: string): string {
  return category.trim().toLowerCase();
}

/** A local calendar date as a sortable number, e.g. 2026-11-03 → 20261103. */
function dateKey(year: number, month: number, day: number): number {
  return year * 10_000 + month * 100 + day;
}

/**
 * Whether the prior diversion falls inside the lookback: strictly after the same calendar date N years before the
 * referral (local dates in policy.timeZone, so a diversion exactly N years earlier no longer counts). A Feb 29 referral
 * looks back to Feb 28.
 */
function isRecentPrior(policy: Policy, referralDateMs: number, priorDiversionDateMs: number): boolean {
  const referral = localParts(referralDateMs, policy.timeZone);
  const prior = localParts(priorDiversionDateMs, policy.timeZone);
  const cutoffYear = referral.year - policy.eligibility.priorDiversionLookbackYears;
  const daysInMonth = new Date(Date.UTC(cutoffYear, referral.month, 0)).getUTCDate();
  const cutoff = dateKey(cutoffYear, referral.month, Math.min(referral.day, daysInMonth));
  return dateKey(prior.year, prior.month, prior.day) > cutoff;
}

function isoLocalDate(policy: Policy, atMs: number): string {
  const { year, month, day } = localParts(atMs, policy.timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Automatic, reason-coded eligibility: an identifiable victim is required, excluded offence categories and a diversion
 * within the lookback years block acceptance unless the policy allows an override (never for a missing victim).
 * Lookback years are calendar years even under a compressed policy, because referral and prior dates are real dates.
 */
export function assessEligibility(policy: Policy, input: EligibilityInput): EligibilityResult {
  const reasons: EligibilityReason[] = [];
  const explanations: string[] = [];
  if (!(input.victimCount >= 1)) {
    reasons.push('NO_IDENTIFIABLE_VICTIM');
    explanations.push(
      'The referral names no identifiable victim; diversion needs at least one, so this cannot be overridden.',
    );
  }
  const category = normaliseCategory(input.offenceCategory);
  if (policy.eligibility.excludedOffenceCategories.some((excluded) => normaliseCategory(excluded) === category)) {
    reasons.push('EXCLUDED_OFFENCE_CATEGORY');
    explanations.push(`Offences in the category '${category}' are excluded from diversion under this policy.`);
  }
  const prior = input.priorDiversionDateMs;
  if (prior !== undefined && isRecentPrior(policy, input.referralDateMs, prior)) {
    const years = policy.eligibility.priorDiversionLookbackYears;
    reasons.push('RECENT_PRIOR_DIVERSION');
    explanations.push(
      `The responsible party had a diversion on ${isoLocalDate(policy, prior)}, within the last ${years} years.`,
    );
  }
  const overridable =
    !reasons.includes('NO_IDENTIFIABLE_VICTIM') &&
    (reasons.length === 0 || policy.eligibility.allowOverride) &&
    reasons.every((reason) => OVERRIDABLE_REASONS.includes(reason));
  return { eligible: reasons.length === 0, reasons, overridable, explanations };
}
