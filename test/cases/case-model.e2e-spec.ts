import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { NotificationLogEntity } from '../../src/notifications/notification-log.entity';
import { StaffService } from '../../src/staff/staff.service';
import {
  COORDINATOR_ID_ATTRIBUTE,
  diversionCaseWorkflowId,
} from '../../workflows/diversion-case/diversion-case.contract';
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

configureCaseStack('case-model');

interface ReviewBody {
  id: string;
  reasonCode: string;
  assignee: string;
  about: { kind: string; id: string };
}

interface CaseBody {
  stage: string;
  coordinatorId: string;
  reviews: ReviewBody[];
  resolvedReviews: Array<ReviewBody & { resolution: string; resolvedBy?: string }>;
  notes: unknown[];
  pendingActions: Array<{ action: string; roles: string[] }>;
}

/** The actions a person takes that live inside the workflow: reassignment, return requests, one key per request. */
describe('the case model over HTTP', () => {
  let stack: CaseStack;
  let url: string;
  let alice: string;
  let pat: string;
  let ada: string;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    [alice, pat, ada] = await Promise.all([
      token('coordinator', 'alice'),
      token('prosecutor', 'pat'),
      token('admin', 'ada'),
    ]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const start = async (prefix: string, overrides: Record<string, unknown> = {}): Promise<string> => {
    const number = caseNumber(prefix);
    const created = await call(url, 'POST', '/cases', { token: alice, body: referral(number, overrides) });
    expect(created.status).toBe(201);
    return number;
  };

  // Defect: the assignment moved only the projection; the workflow, its search attribute and its alerts stayed put.
  it('reassigns inside the workflow: the live case, the search attribute, access and every later alert follow', async () => {
    await stack.api.app.get(StaffService).upsert({
      id: 'bruno',
      role: 'coordinator',
      fullName: 'Bruno Diaz',
      email: 'bruno@program.test',
    });
    // One policy day is two seconds: the screening deadline (2 business days) passes a few seconds after the move.
    const number = await start('MODEL-MOVE', { policy: { dayMs: 2000 } });

    const moved = await call<CaseBody>(url, 'POST', `/cases/${number}/assignment`, {
      token: ada,
      body: { coordinatorId: 'bruno', reason: 'on leave' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.coordinatorId).toBe('bruno');

    const bruno = await token('coordinator', 'bruno');
    const live = await call<CaseBody>(url, 'GET', `/cases/${number}`, { token: bruno });
    expect(live.status).toBe(200);
    expect(live.body.coordinatorId).toBe('bruno');
    expect((await call(url, 'GET', `/cases/${number}`, { token: alice })).status).toBe(403);
    const listed = await call<Array<{ caseNumber: string }>>(url, 'GET', '/cases?coordinatorId=bruno', { token: ada });
    expect(listed.body.map((c) => c.caseNumber)).toContain(number);

    const described = await stack.api.app.get(Client).workflow.getHandle(diversionCaseWorkflowId(number)).describe();
    expect(described.typedSearchAttributes.get(COORDINATOR_ID_ATTRIBUTE)).toBe('bruno');

    const log = stack.api.app.get(DataSource).getRepository(NotificationLogEntity);
    const alerts = await eventually(async () => {
      const rows = await log.findBy({ caseNumber: number, event: 'review_opened' });
      if (rows.length === 0) throw new Error('no review alert yet');
      return rows;
    }, 20_000);
    expect(alerts.map((r) => r.recipientId)).toEqual(alerts.map(() => 'bruno'));
    const told = await log.findBy({ caseNumber: number, event: 'case_assigned' });
    expect(told.map((r) => r.recipientId)).toContain('bruno');

    const events = await call<Array<{ type: string; actor: { id: string }; details: Record<string, unknown> }>>(
      url,
      'GET',
      `/cases/${number}/events`,
      { token: bruno },
    );
    expect(events.body.find((e) => e.type === 'coordinator_reassigned')).toMatchObject({
      actor: { id: 'ada' },
      details: { from: 'alice', to: 'bruno', reason: 'on leave' },
    });
  });

  // Defect: the key was the update id, so Temporal answered a different request with the first one's result.
  it('binds an Idempotency-Key to one request: another request under it is 422 and applies nothing', async () => {
    const number = await start('MODEL-KEY');
    const key = `note-${number}`;
    const first = await call<CaseBody>(url, 'POST', `/cases/${number}/notes`, {
      token: alice,
      idempotencyKey: key,
      body: { text: 'Left a voicemail for the responsible party' },
    });
    expect(first.status).toBe(200);

    const again = await call<CaseBody>(url, 'POST', `/cases/${number}/notes`, {
      token: alice,
      idempotencyKey: key,
      body: { text: 'Left a voicemail for the responsible party' },
    });
    expect(again.status).toBe(200);
    expect(again.body.notes).toHaveLength(1);

    const reused = [
      await call(url, 'POST', `/cases/${number}/notes`, {
        token: alice,
        idempotencyKey: key,
        body: { text: 'A different note' },
      }),
      await call(url, 'POST', `/cases/${number}/screening`, {
        token: alice,
        idempotencyKey: key,
        body: { decision: 'accept' },
      }),
      await call(url, 'POST', `/cases/${number}/return`, {
        token: pat,
        idempotencyKey: key,
        body: { reasonCode: 'NEW_CHARGES' },
      }),
    ];
    expect(reused.map((r) => r.status)).toEqual([422, 422, 422]);
    expect(reused[2]?.body.message).toMatch(
      new RegExp(`the Idempotency-Key ${key} was already used for a different request`),
    );

    const after = await call<CaseBody>(url, 'GET', `/cases/${number}`, { token: alice });
    expect(after.body).toMatchObject({ stage: 'SCREENING', notes: [expect.anything()] });
  });

  // Defect: the coordinator's return went straight to returnToProsecution and closed the case (docs/design.md §7).
  it("makes a coordinator's return a request the prosecutor decides", async () => {
    const number = await start('MODEL-RETURN');
    const requested = await call<CaseBody>(url, 'POST', `/cases/${number}/return`, {
      token: alice,
      body: { reasonCode: 'PARTICIPANT_UNREACHABLE', note: 'No answer for three weeks' },
    });
    expect(requested.status).toBe(200);
    expect(requested.body.stage).toBe('SCREENING');
    expect(requested.body.reviews).toEqual([
      expect.objectContaining({ reasonCode: 'RETURN_REQUESTED', assignee: 'prosecutor' }),
    ]);
    const reviewId = requested.body.reviews[0]?.id ?? '';

    const patsTasks = await call<Array<{ caseNumber: string; kind: string; reviewId?: string }>>(url, 'GET', '/tasks', {
      token: pat,
    });
    expect(patsTasks.body.filter((t) => t.caseNumber === number)).toEqual([
      expect.objectContaining({ kind: 'resolve_review', reviewId }),
      expect.objectContaining({ kind: 'decideScreening' }),
    ]);
    const alicesTasks = await call<Array<{ caseNumber: string; kind: string }>>(url, 'GET', '/tasks', {
      token: alice,
    });
    expect(alicesTasks.body.filter((t) => t.caseNumber === number).map((t) => t.kind)).toEqual(['decideScreening']);

    // The coordinator cannot settle it; the prosecutor declines it, and the case goes on.
    const byCoordinator = await call(url, 'POST', `/cases/${number}/reviews/${reviewId}/dismissal`, {
      token: alice,
      body: { reason: 'Changed my mind' },
    });
    expect(byCoordinator.status).toBe(409);
    const declined = await call<CaseBody>(url, 'POST', `/cases/${number}/reviews/${reviewId}/dismissal`, {
      token: pat,
      body: { reason: 'Give it two more weeks' },
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ stage: 'SCREENING', reviews: [] });
    expect(declined.body.resolvedReviews).toEqual([
      expect.objectContaining({ id: reviewId, resolution: 'dismissed', resolvedBy: 'pat' }),
    ]);

    const returned = await call<CaseBody>(url, 'POST', `/cases/${number}/return`, {
      token: pat,
      body: { reasonCode: 'PARTICIPANT_UNREACHABLE' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body.stage).toBe('CLOSED_RETURNED');
  });

  it('names the field a workflow validator refuses, and answers 409 for what the stage does not allow', async () => {
    const number = await start('MODEL-FIELDS');
    const unknownReview = await call(url, 'POST', `/cases/${number}/reviews/R99/dismissal`, {
      token: alice,
      body: { reason: 'No such review' },
    });
    expect(unknownReview.status).toBe(400);
    expect(unknownReview.body).toMatchObject({ field: 'reviewId', message: ['review R99 is not open on this case'] });
  });
});
