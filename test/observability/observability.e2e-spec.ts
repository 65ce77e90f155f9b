import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import { EXPOSED_METRICS } from '../../src/observability/metric-names';
import { tracingSinks } from '../../src/observability/temporal-interceptors';
import { TRACING_PATCH } from '../../src/observability/workflow-tracing.interceptors';
import { diversionCaseWorkflowId } from '../../workflows/diversion-case/diversion-case.contract';
import { call, caseNumber, completeCase, eventually, referral, token } from '../cases/case-api';
import { WORKFLOW_BUNDLE } from '../support/build';
import { configuredDataConverter } from '../support/codec';
import { startObservedStack, stop, type ObservedStack } from './observed-stack';
import { familyNames, parsePrometheus, valueOf, type Sample } from './prometheus-text';

/** What the fixtures' participants are called and how they are reached: none of it may reach a log line. */
const PARTICIPANT_DATA = [
  'Jordan Rivera',
  'jordan@example.org',
  '+15551230001',
  '5551230001',
  'Sam Lee',
  'sam@example.org',
];

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return parsePrometheus(await response.text());
}

/** How many `notify` activities of a case's workflow completed, from its Temporal history. */
async function completedNotifies(client: Client, number: string): Promise<number> {
  const history = await client.workflow.getHandle(diversionCaseWorkflowId(number)).fetchHistory();
  const notifyScheduled = new Set<string>();
  let completed = 0;
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'notify') notifyScheduled.add(String(event.eventId));
    const done = event.activityTaskCompletedEventAttributes;
    if (done && notifyScheduled.has(String(done.scheduledEventId))) completed += 1;
  }
  return completed;
}

async function loggedMessages(
  databaseUrl: string,
): Promise<Array<{ channel: string; event: string; status: string; count: number }>> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ channel: string; event: string; status: string; count: string }>(
      'SELECT channel, event, status, count(*) AS count FROM notification_log GROUP BY 1, 2, 3',
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  } finally {
    await client.end();
  }
}

describe('operating the service: metrics, logs and traces of a short case', () => {
  const taskQueue = `observability-${process.pid}`;
  let stack: ObservedStack;
  let connection: Connection;
  let temporal: Client;
  let alice: string;
  let pat: string;
  const completed = caseNumber('OBS');
  const waiting = caseNumber('OBS');
  let waitingReviews: Array<{ reasonCode: string }> = [];

  beforeAll(async () => {
    stack = await startObservedStack(taskQueue);
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, dataConverter: configuredDataConverter() });
    [alice, pat] = await Promise.all([token('coordinator', 'alice'), token('prosecutor', 'pat')]);

    expect((await call(stack.apiUrl, 'POST', '/cases', { token: alice, body: referral(completed) })).status).toBe(201);
    const closed = await completeCase(stack.apiUrl, { coordinator: alice, prosecutor: pat }, completed, {
      restitutionCents: 5000,
      hours: 10,
    });
    expect(closed.stage).toBe('CLOSED_COMPLETED');
    // A second case left at screening with one-second days, so its screening deadline opens a review.
    const second = referral(waiting, { policy: { dayMs: 1000 } });
    expect((await call(stack.apiUrl, 'POST', '/cases', { token: alice, body: second })).status).toBe(201);
    waitingReviews = await eventually(async () => {
      const { body } = await call<{ reviews: Array<{ reasonCode: string }> }>(
        stack.apiUrl,
        'GET',
        `/cases/${waiting}`,
        {
          token: alice,
        },
      );
      if (body.reviews.length === 0) throw new Error('no review yet');
      return body.reviews;
    }, 60_000);
  });

  afterAll(async () => {
    await connection?.close();
    await stack?.close();
  });

  it('exposes the Temporal SDK metrics and every domain metric on the worker with the values the cases produced', async () => {
    const samples = await eventually(async () => {
      const scraped = await scrape(stack.workerUrl);
      const delivered = (await completedNotifies(temporal, completed)) + (await completedNotifies(temporal, waiting));
      expect(delivered).toBeGreaterThan(0);
      expect(valueOf(scraped, 'diversion_notify_attempts_total', { result: 'delivered' })).toBe(delivered);
      const messages = await loggedMessages(stack.databaseUrl);
      expect(messages.some((m) => m.status === 'pending')).toBe(false);
      // One latency observation per message a provider accepted.
      const sent = messages.filter((m) => m.status === 'sent').reduce((sum, m) => sum + m.count, 0);
      expect(valueOf(scraped, 'diversion_delivery_latency_seconds_count')).toBe(sent);
      return { scraped, messages };
    }, 60_000);
    const { scraped, messages } = samples;

    expect(valueOf(scraped, 'diversion_cases', { stage: 'CLOSED_COMPLETED' })).toBe(1);
    expect(valueOf(scraped, 'diversion_cases', { stage: 'SCREENING' })).toBe(1);
    expect(valueOf(scraped, 'diversion_cases')).toBe(2);
    for (const reason of new Set(waitingReviews.map((review) => review.reasonCode))) {
      expect(valueOf(scraped, 'diversion_open_reviews', { reason })).toBe(
        waitingReviews.filter((review) => review.reasonCode === reason).length,
      );
    }
    expect(valueOf(scraped, 'diversion_open_reviews')).toBe(waitingReviews.length);
    expect(valueOf(scraped, 'diversion_notices_awaiting_acknowledgement', { kind: 'completion' })).toBe(1);
    expect(messages.length).toBeGreaterThan(0);
    for (const { channel, event, count } of messages.filter((m) => m.status === 'sent')) {
      expect(valueOf(scraped, 'diversion_messages', { channel, event, outcome: 'sent' })).toBe(count);
    }
    expect(valueOf(scraped, 'diversion_messages')).toBe(messages.reduce((sum, m) => sum + m.count, 0));
    expect(valueOf(scraped, 'diversion_messages', { channel: 'email', outcome: 'sent' })).toBeGreaterThan(0);
    expect(valueOf(scraped, 'diversion_messages', { channel: 'sms', outcome: 'sent' })).toBeGreaterThan(0);
    expect(valueOf(scraped, 'diversion_delivery_latency_seconds_sum')).toBeGreaterThanOrEqual(0);

    // Every metric the dashboard and the alerts may name (docs/monitoring/, checked by dashboard.spec.ts) is really here.
    expect([...familyNames(scraped)]).toEqual(expect.arrayContaining([...EXPOSED_METRICS.worker]));
    // The SDK's own metrics, merged from its Prometheus exporter, for this worker's task queue.
    const sdk = { task_queue: taskQueue };
    expect(
      valueOf(scraped, 'temporal_worker_task_slots_available', { ...sdk, worker_type: 'WorkflowWorker' }),
    ).toBeGreaterThan(0);
    expect(valueOf(scraped, 'temporal_workflow_task_schedule_to_start_latency_count', sdk)).toBeGreaterThan(0);
    expect(valueOf(scraped, 'temporal_activity_schedule_to_start_latency_count', sdk)).toBeGreaterThan(0);
    // The WorkerNotPolling alert counts these.
    expect(valueOf(scraped, 'temporal_num_pollers', { ...sdk, poller_type: 'workflow_task' })).toBeGreaterThan(0);
  });

  it('counts and times the API requests by route template and status', async () => {
    const scraped = await scrape(stack.apiUrl);
    expect([...familyNames(scraped)]).toEqual(expect.arrayContaining([...EXPOSED_METRICS.api]));

    expect(valueOf(scraped, 'diversion_http_requests_total', { method: 'POST', route: '/cases', status: '201' })).toBe(
      2,
    );
    const screening = { method: 'POST', route: '/cases/:caseNumber/screening' };
    expect(valueOf(scraped, 'diversion_http_requests_total', { ...screening, status: '200' })).toBe(1);
    expect(valueOf(scraped, 'diversion_http_request_duration_seconds_count', screening)).toBe(1);
    expect(scraped.some((s) => s.labels.route?.includes(completed))).toBe(false);
  });

  it('follows one HTTP request into its workflow update and the activities it started', async () => {
    const path = `/cases/${completed}/screening`;
    const request = await eventually(() => {
      const found = stack.spans.find(
        (span) =>
          span.service === 'diversion-api' &&
          [span.attributes['http.target'], span.attributes['url.path']].includes(path),
      );
      if (!found) throw new Error(`no span for POST ${path} among ${stack.spans.length}`);
      return Promise.resolve(found);
    });
    const names = await eventually(() => {
      const inTrace = stack.spans.filter((span) => span.traceId === request.traceId);
      const found = new Set(inTrace.map((span) => `${span.service} ${span.name}`));
      expect([...found]).toEqual(
        expect.arrayContaining([
          'diversion-api StartWorkflowUpdate:decideScreening',
          'diversion-worker ValidateUpdate:decideScreening',
          'diversion-worker HandleUpdate:decideScreening',
          'diversion-worker RunActivity:recordCaseEvents',
          'diversion-worker RunActivity:notify',
        ]),
      );
      return Promise.resolve(found);
    });
    // Nothing else the case did (other requests, other updates) is in this request's trace.
    expect([...names].some((name) => name.includes('recordParticipantResponse'))).toBe(false);
    const exported = JSON.stringify(stack.spans);
    for (const personal of PARTICIPANT_DATA) expect(exported).not.toContain(personal);
  });

  it('keeps each case in its own trace while cases share the workflow thread and its tracer', async () => {
    const cases = [caseNumber('OBS'), caseNumber('OBS')];
    for (const number of cases) {
      expect((await call(stack.apiUrl, 'POST', '/cases', { token: alice, body: referral(number) })).status).toBe(201);
    }
    // Both cases are in the worker's cache, on its one workflow thread: their screenings run at once.
    const answers = await Promise.all(
      cases.map((number) =>
        call(stack.apiUrl, 'POST', `/cases/${number}/screening`, { token: alice, body: { decision: 'accept' } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const traces = await eventually(() => {
      const found = cases.map((number) => {
        const request = stack.spans.find(
          (span) =>
            span.service === 'diversion-api' &&
            [span.attributes['http.target'], span.attributes['url.path']].includes(`/cases/${number}/screening`),
        );
        const inTrace = stack.spans.filter((span) => request && span.traceId === request.traceId);
        const names = inTrace.map((span) => `${span.service} ${span.name}`);
        if (!names.includes('diversion-worker RunActivity:recordCaseEvents')) throw new Error(`${number}: not yet`);
        return names;
      });
      return Promise.resolve(found);
    });
    for (const names of traces) {
      expect(names.filter((name) => name === 'diversion-worker HandleUpdate:decideScreening')).toHaveLength(1);
      expect(names.filter((name) => name === 'diversion-worker RunActivity:recordCaseEvents')).toHaveLength(1);
    }
  });

  it('replays the traced case on the production bundle, which marks the run as traced', async () => {
    const history = await temporal.workflow.getHandle(diversionCaseWorkflowId(completed)).fetchHistory();
    const patches = (history.events ?? []).flatMap((event) =>
      (event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map((payload) =>
        Buffer.from(payload.data ?? []).toString('utf8'),
      ),
    );
    expect(patches.some((patch) => patch.includes(TRACING_PATCH))).toBe(true);

    await expect(
      Worker.runReplayHistory(
        {
          workflowBundle: { code: readFileSync(WORKFLOW_BUNDLE, 'utf8') },
          sinks: tracingSinks(),
          dataConverter: configuredDataConverter(),
        },
        history,
        diversionCaseWorkflowId(completed),
      ),
    ).resolves.toBeUndefined();
  });

  it('writes every log line as JSON, naming the case and never a participant', async () => {
    await Promise.all([stop(stack.api.child), stop(stack.worker.child)]);
    const lines = [...stack.api.stdout, ...stack.worker.stdout];
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });

    const apiLines = parsed.filter((line) => line.service === 'api' && line.caseNumber === completed);
    expect(apiLines.length).toBeGreaterThan(5);
    expect(apiLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          req: expect.objectContaining({ id: expect.any(String) as unknown }) as unknown,
          workflowId: diversionCaseWorkflowId(completed),
          actorId: 'alice',
          actorRoles: 'coordinator',
        }),
      ]),
    );
    const workerLines = parsed.filter((line) => line.service === 'worker' && line.caseNumber === completed);
    expect(workerLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          workflowId: diversionCaseWorkflowId(completed),
          runId: expect.any(String) as unknown,
          activityType: 'notify',
        }),
      ]),
    );
    const everything = [...lines, ...stack.api.stderr, ...stack.worker.stderr].join('\n');
    for (const personal of PARTICIPANT_DATA) expect(everything).not.toContain(personal);
  });
});
