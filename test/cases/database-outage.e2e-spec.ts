import type { StaffRole } from '../../src/auth/auth.types';
import { overrideEnvironment, restoreEnvironment } from '../notifications/fake-providers';
import { eventually } from '../support/eventually';
import { startApi, startWorker, stopWorker, type RunningApi, type RunningWorker } from '../support/servers';
import { TcpProxy } from '../support/tcp-proxy';
import { call, caseNumber, configureCaseStack, referral, token } from './case-api';

configureCaseStack('cases-db-outage');

/**
 * Defect: with PostgreSQL down, case routes answered 500 while /health rightly answered 503. The API here reaches
 * PostgreSQL through a proxy the test cuts (the worker keeps its own connection), so the outage is this file's alone.
 */
describe('the API during a PostgreSQL outage', () => {
  const databaseUrl = process.env.DATABASE_URL!;
  const target = new URL(databaseUrl);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  let worker: RunningWorker;
  let api: RunningApi;
  let tokens: Record<StaffRole, string>;

  beforeAll(async () => {
    worker = await startWorker();
    await proxy.start();
    overrideEnvironment({ DATABASE_URL: proxy.via(databaseUrl) });
    api = await startApi();
    tokens = {
      coordinator: await token('coordinator', 'alice'),
      prosecutor: await token('prosecutor', 'pat'),
      clerk: await token('clerk', 'carla', 'Alameda Superior Court'),
      admin: await token('admin', 'ada'),
    };
  });

  afterAll(async () => {
    await proxy.restore();
    await api?.app.close();
    await stopWorker(worker);
    await proxy.cut();
    restoreEnvironment();
  });

  it('answers 503 with Retry-After on every route that needs the database, and recovers when it is back', async () => {
    const number = caseNumber('PGDOWN');
    const created = await call(api.url, 'POST', '/cases', { token: tokens.admin, body: referral(number) });
    expect(created.status).toBe(201);
    const participants = await call<Array<{ id: string }>>(api.url, 'GET', `/cases/${number}/participants`, {
      token: tokens.coordinator,
    });
    const participantId = participants.body[0]!.id;

    await proxy.cut();
    const routes: Array<[string, string, StaffRole, unknown?]> = [
      ['GET', '/cases', 'coordinator'],
      ['GET', `/cases/${number}/events`, 'coordinator'],
      ['GET', `/cases/${number}/participants`, 'coordinator'],
      ['PATCH', `/participants/${participantId}`, 'coordinator', { email: 'new@example.org' }],
      ['POST', '/cases', 'admin', referral(caseNumber('PGDOWN'))],
      ['GET', '/tasks', 'coordinator'],
      ['GET', '/notices', 'clerk'],
      ['GET', '/reports/outcomes', 'admin'],
    ];
    for (const [method, path, role, body] of routes) {
      const answer = await call(api.url, method, path, { token: tokens[role], body });
      expect({ route: `${method} ${path.replace(number, ':n')}`, status: answer.status }).toEqual({
        route: `${method} ${path.replace(number, ':n')}`,
        status: 503,
      });
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    // The live case comes from Temporal: it may still answer, but never with a 500.
    const live = await call(api.url, 'GET', `/cases/${number}`, { token: tokens.coordinator });
    expect([200, 503]).toContain(live.status);

    await proxy.restore();
    const back = await eventually(async () => {
      const answer = await call(api.url, 'GET', '/cases', { token: tokens.coordinator });
      if (answer.status !== 200) throw new Error(`still ${answer.status}`);
      return answer;
    }, 20_000);
    expect(back.status).toBe(200);
  });
});
