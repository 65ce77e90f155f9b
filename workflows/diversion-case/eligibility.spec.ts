import { assessEligibility, type EligibilityInput } from './eligibility';
import { compressedPolicy, DEFAULT_POLICY } from './policy';

// Los Angeles wall clock to UTC (PST is UTC-8, PDT is UTC-7).
const pst = (y: number, m: number, d: number, h = 12) => Date.UTC(y, m - 1, d, h + 8);
const pdt = (y: number, m: number, d: number, h = 12) => Date.UTC(y, m - 1, d, h + 7);
const referral: EligibilityInput = { offenceCategory: 'theft', victimCount: 1, referralDateMs: pst(2026, 11, 10) };

describe('assessEligibility', () => {
  it('finds a referral with a victim, an allowed offence and no prior diversion eligible', () => {
    expect(assessEligibility(DEFAULT_POLICY, referral)).toEqual({
      eligible: true,
      reasons: [],
      overridable: true,
      explanations: [],
    });
  });

  it('requires an identifiable victim and never allows overriding that', () => {
    const result = assessEligibility(DEFAULT_POLICY, { ...referral, victimCount: 0 });
    expect(result).toMatchObject({ eligible: false, reasons: ['NO_IDENTIFIABLE_VICTIM'], overridable: false });
    expect(result.explanations).toHaveLength(1);
  });

  it.each(['domestic_violence', 'dating_violence', 'sexual_assault', 'stalking', 'child_abuse', 'firearm'])(
    'excludes the %s category, overridable by default',
    (offenceCategory) => {
      const result = assessEligibility(DEFAULT_POLICY, { ...referral, offenceCategory });
      expect(result).toMatchObject({ eligible: false, reasons: ['EXCLUDED_OFFENCE_CATEGORY'], overridable: true });
      expect(result.explanations[0]).toContain(offenceCategory);
    },
  );

  it('matches excluded categories regardless of case and spacing', () => {
    expect(assessEligibility(DEFAULT_POLICY, { ...referral, offenceCategory: ' Stalking ' }).reasons).toEqual([
      'EXCLUDED_OFFENCE_CATEGORY',
    ]);
  });

  it('uses the excluded categories of the policy in force', () => {
    const policy = compressedPolicy(2_000, {
      eligibility: { ...DEFAULT_POLICY.eligibility, excludedOffenceCategories: ['theft'] },
    });
    expect(assessEligibility(policy, referral).reasons).toEqual(['EXCLUDED_OFFENCE_CATEGORY']);
    expect(assessEligibility(policy, { ...referral, offenceCategory: 'firearm' }).eligible).toBe(true);
  });

  it('excludes a responsible party with a diversion in the last three years', () => {
    const result = assessEligibility(DEFAULT_POLICY, { ...referral, priorDiversionDateMs: pst(2025, 1, 15) });
    expect(result).toMatchObject({ eligible: false, reasons: ['RECENT_PRIOR_DIVERSION'], overridable: true });
    expect(result.explanations[0]).toContain('2025-01-15');
  });

  it('counts a prior diversion the day after the three-year anniversary but not on it', () => {
    const onAnniversary = pst(2023, 11, 10);
    const dayAfter = pst(2023, 11, 11, 0);
    expect(assessEligibility(DEFAULT_POLICY, { ...referral, priorDiversionDateMs: onAnniversary }).eligible).toBe(true);
    expect(assessEligibility(DEFAULT_POLICY, { ...referral, priorDiversionDateMs: dayAfter }).reasons).toEqual([
      'RECENT_PRIOR_DIVERSION',
    ]);
  });

  it('compares local dates in the jurisdiction, not UTC dates', () => {
    // 23:00 on the anniversary in Los Angeles is already the next day in UTC.
    const lateOnAnniversary = pst(2023, 11, 10, 23);
    expect(assessEligibility(DEFAULT_POLICY, { ...referral, priorDiversionDateMs: lateOnAnniversary }).eligible).toBe(
      true,
    );
  });

  it('looks back from a leap day to February 28', () => {
    const leapReferral = { ...referral, referralDateMs: pst(2028, 2, 29) };
    expect(
      assessEligibility(DEFAULT_POLICY, { ...leapReferral, priorDiversionDateMs: pst(2025, 2, 28) }).eligible,
    ).toBe(true);
    expect(assessEligibility(DEFAULT_POLICY, { ...leapReferral, priorDiversionDateMs: pst(2025, 3, 1) }).eligible).toBe(
      false,
    );
  });

  it('uses the lookback years of the policy in force', () => {
    const policy = compressedPolicy(2_000, {
      eligibility: { ...DEFAULT_POLICY.eligibility, priorDiversionLookbackYears: 1 },
    });
    expect(assessEligibility(policy, { ...referral, priorDiversionDateMs: pdt(2025, 6, 1) }).eligible).toBe(true);
    expect(assessEligibility(policy, { ...referral, priorDiversionDateMs: pst(2025, 12, 1) }).eligible).toBe(false);
  });

  it('allows no override when the policy forbids overrides', () => {
    const policy = compressedPolicy(2_000, { eligibility: { ...DEFAULT_POLICY.eligibility, allowOverride: false } });
    const result = assessEligibility(policy, { ...referral, offenceCategory: 'firearm' });
    expect(result).toMatchObject({ eligible: false, overridable: false });
  });

  it('lists every reason with one explanation each, and a missing victim blocks any override', () => {
    const result = assessEligibility(DEFAULT_POLICY, {
      ...referral,
      victimCount: 0,
      offenceCategory: 'firearm',
      priorDiversionDateMs: pst(2026, 1, 5),
    });
    expect(result.reasons).toEqual(['NO_IDENTIFIABLE_VICTIM', 'EXCLUDED_OFFENCE_CATEGORY', 'RECENT_PRIOR_DIVERSION']);
    expect(result.explanations).toHaveLength(3);
    expect(result.overridable).toBe(false);
  });

  it('lets a coordinator override when every reason is overridable', () => {
    const result = assessEligibility(DEFAULT_POLICY, {
      ...referral,
      offenceCategory: 'firearm',
      priorDiversionDateMs: pst(2026, 1, 5),
    });
    expect(result).toMatchObject({ eligible: false, overridable: true });
    expect(result.reasons).toHaveLength(2);
  });
});
