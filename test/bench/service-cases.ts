import { mintDevToken } from '../../src/auth/dev-token';
import { caseNumber, referral } from '../cases/referral';
import type { BenchHttp } from './http-client';
import { sleepMs } from './measure';
import { BENCH_JWT_SECRET } from './stack';

/** One policy day is an hour in the bench: nothing falls due by itself unless the bench sets it to. */
export const BENCH_DAY_MS = 3_600_000;

export interface Tokens {
  coordinator: string;
  prosecutor: string;
}

export async function benchTokens(): Promise<Tokens> {
  const [coordinator, prosecutor] = await Promise.all([
    mintDevToken(BENCH_JWT_SECRET, { sub: 'alice', roles: ['coordinator'] }),
    mintDevToken(BENCH_JWT_SECRET, { sub: 'pat', roles: ['prosecutor'] }),
  ]);
  return { coordinator, prosecutor };
}

export interface Obligation {
  id: string;
  type: 'restitution' | 'community_service';
  due: string;
  amountCents?: number;
  hours?: number;
  payee?: string;
}

let people = 0;

/** A responsible party with a phone of their own, so the bench can count each one's text messages. */
function responsibleParty(): Record<string, unknown> {
  people += 1;
  return {
    fullName: 'Jordan Rivera',
    email: `jordan-${people}@example.org`,
    phone: `+1555${String(1_000_000 + people).slice(-7)}`,
    timeZone: 'America/Los_Angeles',
    demographics: { ageGroup: '18-24', gender: 'female' },
  };
}

/** Refers a case over HTTP and drives it to MONITORING with the given obligations; returns its number. */
export async function caseInMonitoring(
  http: BenchHttp,
  tokens: Tokens,
  prefix: string,
  obligations: (now: number) => Obligation[],
): Promise<string> {
  const number = caseNumber(prefix);
  const path = `/cases/${number}`;
  const created = await http.ok<{ victims: Array<{ victimId: string }> }>(
    'POST',
    '/cases',
    tokens.coordinator,
    referral(number, { policy: { dayMs: BENCH_DAY_MS }, responsibleParty: responsibleParty() }),
  );
  const as = tokens.coordinator;
  await http.ok('POST', `${path}/screening`, as, { decision: 'accept' });
  await http.ok('POST', `${path}/participant-response`, as, { response: 'accept', acknowledgesResponsibility: true });
  for (const victim of created.victims) {
    await http.ok('POST', `${path}/victims/${victim.victimId}/response`, as, { response: 'participate' });
  }
  const at = await scheduleConference(http, as, path);
  await sleepMs(at - Date.now() + 50);
  await http.ok('POST', `${path}/conference/outcome`, as, { outcome: 'held' });
  const agreed = await http.ok<{ stage: string }>('POST', `${path}/agreement`, as, {
    obligations: obligations(Date.now()),
  });
  if (agreed.stage !== 'MONITORING') throw new Error(`${number} is in ${agreed.stage} after its agreement`);
  return number;
}

/**
 * Schedules the conference a moment ahead (the case waits for it); on a loaded machine the answer can come after that
 * moment, which the case refuses, so a refused time is tried again further ahead.
 */
async function scheduleConference(http: BenchHttp, as: string, path: string): Promise<number> {
  for (const leadMs of [1000, 5000, 20_000]) {
    const at = Date.now() + leadMs;
    const result = await http.call('POST', `${path}/conference`, as, {
      at: new Date(at).toISOString(),
      location: 'Hall',
    });
    if (result.status === 200) return at;
    if (result.status !== 400 || !JSON.stringify(result.body).includes('in the future')) {
      throw new Error(
        `POST ${path}/conference answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`,
      );
    }
  }
  throw new Error(`POST ${path}/conference: every time offered had passed before the case took it`);
}

/** A plan no coordinator finishes within the bench: restitution of $1M paid a cent at a time. */
export const openPlan =
  (dueInMs: number) =>
  (now: number): Obligation[] => [
    {
      id: 'pay',
      type: 'restitution',
      due: new Date(now + dueInMs).toISOString(),
      amountCents: 100_000_000,
      payee: 'community',
    },
  ];

/** A whole case: referral, every stage, the plan completed, the prosecutor's approval (CLOSED_COMPLETED). */
export async function completeCase(http: BenchHttp, tokens: Tokens): Promise<string> {
  const number = await caseInMonitoring(http, tokens, 'BENCH-LIFE', (now) => [
    {
      id: 'pay',
      type: 'restitution',
      due: new Date(now + 30 * 60_000).toISOString(),
      amountCents: 5_000,
      payee: 'community',
    },
    { id: 'serve', type: 'community_service', due: new Date(now + 30 * 60_000).toISOString(), hours: 4 },
  ]);
  const path = `/cases/${number}`;
  await http.ok('POST', `${path}/obligations/pay/progress`, tokens.coordinator, { amountCents: 5_000 });
  await http.ok('POST', `${path}/obligations/serve/progress`, tokens.coordinator, { hours: 4 });
  const closed = await http.ok<{ stage: string }>('POST', `${path}/closure-approval`, tokens.prosecutor, {
    recommendation: 'dismissal',
  });
  if (closed.stage !== 'CLOSED_COMPLETED') throw new Error(`${number} ended in ${closed.stage}`);
  return number;
}
