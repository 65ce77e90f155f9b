import { startApi } from '../support/servers';
import { call, caseNumber, configureCaseStack, referral, startCaseStack, token, type CaseStack } from './case-api';

configureCaseStack('cases-input');

interface CaseBody {
  stage: string;
  notes: Array<{ text: string }>;
  victims: Array<{ victimId: string }>;
}

describe('what the API refuses, and what it applies once', () => {
  let stack: CaseStack;
  let url: string;
  let alice: string;
  let pat: string;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    [alice, pat] = await Promise.all([token('coordinator', 'alice'), token('prosecutor', 'pat')]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function snapshot(number: string): Promise<{ stage: string; notes: number; events: number }> {
    const live = await call<CaseBody>(url, 'GET', `/cases/${number}`, { token: pat });
    const events = await call<unknown[]>(url, 'GET', `/cases/${number}/events`, { token: pat });
    return { stage: live.body.stage, notes: live.body.notes.length, events: events.body.length };
  }

  async function settledCase(prefix: string): Promise<string> {
    const number = caseNumber(prefix);
    expect((await call(url, 'POST', '/cases', { token: alice, body: referral(number) })).status).toBe(201);
    // The referral's own audit event is recorded asynchronously; wait for it so counts compare like with like.
    for (let i = 0; i < 50 && (await snapshot(number)).events === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return number;
  }

  it('answers 400 with field messages to malformed input on every POST and leaves the case unchanged', async () => {
    const number = await settledCase('BAD');
    const before = await snapshot(number);
    const bad: Array<[string, unknown, RegExp]> = [
      ['screening', { decision: 'maybe' }, /decision must be one of/],
      ['screening', { decision: 'decline' }, /reasonCode/],
      ['participant-response', { response: 'accept', acknowledgesResponsibility: 'yes' }, /must be a boolean/],
      ['victims/v1/response', { response: 'sure' }, /response must be one of/],
      ['conference', { at: 'tomorrow', location: 'Room 2' }, /at must be a valid ISO 8601/],
      ['conference/outcome', { outcome: 'great' }, /outcome must be one of/],
      ['agreement', { obligations: [{ id: 'x', type: 'restitution', due: '2027-01-01' }] }, /amountCents/],
      ['obligations/pay/progress', { amountCents: -5 }, /amountCents must not be less than 1/],
      ['obligations/pay/extension', { newDue: '2027-01-01' }, /reason/],
      ['deadline-extension', { newDeadline: 12, reason: 'x' }, /newDeadline must be a valid ISO 8601/],
      ['closure-approval', { recommendation: 'acquit' }, /recommendation must be one of/],
      ['return', { reasonCode: 'lower case' }, /reasonCode must be an UPPER_SNAKE_CASE code/],
      ['withdrawal', { party: 'victim' }, /victimId/],
      ['notes', { text: '' }, /text should not be empty/],
      ['notes', { text: 'ok', sneaky: true }, /property sneaky should not exist/],
      ['assignment', { coordinatorId: '' }, /coordinatorId must be a staff id/],
    ];
    const admin = await token('admin', 'ada');
    for (const [path, body, message] of bad) {
      const as = path === 'closure-approval' || path === 'return' ? pat : path === 'assignment' ? admin : alice;
      const result = await call<{ message: string[]; stack?: unknown }>(url, 'POST', `/cases/${number}/${path}`, {
        token: as,
        body,
      });
      expect({ path, status: result.status }).toEqual({ path, status: 400 });
      expect(result.body.message.join('\n')).toMatch(message);
      expect(result.body).not.toHaveProperty('stack');
    }
    const broken = await call(url, 'POST', `/cases/${number}/notes`, { token: alice, rawBody: '{"text": ' });
    expect(broken.status).toBe(400);
    expect(await snapshot(number)).toEqual(before);
  });

  it('refuses a malformed referral with 400 and stores nothing', async () => {
    const number = caseNumber('BADREF');
    const result = await call<{ message: string[] }>(url, 'POST', '/cases', {
      token: alice,
      body: referral(number, { chargingDeadline: 'soon', victims: [{ fullName: 'X', timeZone: 'Nowhere/City' }] }),
    });
    expect(result.status).toBe(400);
    expect(result.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/chargingDeadline must be a valid ISO 8601/),
        expect.stringMatching(/timeZone must be an IANA time zone/),
      ]),
    );
    expect((await call(url, 'GET', `/cases/${number}`, { token: pat })).status).toBe(404);
  });

  it("answers 409 with the workflow's reason to an action the stage does not allow, and changes nothing", async () => {
    const number = await settledCase('STAGE');
    const before = await snapshot(number);
    const agreement = await call(url, 'POST', `/cases/${number}/agreement`, {
      token: alice,
      body: { obligations: [{ id: 'l', type: 'apology_letter', due: new Date(Date.now() + 60_000).toISOString() }] },
    });
    expect(agreement.status).toBe(409);
    expect(agreement.body.message).toBe(
      'cannot record an agreement (the conference must be held first) while the case is in SCREENING (only in AGREEMENT or MONITORING)',
    );
    const closure = await call(url, 'POST', `/cases/${number}/closure-approval`, {
      token: pat,
      body: { recommendation: 'dismissal' },
    });
    expect(closure.status).toBe(409);
    expect(closure.body.message).toMatch(/^cannot approve closure .* while the case is in SCREENING/);
    const victim = await call(url, 'POST', `/cases/${number}/victims/nobody/response`, {
      token: alice,
      body: { response: 'participate' },
    });
    expect(victim.status).toBe(409);
    expect(await snapshot(number)).toEqual(before);
  });

  it('answers 404 for a case that does not exist', async () => {
    const missing = `MISSING-${Date.now()}`;
    expect((await call(url, 'GET', `/cases/${missing}`, { token: pat })).status).toBe(404);
    const note = await call(url, 'POST', `/cases/${missing}/notes`, { token: alice, body: { text: 'hello' } });
    expect(note.status).toBe(404);
    expect(note.body.message).toBe(`case ${missing} not found`);
  });

  it('applies an action once when its Idempotency-Key is repeated', async () => {
    const number = await settledCase('IDEM');
    const before = await snapshot(number);
    const key = `note-${number}`;
    const first = await call<CaseBody>(url, 'POST', `/cases/${number}/notes`, {
      token: alice,
      idempotencyKey: key,
      body: { text: 'Called the responsible party' },
    });
    const second = await call<CaseBody>(url, 'POST', `/cases/${number}/notes`, {
      token: alice,
      idempotencyKey: key,
      body: { text: 'Called the responsible party' },
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.notes.map((n) => n.text)).toEqual(['Called the responsible party']);
    expect(await snapshot(number)).toEqual({ ...before, notes: 1, events: before.events + 1 });
  });

  it('answers a repeated referral with the case it created, and 409 to another referral with that number', async () => {
    const number = caseNumber('DUP');
    const key = `referral-${number}`;
    const body = referral(number);
    const first = await call<CaseBody>(url, 'POST', '/cases', {
      token: alice,
      idempotencyKey: key,
      body,
    });
    const again = await call<CaseBody>(url, 'POST', '/cases', {
      token: alice,
      idempotencyKey: key,
      body,
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.victims).toEqual(first.body.victims);

    const changed = await call(url, 'POST', '/cases', {
      token: alice,
      idempotencyKey: key,
      body: { ...body, court: 'Marin Superior Court' },
    });
    const withoutKey = await call(url, 'POST', '/cases', { token: alice, body });
    expect([changed.status, withoutKey.status]).toEqual([409, 409]);
    expect(changed.body.message).toBe(`case ${number} already exists`);

    const admin = await token('admin', 'ada');
    const people = await call<unknown[]>(url, 'GET', `/cases/${number}/participants`, { token: admin });
    expect(people.body).toHaveLength(2);
    const listed = await call<Array<{ caseNumber: string }>>(url, 'GET', '/cases', { token: admin });
    expect(listed.body.filter((c) => c.caseNumber === number)).toHaveLength(1);
  });

  it('lets only an admin choose the policy when the override flag is off', async () => {
    // The flag is read at start-up: this checks the rule on a fresh API process with the flag off.
    process.env.ALLOW_POLICY_OVERRIDE = 'false';
    const strict = await startApi();
    try {
      const number = caseNumber('POLICY');
      const denied = await call(strict.url, 'POST', '/cases', { token: alice, body: referral(number) });
      expect(denied.status).toBe(403);
      expect(denied.body.message).toBe('choosing a policy needs the admin role (or ALLOW_POLICY_OVERRIDE=true)');
      const admin = await token(['admin'], 'ada');
      const allowed = await call(strict.url, 'POST', '/cases', { token: admin, body: referral(number) });
      expect(allowed.status).toBe(201);
      expect(allowed.body.policyVersion).toMatch(/compressed-60000ms$/);
    } finally {
      process.env.ALLOW_POLICY_OVERRIDE = 'true';
      await strict.app.close();
    }
  });
});
