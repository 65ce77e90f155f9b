import type { StaffRole } from '../../src/auth/auth.types';
import { mintDevToken } from '../../src/auth/dev-token';
import { call, caseNumber, configureCaseStack, referral, startCaseStack, token, type CaseStack } from './case-api';

configureCaseStack('cases-access');

const ROLES: StaffRole[] = ['coordinator', 'prosecutor', 'clerk', 'admin'];
const UNKNOWN_NOTICE = '00000000-0000-4000-8000-000000000000';

/** Every route of docs/design.md §7 (but the public ones) and who may call it. Bodies are empty: a caller the guard lets
 * through gets a 4xx from validation or the workflow, never a change; one it refuses gets 403. */
function routes(n: string, victimId: string, participantId: string): Array<[string, string, StaffRole[]]> {
  return [
    ['POST', '/cases', ['coordinator', 'prosecutor', 'admin']],
    ['GET', '/cases', ['coordinator', 'prosecutor', 'admin']],
    ['GET', `/cases/${n}`, ['coordinator', 'prosecutor', 'admin']],
    ['GET', `/cases/${n}/events`, ['coordinator', 'prosecutor', 'admin']],
    ['POST', `/cases/${n}/screening`, ['coordinator', 'prosecutor']],
    ['POST', `/cases/${n}/participant-response`, ['coordinator']],
    ['POST', `/cases/${n}/victims/${victimId}/response`, ['coordinator']],
    ['POST', `/cases/${n}/conference`, ['coordinator']],
    ['POST', `/cases/${n}/conference/outcome`, ['coordinator']],
    ['POST', `/cases/${n}/agreement`, ['coordinator']],
    ['POST', `/cases/${n}/obligations/pay/progress`, ['coordinator']],
    ['POST', `/cases/${n}/obligations/pay/extension`, ['coordinator']],
    ['POST', `/cases/${n}/deadline-extension`, ['coordinator']],
    ['POST', `/cases/${n}/reviews/R1/dismissal`, ['coordinator', 'prosecutor']],
    ['POST', `/cases/${n}/closure-approval`, ['prosecutor']],
    ['POST', `/cases/${n}/return`, ['prosecutor', 'coordinator']],
    ['POST', `/cases/${n}/withdrawal`, ['coordinator']],
    ['POST', `/cases/${n}/notes`, ['coordinator']],
    ['POST', `/cases/${n}/assignment`, ['admin']],
    ['GET', `/cases/${n}/participants`, ['coordinator', 'admin']],
    ['PATCH', `/participants/${participantId}`, ['coordinator', 'admin']],
    ['GET', '/tasks', ['coordinator', 'prosecutor']],
    ['GET', '/notices', ['clerk']],
    ['GET', `/notices/${UNKNOWN_NOTICE}/document`, ['clerk']],
    ['POST', `/notices/${UNKNOWN_NOTICE}/acknowledge`, ['clerk']],
    ['GET', '/reports/outcomes', ['admin', 'prosecutor']],
  ];
}

describe('who may call what', () => {
  let stack: CaseStack;
  let url: string;
  let tokens: Record<StaffRole, string>;
  let number: string;
  let victimId: string;
  let participantId: string;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    tokens = {
      coordinator: await token('coordinator', 'alice'),
      prosecutor: await token('prosecutor', 'pat'),
      clerk: await token('clerk', 'carla', 'Alameda Superior Court'),
      admin: await token('admin', 'ada'),
    };
    number = caseNumber('ACL');
    const created = await call<{ victims: { victimId: string }[] }>(url, 'POST', '/cases', {
      token: tokens.coordinator,
      body: referral(number),
    });
    victimId = created.body.victims[0]?.victimId ?? '';
    const people = await call<Array<{ id: string; role: string }>>(url, 'GET', `/cases/${number}/participants`, {
      token: tokens.admin,
    });
    participantId = people.body.find((p) => p.role === 'responsible_party')?.id ?? '';
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lets each role through exactly the routes docs/design.md gives it and answers 403 to the others', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [method, path, allowed] of routes(number, victimId, participantId)) {
      for (const role of ROLES) {
        const { status } = await call(url, method, path, {
          token: tokens[role],
          body: method === 'GET' ? undefined : {},
        });
        outcomes.push(`${method} ${path} as ${role}: ${status === 403 || status === 401 ? status : 'let through'}`);
        expected.push(`${method} ${path} as ${role}: ${allowed.includes(role) ? 'let through' : 403}`);
      }
    }
    expect(outcomes).toEqual(expected);
    const after = await call<{ stage: string; notes: unknown[] }>(url, 'GET', `/cases/${number}`, {
      token: tokens.admin,
    });
    expect(after.body).toMatchObject({ stage: 'SCREENING', notes: [] });
  });

  it('answers 401 without a token, with a malformed one, and with one signed by another key', async () => {
    const forged = await mintDevToken('not-the-server-secret-0123456789-abcdef', { sub: 'ada', roles: ['admin'] });
    for (const [method, path] of routes(number, victimId, participantId)) {
      for (const auth of [undefined, 'not.a.jwt', forged]) {
        const { status, body } = await call(url, method, path, {
          token: auth,
          body: method === 'GET' ? undefined : {},
        });
        expect({ route: `${method} ${path}`, status }).toEqual({ route: `${method} ${path}`, status: 401 });
        expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
      }
    }
  });

  it('keeps the API open without a token only for health and the OpenAPI document', async () => {
    expect((await call(url, 'GET', '/health')).status).toBe(200);
    expect((await call(url, 'GET', '/docs/openapi.json')).status).toBe(200);
  });

  it('lets a coordinator act only on the cases assigned to them', async () => {
    const bob = await token('coordinator', 'bob');
    const denied = [
      await call(url, 'GET', `/cases/${number}`, { token: bob }),
      await call(url, 'GET', `/cases/${number}/events`, { token: bob }),
      await call(url, 'GET', `/cases/${number}/participants`, { token: bob }),
      await call(url, 'PATCH', `/participants/${participantId}`, { token: bob, body: { language: 'es' } }),
      await call(url, 'POST', `/cases/${number}/notes`, { token: bob, body: { text: 'not my case' } }),
      await call(url, 'POST', `/cases/${number}/screening`, { token: bob, body: { decision: 'accept' } }),
      await call(url, 'GET', '/cases?coordinatorId=alice', { token: bob }),
    ];
    expect(denied.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(denied[4]?.body.message).toBe(`case ${number} is assigned to another coordinator`);

    const bobsList = await call<Array<{ caseNumber: string }>>(url, 'GET', '/cases', { token: bob });
    expect(bobsList.body.map((c) => c.caseNumber)).not.toContain(number);
    const unchanged = await call<{ stage: string; notes: unknown[] }>(url, 'GET', `/cases/${number}`, {
      token: tokens.coordinator,
    });
    expect(unchanged.body).toMatchObject({ stage: 'SCREENING', notes: [] });
  });

  it('hands a case to another coordinator when an admin reassigns it, and records who did', async () => {
    const reassigned = caseNumber('ACL-MOVE');
    await call(url, 'POST', '/cases', { token: tokens.coordinator, body: referral(reassigned) });
    const bob = await token('coordinator', 'bob');
    const moved = await call(url, 'POST', `/cases/${reassigned}/assignment`, {
      token: tokens.admin,
      body: { coordinatorId: 'bob', reason: 'Caseload balancing' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.coordinatorId).toBe('bob');
    expect((await call(url, 'GET', `/cases/${reassigned}`, { token: bob })).status).toBe(200);
    expect((await call(url, 'GET', `/cases/${reassigned}`, { token: tokens.coordinator })).status).toBe(403);
    const events = await call<Array<{ type: string; actor: { id: string }; details: Record<string, unknown> }>>(
      url,
      'GET',
      `/cases/${reassigned}/events`,
      { token: bob },
    );
    expect(events.body.find((e) => e.type === 'coordinator_reassigned')).toMatchObject({
      actor: { id: 'ada' },
      details: { from: 'alice', to: 'bob' },
    });
  });

  it('audits every read of participant contact details and records which fields a correction changed', async () => {
    const before = await call<unknown[]>(url, 'GET', `/cases/${number}/events`, { token: tokens.admin });
    const people = await call<Array<{ fullName: string; email: string | null }>>(
      url,
      'GET',
      `/cases/${number}/participants`,
      { token: tokens.coordinator },
    );
    expect(people.body.map((p) => p.fullName).sort()).toEqual(['Jordan Rivera', 'Sam Lee']);
    const patched = await call(url, 'PATCH', `/participants/${participantId}`, {
      token: tokens.coordinator,
      body: { email: 'jordan.new@example.org', language: 'es' },
    });
    expect(patched.body).toMatchObject({ email: 'jordan.new@example.org', language: 'es' });

    const after = await call<Array<{ type: string; actor: { id: string }; details: Record<string, unknown> }>>(
      url,
      'GET',
      `/cases/${number}/events`,
      { token: tokens.admin },
    );
    const added = after.body.slice(before.body.length);
    expect(added.map((e) => [e.type, e.actor.id])).toEqual([
      ['participants_viewed', 'alice'],
      ['participant_updated', 'alice'],
    ]);
    expect(added[1]?.details).toEqual({ participantId, fields: 'email,language' });
    expect(JSON.stringify(added)).not.toContain('jordan.new@example.org');
  });
});
