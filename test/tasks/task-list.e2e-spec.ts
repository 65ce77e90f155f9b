import {
  call,
  caseNumber,
  configureCaseStack,
  eventually,
  referral,
  startCaseStack,
  token,
  type CaseStack,
} from '../cases/case-api';

configureCaseStack('tasks');

interface TaskBody {
  caseNumber: string;
  kind: string;
  due?: string;
  overdue: boolean;
  label: string;
  reviewId?: string;
  reasonCode?: string;
  about?: { kind: string; id: string };
}

describe('GET /tasks', () => {
  let stack: CaseStack;
  let url: string;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("lists what the calling coordinator's cases need now, overdue reviews first, with due dates", async () => {
    const tina = await token('coordinator', 'tina');
    const mine = (overrides: Record<string, unknown> = {}) =>
      referral(caseNumber('TASK'), { coordinatorId: 'tina', ...overrides });
    // A compressed day of 1 s: the 2-business-day screening deadline passes in 2 s and opens a review.
    const late = mine({ policy: { dayMs: 1000 } });
    const screening = mine();
    const consent = mine();
    for (const body of [late, screening, consent]) {
      expect((await call(url, 'POST', '/cases', { token: tina, body })).status).toBe(201);
    }
    await call(url, 'POST', `/cases/${String(consent.caseNumber)}/screening`, {
      token: tina,
      body: { decision: 'accept' },
    });
    const accepted = await call<{ victims: { victimId: string }[] }>(
      url,
      'POST',
      `/cases/${String(consent.caseNumber)}/participant-response`,
      { token: tina, body: { response: 'accept', acknowledgesResponsibility: true } },
    );
    const victimId = accepted.body.victims[0]?.victimId;
    const someoneElses = referral(caseNumber('TASK-OTHER'), { coordinatorId: 'uma' });
    await call(url, 'POST', '/cases', { token: await token('admin', 'ada'), body: someoneElses });

    const tasks = await eventually(async () => {
      const result = await call<TaskBody[]>(url, 'GET', '/tasks', { token: tina });
      if (!result.body.some((t) => t.kind === 'resolve_review')) throw new Error('no review yet');
      return result.body;
    }, 15_000);

    expect(tasks.map((t) => [t.caseNumber, t.kind, t.overdue])).toEqual([
      [late.caseNumber, 'resolve_review', true],
      [late.caseNumber, 'decideScreening', true],
      [screening.caseNumber, 'decideScreening', false],
      [consent.caseNumber, 'recordVictimResponse', false],
    ]);
    expect(tasks[0]).toMatchObject({ reasonCode: 'SCREENING_OVERDUE', reviewId: 'R1' });
    expect(tasks[3]?.about).toEqual({ kind: 'victim', id: victimId });
    expect(tasks[3]?.label).toBe(`Contact victim ${String(victimId)} and record their response`);
    expect(tasks.every((t) => typeof t.due === 'string')).toBe(true);

    const reviewing = await call<Array<{ caseNumber: string }>>(url, 'GET', '/cases?needsReview=true', { token: tina });
    expect(reviewing.body.map((c) => c.caseNumber)).toEqual([late.caseNumber]);

    const extended = await call(url, 'POST', `/cases/${String(late.caseNumber)}/deadline-extension`, {
      token: tina,
      body: { newDeadline: new Date(Date.now() + 60_000).toISOString(), reason: 'Waiting for the police report' },
    });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ reviews: [] });
    const after = await call<TaskBody[]>(url, 'GET', '/tasks', { token: tina });
    expect(after.body.filter((t) => t.caseNumber === late.caseNumber).map((t) => [t.kind, t.overdue])).toEqual([
      ['decideScreening', false],
    ]);
  });
});
