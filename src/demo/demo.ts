import { parseArgs } from 'node:util';
import { loadEnvironment } from '../config/configuration';
import { readDevSecret } from '../auth/dev-secret';
import { DEV_STAFF, devTokensPerRole } from '../auth/dev-token';
import type { StaffRole } from '../auth/auth.types';

/** One policy day lasts a minute: deadlines and reminders run in seconds while the demo walks the cases. */
const DEMO_DAY_MS = 60_000;

type Json = Record<string, unknown>;

class DemoClient {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: Record<StaffRole, string>,
  ) {}

  async send(as: StaffRole, method: string, path: string, body?: unknown): Promise<Json> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.tokens[as]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        'idempotency-key': `demo-${method}-${path.replace(/[^A-Za-z0-9._:-]/g, '_')}`.slice(0, 200),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const parsed = (text ? JSON.parse(text) : {}) as Json;
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return parsed;
  }

  /** Sends and prints one step: who did what, and the stage it left the case in. */
  async step(as: StaffRole, what: string, method: string, path: string, body?: unknown): Promise<Json> {
    const result = await this.send(as, method, path, body);
    const stage = typeof result.stage === 'string' ? ` -> ${result.stage}` : '';
    process.stdout.write(`  ${DEV_STAFF[as].sub.padEnd(6)} (${as.padEnd(11)}) ${what}${stage}\n`);
    return result;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function referral(caseNumber: string, victims: number): Json {
  return {
    caseNumber,
    court: DEV_STAFF.clerk.court,
    jurisdiction: 'Alameda County',
    chargingDeadline: new Date(Date.now() + 400 * DEMO_DAY_MS).toISOString(),
    chargesFiled: false,
    offence: { code: 'PC 594(b)(2)(A)', category: 'vandalism', severity: 'misdemeanor' },
    coordinatorId: DEV_STAFF.coordinator.sub,
    prosecutorId: DEV_STAFF.prosecutor.sub,
    responsibleParty: {
      fullName: 'Jordan Rivera',
      email: 'jordan@example.org',
      phone: '+15551230001',
      timeZone: 'America/Los_Angeles',
      demographics: { ageGroup: '18-24' },
    },
    victims: Array.from({ length: victims }, (_, i) => ({
      fullName: `Sam Lee ${i + 1}`,
      email: `sam${i + 1}@example.org`,
      timeZone: 'America/Los_Angeles',
    })),
    policy: { dayMs: DEMO_DAY_MS },
  };
}

async function completedCase(api: DemoClient, caseNumber: string): Promise<void> {
  process.stdout.write(`\nCase ${caseNumber}: referral to completion\n`);
  const started = await api.step(
    'admin',
    'referred the case (compressed policy)',
    'POST',
    '/cases',
    referral(caseNumber, 1),
  );
  const victims = started.victims as Array<{ victimId: string }>;
  const base = `/cases/${caseNumber}`;
  await api.step('coordinator', 'accepted it at screening', 'POST', `${base}/screening`, { decision: 'accept' });
  await api.step('coordinator', 'recorded the responsible party accepting', 'POST', `${base}/participant-response`, {
    response: 'accept',
    acknowledgesResponsibility: true,
  });
  for (const victim of victims) {
    await api.step(
      'coordinator',
      `recorded victim ${victim.victimId} will take part`,
      'POST',
      `${base}/victims/${victim.victimId}/response`,
      {
        response: 'participate',
      },
    );
  }
  await api.step('coordinator', 'scheduled the conference in 2 seconds', 'POST', `${base}/conference`, {
    at: new Date(Date.now() + 2000).toISOString(),
    location: 'Community Center, Room 2',
  });
  await sleep(2500);
  await api.step('coordinator', 'recorded the conference as held', 'POST', `${base}/conference/outcome`, {
    outcome: 'held',
  });
  const due = new Date(Date.now() + 60 * DEMO_DAY_MS).toISOString();
  await api.step(
    'coordinator',
    'recorded the agreement: $150 restitution, 10 service hours, a letter',
    'POST',
    `${base}/agreement`,
    {
      obligations: [
        {
          id: 'restitution',
          type: 'restitution',
          due,
          amountCents: 15_000,
          payee: victims[0]?.victimId ?? 'community',
        },
        { id: 'service', type: 'community_service', due, hours: 10 },
        { id: 'letter', type: 'apology_letter', due },
      ],
    },
  );
  await api.step('coordinator', 'logged a $150 payment', 'POST', `${base}/obligations/restitution/progress`, {
    amountCents: 15_000,
  });
  await api.step('coordinator', 'logged 10 service hours', 'POST', `${base}/obligations/service/progress`, {
    hours: 10,
  });
  await api.step('coordinator', 'recorded the apology letter', 'POST', `${base}/obligations/letter/progress`, {
    completed: true,
  });
  await api.step('prosecutor', 'approved closure (charges not filed)', 'POST', `${base}/closure-approval`, {
    recommendation: 'charges_not_filed',
  });
  // The notice is issued by an activity after the approval answers: the clerk's inbox has it a moment later.
  const notice = await clerkNotice(api, caseNumber);
  await api.step(
    'clerk',
    `acknowledged completion notice ${String(notice.id)}`,
    'POST',
    `/notices/${String(notice.id)}/acknowledge`,
  );
}

async function clerkNotice(api: DemoClient, caseNumber: string): Promise<Json> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const inbox = (await api.send('clerk', 'GET', '/notices?unacknowledgedOnly=true')) as unknown as Array<Json>;
    const notice = inbox.find((n) => n.caseNumber === caseNumber);
    if (notice) return notice;
    if (Date.now() > deadline) throw new Error(`no completion notice for ${caseNumber} in the clerk inbox after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function returnedCase(api: DemoClient, caseNumber: string): Promise<void> {
  process.stdout.write(`\nCase ${caseNumber}: returned to prosecution\n`);
  await api.step('admin', 'referred the case (compressed policy)', 'POST', '/cases', referral(caseNumber, 1));
  const base = `/cases/${caseNumber}`;
  await api.step('prosecutor', 'accepted it at screening', 'POST', `${base}/screening`, { decision: 'accept' });
  await api.step('coordinator', 'recorded the responsible party declining', 'POST', `${base}/participant-response`, {
    response: 'decline',
  });
  await api.step('coordinator', 'noted the conversation', 'POST', `${base}/notes`, {
    text: 'Responsible party declined at the intake meeting; asked for the prosecutor to decide.',
  });
  await api.step('prosecutor', 'returned the case to prosecution', 'POST', `${base}/return`, {
    reasonCode: 'PARTICIPANT_DECLINED',
    note: 'Declined the program',
  });
}

/** `npm run demo`: walks two sample cases through a running `npm start` over HTTP, printing each step. */
async function main(): Promise<void> {
  const environment = loadEnvironment();
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  const baseUrl = values.url ?? `http://localhost:${environment.app.port}`;
  const secret = environment.auth.jwtSecret ?? readDevSecret(environment.embedded.dataDir);
  if (!secret) throw new Error('no signing secret: start the stack with `npm start` first, or set AUTH_JWT_SECRET');
  const tokens = Object.fromEntries((await devTokensPerRole(secret)).map(([role, , token]) => [role, token])) as Record<
    StaffRole,
    string
  >;
  const api = new DemoClient(baseUrl, tokens);
  const suffix = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  process.stdout.write(`Demo against ${baseUrl}\n`);
  await completedCase(api, `DEMO-${suffix}-A`);
  await returnedCase(api, `DEMO-${suffix}-B`);
  process.stdout.write(`\nDone. The audit trails: GET ${baseUrl}/cases/DEMO-${suffix}-A/events (and -B)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
