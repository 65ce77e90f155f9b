import {
  call,
  caseNumber,
  configureCaseStack,
  eventually,
  referral,
  startCaseStack,
  token,
  type CaseStack,
} from './case-api';

configureCaseStack('cases-lifecycle');

interface CaseBody {
  caseNumber: string;
  stage: string;
  victims: { victimId: string; answer?: string }[];
  conference: { at?: string };
  agreement?: { obligations: { id: string; paidCents: number; completed: boolean }[] };
  closeReasonCode?: string;
}

interface NoticeBody {
  id: string;
  caseNumber: string;
  kind: string;
  sha256: string;
  acknowledgedBy: string | null;
}

describe('a diversion case over HTTP', () => {
  let stack: CaseStack;
  let url: string;
  let alice: string;
  let pat: string;
  let carla: string;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    [alice, pat, carla] = await Promise.all([
      token('coordinator', 'alice'),
      token('prosecutor', 'pat'),
      token('clerk', 'carla', 'Alameda Superior Court'),
    ]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('walks a case from referral to the clerk acknowledging the completion notice using only HTTP calls', async () => {
    const number = caseNumber('LIFE');
    const created = await call<CaseBody>(url, 'POST', '/cases', { token: alice, body: referral(number) });
    expect(created.status).toBe(201);
    expect(created.body.stage).toBe('SCREENING');
    const victimId = created.body.victims[0]?.victimId ?? '';

    const steps: Array<[string, unknown, string]> = [
      [`/cases/${number}/screening`, { decision: 'accept' }, 'PARTICIPANT_CONSENT'],
      [
        `/cases/${number}/participant-response`,
        { response: 'accept', acknowledgesResponsibility: true },
        'VICTIM_CONSENT',
      ],
      [`/cases/${number}/victims/${victimId}/response`, { response: 'participate' }, 'CONFERENCE'],
    ];
    for (const [path, body, stage] of steps) {
      const result = await call<CaseBody>(url, 'POST', path, { token: alice, body });
      expect({ path, status: result.status, stage: result.body.stage }).toEqual({ path, status: 200, stage });
    }

    const at = new Date(Date.now() + 1500).toISOString();
    const scheduled = await call<CaseBody>(url, 'POST', `/cases/${number}/conference`, {
      token: alice,
      body: { at, location: 'Community Center, Room 2' },
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.conference.at).toBe(at);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const held = await call<CaseBody>(url, 'POST', `/cases/${number}/conference/outcome`, {
      token: alice,
      body: { outcome: 'held' },
    });
    expect(held.body.stage).toBe('AGREEMENT');

    const due = new Date(Date.now() + 30 * 60_000).toISOString();
    const agreed = await call<CaseBody>(url, 'POST', `/cases/${number}/agreement`, {
      token: alice,
      body: {
        obligations: [
          { id: 'pay', type: 'restitution', due, amountCents: 10_000, payee: victimId },
          { id: 'serve', type: 'community_service', due, hours: 6 },
          { id: 'letter', type: 'apology_letter', due },
        ],
      },
    });
    expect(agreed.status).toBe(200);
    expect(agreed.body.stage).toBe('MONITORING');

    for (const [obligation, body] of [
      ['pay', { amountCents: 4_000 }],
      ['pay', { amountCents: 6_000 }],
      ['serve', { hours: 6 }],
      ['letter', { completed: true }],
    ] as const) {
      const progress = await call<CaseBody>(url, 'POST', `/cases/${number}/obligations/${obligation}/progress`, {
        token: alice,
        body,
      });
      expect(progress.status).toBe(200);
    }
    const review = await call<CaseBody>(url, 'GET', `/cases/${number}`, { token: pat });
    expect(review.body.stage).toBe('CLOSURE_REVIEW');

    const approved = await call<CaseBody>(url, 'POST', `/cases/${number}/closure-approval`, {
      token: pat,
      body: { recommendation: 'charges_not_filed' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.stage).toBe('CLOSED_COMPLETED');

    const notice = await eventually(async () => {
      const inbox = await call<NoticeBody[]>(url, 'GET', '/notices', { token: carla });
      const found = inbox.body.find((n) => n.caseNumber === number);
      if (!found) throw new Error(`no notice for ${number} yet`);
      return found;
    });
    expect(notice).toMatchObject({ kind: 'completion', acknowledgedBy: null });
    const pdf = await fetch(`${url}/notices/${notice.id}/document`, { headers: { authorization: `Bearer ${carla}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const acknowledged = await call<NoticeBody>(url, 'POST', `/notices/${notice.id}/acknowledge`, { token: carla });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.acknowledgedBy).toBe('carla');
    const unacknowledged = await call<NoticeBody[]>(url, 'GET', '/notices?unacknowledgedOnly=true', { token: carla });
    expect(unacknowledged.body.map((n) => n.id)).not.toContain(notice.id);

    const listed = await call<Array<{ caseNumber: string }>>(url, 'GET', '/cases?stage=CLOSED_COMPLETED', {
      token: pat,
    });
    expect(listed.body.map((c) => c.caseNumber)).toContain(number);
    const events = await call<Array<{ type: string; actor: { id: string } }>>(url, 'GET', `/cases/${number}/events`, {
      token: pat,
    });
    expect(events.body.map((e) => e.type)).toEqual(
      expect.arrayContaining(['case_referred', 'agreement_recorded', 'progress_recorded', 'notice_acknowledged']),
    );
    expect(events.body.at(-1)).toMatchObject({ type: 'notice_acknowledged', actor: { id: 'carla' } });
  });

  it('reschedules the conference, amends the agreement, extends an obligation and closes on withdrawal', async () => {
    const number = caseNumber('STEER');
    const created = await call<CaseBody>(url, 'POST', '/cases', { token: alice, body: referral(number) });
    const victimId = created.body.victims[0]?.victimId ?? '';
    await call(url, 'POST', `/cases/${number}/screening`, { token: alice, body: { decision: 'accept' } });
    await call(url, 'POST', `/cases/${number}/participant-response`, {
      token: alice,
      body: { response: 'accept', acknowledgesResponsibility: true },
    });
    await call(url, 'POST', `/cases/${number}/victims/${victimId}/response`, {
      token: alice,
      body: { response: 'letter' },
    });
    await call(url, 'POST', `/cases/${number}/conference`, {
      token: alice,
      body: { at: new Date(Date.now() + 60_000).toISOString(), location: 'Room 1' },
    });
    const withoutReason = await call(url, 'POST', `/cases/${number}/conference`, {
      token: alice,
      body: { at: new Date(Date.now() + 900).toISOString() },
    });
    // A field the request left out is the caller's to fix: 400, naming it.
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body).toMatchObject({ message: ['a reschedule needs a reasonCode'], field: 'reasonCode' });
    const moved = await call<CaseBody & { conference: { rescheduleCount: number; location?: string } }>(
      url,
      'POST',
      `/cases/${number}/conference`,
      { token: alice, body: { at: new Date(Date.now() + 900).toISOString(), reasonCode: 'PARTICIPANT_REQUEST' } },
    );
    expect(moved.body.conference).toMatchObject({ rescheduleCount: 1, location: 'Room 1' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await call(url, 'POST', `/cases/${number}/conference/outcome`, { token: alice, body: { outcome: 'held' } });
    const due = new Date(Date.now() + 30 * 60_000).toISOString();
    await call(url, 'POST', `/cases/${number}/agreement`, {
      token: alice,
      body: { obligations: [{ id: 'class', type: 'education', due }] },
    });

    const amended = await call<{ agreement: { version: number; obligations: Array<{ id: string }> } }>(
      url,
      'POST',
      `/cases/${number}/agreement`,
      {
        token: alice,
        body: {
          reason: "Added service hours at the victim's request",
          obligations: [
            { id: 'class', type: 'education', due },
            { id: 'serve', type: 'community_service', due, hours: 4 },
          ],
        },
      },
    );
    expect(amended.status).toBe(200);
    expect(amended.body.agreement).toMatchObject({ version: 2, obligations: [{ id: 'class' }, { id: 'serve' }] });
    const later = new Date(Date.now() + 60 * 60_000).toISOString();
    const extended = await call<{ agreement: { obligations: Array<{ id: string; due: string; extensions: number }> } }>(
      url,
      'POST',
      `/cases/${number}/obligations/serve/extension`,
      { token: alice, body: { newDue: later, reason: 'Shift work' } },
    );
    expect(extended.body.agreement.obligations.find((o) => o.id === 'serve')).toMatchObject({
      due: later,
      extensions: 1,
    });
    const again = await call(url, 'POST', `/cases/${number}/obligations/serve/extension`, {
      token: alice,
      body: { newDue: new Date(Date.now() + 90 * 60_000).toISOString(), reason: 'Again' },
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already had 1 extension/);

    const withdrawn = await call<CaseBody>(url, 'POST', `/cases/${number}/withdrawal`, {
      token: alice,
      body: { party: 'responsible_party' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.stage).toBe('CLOSED_RETURNED');
  });

  it('keeps a clerk of another court away from the notice', async () => {
    const number = caseNumber('COURT');
    await call(url, 'POST', '/cases', { token: alice, body: referral(number, { chargesFiled: true }) });
    await call(url, 'POST', `/cases/${number}/return`, { token: pat, body: { reasonCode: 'NEW_CHARGES' } });
    const notice = await eventually(async () => {
      const inbox = await call<NoticeBody[]>(url, 'GET', '/notices', { token: carla });
      const found = inbox.body.find((n) => n.caseNumber === number);
      if (!found) throw new Error('no return notice yet');
      return found;
    });
    expect(notice.kind).toBe('return');
    const other = await token('clerk', 'olga', 'Marin Superior Court');
    const otherInbox = await call<NoticeBody[]>(url, 'GET', '/notices', { token: other });

    expect(otherInbox.body.map((n) => n.id)).not.toContain(notice.id);
    expect((await call(url, 'GET', `/notices/${notice.id}/document`, { token: other })).status).toBe(403);
    expect((await call(url, 'POST', `/notices/${notice.id}/acknowledge`, { token: other })).status).toBe(403);
  });

  it('returns a case to prosecution when the prosecutor decides so, and then refuses further actions', async () => {
    const number = caseNumber('RET');
    expect((await call(url, 'POST', '/cases', { token: alice, body: referral(number) })).status).toBe(201);
    await call(url, 'POST', `/cases/${number}/screening`, { token: pat, body: { decision: 'accept' } });
    const declined = await call<CaseBody>(url, 'POST', `/cases/${number}/participant-response`, {
      token: alice,
      body: { response: 'decline' },
    });
    expect(declined.status).toBe(200);

    const returned = await call<CaseBody>(url, 'POST', `/cases/${number}/return`, {
      token: pat,
      body: { reasonCode: 'PARTICIPANT_DECLINED', note: 'Declined the program' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ stage: 'CLOSED_RETURNED', closeReasonCode: 'PARTICIPANT_DECLINED' });
    const listed = await call<Array<{ caseNumber: string; closeReason?: string }>>(
      url,
      'GET',
      '/cases?stage=CLOSED_RETURNED',
      { token: pat },
    );
    expect(listed.body.find((c) => c.caseNumber === number)).toMatchObject({ closeReason: 'PARTICIPANT_DECLINED' });

    const after = await call(url, 'POST', `/cases/${number}/notes`, { token: alice, body: { text: 'too late' } });
    expect(after.status).toBe(409);
    expect(after.body.message).toBe(`case ${number} is closed (CLOSED_RETURNED); nothing more can be recorded`);
  });
});
