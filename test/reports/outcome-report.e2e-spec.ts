import {
  call,
  caseNumber,
  completeCase,
  configureCaseStack,
  referral,
  startCaseStack,
  token,
  type CaseStack,
} from '../cases/case-api';

configureCaseStack('reports');

// Referral dates in a month no other test uses, so the report covers exactly the cases seeded here.
const DAY_MS = 86_400_000;
/** A month of its own, ten months back: before every other test's referrals (dated today), inside the referral window. */
const START_MS = Date.parse(new Date(Date.now() - 300 * DAY_MS).toISOString().slice(0, 10));
const FROM = new Date(START_MS).toISOString().slice(0, 10);
const TO = new Date(START_MS + 31 * DAY_MS).toISOString().slice(0, 10);

describe('GET /reports/outcomes', () => {
  let stack: CaseStack;
  let url: string;
  let alice: string;
  let pat: string;
  let ada: string;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    [alice, pat, ada] = await Promise.all([
      token('coordinator', 'alice'),
      token('prosecutor', 'pat'),
      token('admin', 'ada'),
    ]);
    const tokens = { coordinator: alice, prosecutor: pat };
    const seeded = async (category: string, ageGroup: string, day: number) => {
      const number = caseNumber(`RPT-${category}`);
      const created = await call(url, 'POST', '/cases', {
        token: alice,
        body: referral(number, {
          referralDate: new Date(START_MS + (day - 1) * DAY_MS).toISOString().slice(0, 10),
          offence: { code: 'X', category, severity: 'misdemeanor' },
          responsibleParty: { fullName: 'R P', timeZone: 'America/Los_Angeles', demographics: { ageGroup } },
        }),
      });
      if (created.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(created.body)}`);
      return number;
    };
    // Two completed vandalism cases, one theft case declined at screening, one theft case returned by the
    // prosecutor after the responsible party declined.
    await completeCase(url, tokens, await seeded('vandalism', '18-24', 2), { restitutionCents: 10_000, hours: 8 });
    await completeCase(url, tokens, await seeded('vandalism', '25-34', 3), { restitutionCents: 2_500, hours: 4 });
    const declined = await seeded('theft', '18-24', 4);
    await call(url, 'POST', `/cases/${declined}/screening`, {
      token: pat,
      body: { decision: 'decline', reasonCode: 'NOT_SUITABLE' },
    });
    const refused = await seeded('theft', '18-24', 5);
    await call(url, 'POST', `/cases/${refused}/screening`, { token: pat, body: { decision: 'accept' } });
    await call(url, 'POST', `/cases/${refused}/return`, { token: pat, body: { reasonCode: 'PARTICIPANT_DECLINED' } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('reports referrals, enrolment, outcomes, restitution, hours and victim participation for the seeded cases', async () => {
    const report = await call(url, 'GET', `/reports/outcomes?from=${FROM}&to=${TO}`, { token: ada });

    expect(report.status).toBe(200);
    expect(report.body.totals).toMatchObject({
      referrals: 4,
      enrolled: 2,
      completed: 2,
      returned: 2,
      returnedByReason: { NOT_SUITABLE: 1, PARTICIPANT_DECLINED: 1 },
      completionRate: 0.5,
      restitutionOrderedCents: 12_500,
      restitutionPaidCents: 12_500,
      serviceHoursOrdered: 12,
      serviceHoursLogged: 12,
      victims: { total: 4, answered: 2, participating: 2, participationRate: 1 },
    });
    expect(report.body.byOffenceCategory).toMatchObject({
      theft: { referrals: 2, completed: 0, returned: 2, completionRate: 0 },
      vandalism: { referrals: 2, completed: 2, returned: 0, completionRate: 1 },
    });
    expect(report.body.byDemographic).toMatchObject({
      ageGroup: { '18-24': { referrals: 3, completed: 1 }, '25-34': { referrals: 1, completed: 1 } },
    });
  });

  it('gives the same figures as CSV', async () => {
    const csv = await call<string>(url, 'GET', `/reports/outcomes?from=${FROM}&to=${TO}&format=csv`, { token: pat });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^group,value,referrals,enrolled,completed,returned,completion_rate,/);
    expect(lines[1]).toMatch(/^total,,4,2,2,2,0\.5,12500,12500,12,12,4,2,1,/);
  });

  it('answers 400 to a period that ends before it starts', async () => {
    const bad = await call(url, 'GET', `/reports/outcomes?from=${TO}&to=${FROM}`, { token: ada });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['from must be before to']);
  });
});
