import { mintDevToken } from '../../src/auth/dev-token';
import type { StaffRole } from '../../src/auth/auth.types';
import { startApi, startWorker, stopWorker, type RunningApi, type RunningWorker } from '../support/servers';

export const TEST_JWT_SECRET = 'e2e-secret-for-the-case-api-tests-0123456789';

/**
 * Sets what the API and worker of one test file read: its own task queue (so other files' workers never take its
 * tasks), the signing secret, and the policy override that lets tests run compressed cases. Call before starting.
 */
export function configureCaseStack(queue: string): void {
  process.env.TEMPORAL_TASK_QUEUE = `${queue}-${process.pid}`;
  process.env.AUTH_JWT_SECRET = TEST_JWT_SECRET;
  process.env.ALLOW_POLICY_OVERRIDE = 'true';
  process.env.OUTBOX_DIR ??= `/tmp/diversion-e2e-outbox-${process.pid}`;
}

export interface CaseStack {
  api: RunningApi;
  worker: RunningWorker;
  close(): Promise<void>;
}

/** The real API and the real worker (its activities and workflow code), both on this file's task queue. */
export async function startCaseStack(): Promise<CaseStack> {
  const worker = await startWorker();
  const api = await startApi();
  return {
    api,
    worker,
    async close() {
      await stopWorker(worker);
      await api.app.close();
    },
  };
}

export function token(role: StaffRole | StaffRole[], sub: string, court?: string): Promise<string> {
  return mintDevToken(TEST_JWT_SECRET, {
    sub,
    roles: Array.isArray(role) ? role : [role],
    ...(court ? { court } : {}),
  });
}

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call to the API: JSON in, JSON (or text) out. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; idempotencyKey?: string; rawBody?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export { caseNumber, referral } from './referral';

export { eventually } from '../support/eventually';

export interface StaffTokens {
  coordinator: string;
  prosecutor: string;
}

/** Drives a started case through every stage to CLOSED_COMPLETED over HTTP; returns the final case. */
export async function completeCase(
  url: string,
  tokens: StaffTokens,
  number: string,
  plan: { restitutionCents: number; hours: number },
): Promise<Record<string, unknown>> {
  const expectOk = async (method: string, path: string, as: string, body?: unknown) => {
    const result = await call(url, method, path, { token: as, body });
    if (result.status !== 200)
      throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const started = (await expectOk('GET', `/cases/${number}`, tokens.coordinator)) as {
    victims: { victimId: string }[];
  };
  await expectOk('POST', `/cases/${number}/screening`, tokens.coordinator, { decision: 'accept' });
  await expectOk('POST', `/cases/${number}/participant-response`, tokens.coordinator, {
    response: 'accept',
    acknowledgesResponsibility: true,
  });
  for (const victim of started.victims) {
    await expectOk('POST', `/cases/${number}/victims/${victim.victimId}/response`, tokens.coordinator, {
      response: 'participate',
    });
  }
  await expectOk('POST', `/cases/${number}/conference`, tokens.coordinator, {
    at: new Date(Date.now() + 800).toISOString(),
    location: 'Community Center',
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await expectOk('POST', `/cases/${number}/conference/outcome`, tokens.coordinator, { outcome: 'held' });
  const due = new Date(Date.now() + 30 * 60_000).toISOString();
  await expectOk('POST', `/cases/${number}/agreement`, tokens.coordinator, {
    obligations: [
      { id: 'pay', type: 'restitution', due, amountCents: plan.restitutionCents, payee: 'community' },
      { id: 'serve', type: 'community_service', due, hours: plan.hours },
    ],
  });
  await expectOk('POST', `/cases/${number}/obligations/pay/progress`, tokens.coordinator, {
    amountCents: plan.restitutionCents,
  });
  await expectOk('POST', `/cases/${number}/obligations/serve/progress`, tokens.coordinator, { hours: plan.hours });
  return expectOk('POST', `/cases/${number}/closure-approval`, tokens.prosecutor, { recommendation: 'dismissal' });
}
