import { ACTION_DEADLINES_MS } from '../../src/cases/case-actions.service';
import { startWorker, stopWorker, type RunningWorker } from '../support/servers';
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

/**
 * A case action waits for its case only so long: with the worker gone (no one runs the case's workflow task) the
 * request answers 503 within the deadline instead of hanging, and the key it names finds the action again later,
 * applied once.
 */
describe('a case action whose case does not answer', () => {
  let stack: CaseStack;
  let worker: RunningWorker | undefined;
  let coordinator: string;

  beforeAll(async () => {
    configureCaseStack('action-deadline');
    stack = await startCaseStack();
    coordinator = await token('coordinator', 'alice');
  });

  afterAll(async () => {
    await stopWorker(worker);
    await stack?.close();
  });

  it('answers 503 within the deadline with the key to repeat it with; the repeat gets the outcome, applied once', async () => {
    const number = caseNumber('DEADLINE');
    const admin = await token('admin', 'ada');
    expect((await call(stack.api.url, 'POST', '/cases', { token: admin, body: referral(number) })).status).toBe(201);
    await eventually(async () =>
      expect((await call(stack.api.url, 'GET', `/cases/${number}`, { token: coordinator })).status).toBe(200),
    );

    // No worker polls the case's task queue any more: nobody can take the action.
    await stopWorker(stack.worker);
    const started = Date.now();
    const stuck = await call<{ message: string; idempotencyKey: string }>(
      stack.api.url,
      'POST',
      `/cases/${number}/notes`,
      { token: coordinator, body: { text: 'Called the responsible party; left a message.' } },
    );
    const waitedMs = Date.now() - started;
    expect(stuck.status).toBe(503);
    expect(stuck.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(stuck.body.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(stuck.body.message).toContain(`Idempotency-Key: ${stuck.body.idempotencyKey}`);
    expect(waitedMs).toBeGreaterThanOrEqual(ACTION_DEADLINES_MS.accepted - 500);
    expect(waitedMs).toBeLessThan(ACTION_DEADLINES_MS.answered + 5_000);

    const read = await call(stack.api.url, 'GET', `/cases/${number}`, { token: coordinator });
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toMatch(/^\d+$/);

    // The worker is back; the repeat with the named key joins the same action rather than adding a second note.
    worker = await startWorker();
    const repeated = await call<{ notes: { text: string }[] }>(stack.api.url, 'POST', `/cases/${number}/notes`, {
      token: coordinator,
      body: { text: 'Called the responsible party; left a message.' },
      idempotencyKey: stuck.body.idempotencyKey,
    });
    expect(repeated.status).toBe(200);
    const notes = repeated.body.notes.filter((n) => n.text === 'Called the responsible party; left a message.');
    expect(notes).toHaveLength(1);
  });
});
