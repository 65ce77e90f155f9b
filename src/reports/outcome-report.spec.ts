import { csvCell, median, outcomeReport, outcomeReportCsv, stageDurations, type ReportCase } from './outcome-report';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function closed(overrides: Partial<ReportCase>): ReportCase {
  return {
    stage: 'CLOSED_COMPLETED',
    offenceCategory: 'vandalism',
    demographics: null,
    closeReason: 'COMPLETED',
    stageEnteredAt: {},
    policyDayMs: DAY,
    restitutionOrderedCents: 0,
    restitutionPaidCents: 0,
    serviceHoursOrdered: 0,
    serviceHoursLogged: 0,
    victims: [],
    ...overrides,
  };
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('stageDurations', () => {
  it('measures each stage from its entry to the next entry, leaving the current stage out', () => {
    expect(stageDurations({ SCREENING: T0, PARTICIPANT_CONSENT: T0 + 2 * DAY, CLOSED_RETURNED: T0 + 5 * DAY })).toEqual(
      {
        SCREENING: 2 * DAY,
        PARTICIPANT_CONSENT: 3 * DAY,
      },
    );
  });
});

describe('outcomeReport', () => {
  const cases: ReportCase[] = [
    closed({
      stageEnteredAt: {
        SCREENING: T0,
        PARTICIPANT_CONSENT: T0 + DAY,
        VICTIM_CONSENT: T0 + 3 * DAY,
        CLOSED_COMPLETED: T0 + 9 * DAY,
      },
      restitutionOrderedCents: 10_000,
      restitutionPaidCents: 10_000,
      serviceHoursOrdered: 10,
      serviceHoursLogged: 10,
      demographics: { ageGroup: '18-24' },
      victims: [{ victimId: 'a', answer: 'participate', withdrawn: false }],
    }),
    closed({
      stageEnteredAt: {
        SCREENING: T0,
        PARTICIPANT_CONSENT: T0 + 3 * DAY,
        VICTIM_CONSENT: T0 + 4 * DAY,
        CLOSED_COMPLETED: T0 + 20 * DAY,
      },
      restitutionOrderedCents: 5_000,
      restitutionPaidCents: 5_000,
      demographics: { ageGroup: '25-34' },
      victims: [{ victimId: 'b', answer: 'letter', withdrawn: false }],
    }),
    closed({
      stage: 'CLOSED_RETURNED',
      closeReason: 'PARTICIPANT_DECLINED',
      offenceCategory: 'theft',
      stageEnteredAt: { SCREENING: T0, PARTICIPANT_CONSENT: T0 + 2 * DAY, CLOSED_RETURNED: T0 + 4 * DAY },
      demographics: { ageGroup: '18-24' },
      victims: [
        { victimId: 'c', answer: 'decline', withdrawn: false },
        { victimId: 'd', withdrawn: false },
      ],
    }),
    closed({ stage: 'MONITORING', closeReason: null, offenceCategory: 'theft' }),
  ];
  const report = outcomeReport(cases, new Date(T0), new Date(T0 + 365 * DAY));

  it('counts referrals, enrolment, completions and returns by reason', () => {
    expect(report.totals).toMatchObject({
      referrals: 4,
      enrolled: 2,
      completed: 2,
      returned: 1,
      returnedByReason: { PARTICIPANT_DECLINED: 1 },
      completionRate: 0.6667,
    });
  });

  it('sums restitution and service hours and measures victim participation among answers', () => {
    expect(report.totals).toMatchObject({
      restitutionOrderedCents: 15_000,
      restitutionPaidCents: 15_000,
      serviceHoursOrdered: 10,
      serviceHoursLogged: 10,
      victims: { total: 4, answered: 3, participating: 2, participationRate: 0.6667 },
    });
  });

  it('gives the median days per stage', () => {
    expect(report.totals.medianDaysPerStage).toMatchObject({
      SCREENING: 2,
      PARTICIPANT_CONSENT: 2,
      VICTIM_CONSENT: 11,
    });
    expect(report.totals.medianDaysPerStage.MONITORING).toBeNull();
  });

  it("counts a compressed case's stage times in its own policy days", () => {
    const second = 1000;
    const compressed = closed({
      policyDayMs: second,
      stageEnteredAt: { SCREENING: T0, PARTICIPANT_CONSENT: T0 + 3 * second, CLOSED_RETURNED: T0 + 5 * second },
    });
    expect(outcomeReport([compressed], new Date(T0), new Date(T0 + DAY)).totals.medianDaysPerStage).toMatchObject({
      SCREENING: 3,
      PARTICIPANT_CONSENT: 2,
    });
  });

  it('breaks the figures down by offence category and by each recorded demographic', () => {
    expect(Object.keys(report.byOffenceCategory)).toEqual(['theft', 'vandalism']);
    expect(report.byOffenceCategory.theft).toMatchObject({ referrals: 2, returned: 1, completionRate: 0 });
    expect(report.byDemographic.ageGroup?.['18-24']).toMatchObject({ referrals: 2, completed: 1, returned: 1 });
    expect(report.byDemographic.ageGroup?.['25-34']).toMatchObject({ referrals: 1, completionRate: 1 });
  });

  it('writes one CSV row per group with a header', () => {
    const lines = outcomeReportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^group,value,referrals,enrolled,completed,returned,completion_rate,/);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      'total,,4',
      'offence_category,theft,2',
      'offence_category,vandalism,2',
      'demographic:ageGroup,18-24,2',
      'demographic:ageGroup,25-34,1',
    ]);
  });
});

describe('csvCell', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5')).toBe('-5');
  });
});
