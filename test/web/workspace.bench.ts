import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CaseProjectionEntity } from '../../src/cases/case-projection.entity';
import {
  call,
  caseNumber,
  configureCaseStack,
  referral,
  startCaseStack,
  token,
  type CaseStack,
} from '../cases/case-api';

configureCaseStack('web-bench');

const CASES = 1000;
const ROUNDS = 100;

/** Signs in through the development sign-in form over plain HTTP; returns the session cookie. */
async function sessionCookie(url: string, staff: string): Promise<string> {
  const page = await fetch(`${url}/app/sign-in`);
  const pre = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const signedIn = await fetch(`${url}/app/sign-in`, {
    method: 'POST',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, staff, next: '/app' }).toString(),
    redirect: 'manual',
  });
  const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('rj_session='));
  if (!session) throw new Error(`sign-in answered ${signedIn.status}`);
  return session.split(';')[0] ?? '';
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function time(url: string, cookie: string): Promise<{ p50: number; p95: number; max: number }> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), max: round(samples.at(-1) ?? 0) };
}

/**
 * A benchmark, not a test of speed: the coordinator's Today page and a case page with 1,000 of their cases in the
 * projection, timed over loopback HTTP (server time plus a local round trip). Run with
 * `npx jest --selectProjects bench --testPathPatterns web`; it prints p50/p95/max in milliseconds.
 */
describe('staff workspace pages with 1,000 cases in the projection', () => {
  let stack: CaseStack;

  beforeAll(async () => {
    stack = await startCaseStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('measures the Today page and the case page', async () => {
    const url = stack.api.url;
    const dataSource = stack.api.app.get<DataSource>(getDataSourceToken());
    const now = Date.now();
    const rows: Array<Partial<CaseProjectionEntity>> = Array.from({ length: CASES }, (_, i) => ({
      caseNumber: `BENCH-${i}`,
      court: 'Alameda Superior Court',
      jurisdiction: 'Alameda County',
      stage: 'MONITORING' as const,
      needsReview: i % 10 === 0,
      reviews:
        i % 10 === 0
          ? [
              {
                id: 'R1',
                reasonCode: 'OBLIGATION_OVERDUE',
                about: { kind: 'obligation' as const, id: 'pay' },
                sinceMs: now - 3_600_000,
                stage: 'MONITORING' as const,
                assignee: 'coordinator' as const,
                details: {},
              },
            ]
          : [],
      pendingActions: [
        {
          action: 'recordProgress' as const,
          label: 'Record progress on obligation pay (restitution)',
          roles: ['coordinator' as const],
          about: { kind: 'obligation' as const, id: 'pay' },
          dueMs: now + (i - 500) * 60_000,
        },
      ],
      chargingDeadline: new Date(now + 300 * 86_400_000),
      coordinatorId: 'alice',
      prosecutorId: 'pat',
      offenceCategory: 'vandalism',
      referralDate: new Date(now - 30 * 86_400_000),
      stageEnteredAt: {},
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await dataSource.getRepository(CaseProjectionEntity).insert(rows.slice(i, i + 200));
    }
    const live = caseNumber('BENCH-LIVE');
    const created = await call(url, 'POST', '/cases', {
      token: await token('coordinator', 'alice'),
      body: referral(live),
    });
    expect(created.status).toBe(201);

    const cookie = await sessionCookie(url, 'alice');
    const today = await time(`${url}/app/today`, cookie);
    const casePage = await time(`${url}/app/cases/${live}`, cookie);
    const caseList = await time(`${url}/app/cases`, cookie);
    console.log(
      `workspace bench (${CASES} cases, ${ROUNDS} requests each, ms): ` +
        `today ${JSON.stringify(today)}; case page ${JSON.stringify(casePage)}; case list ${JSON.stringify(caseList)}`,
    );
    expect(today.p95).toBeGreaterThan(0);
  });
});
