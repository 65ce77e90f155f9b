import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { messageIdFor } from '../../src/notifications/notification-dispatcher.service';
import { ParticipantsService } from '../../src/participants/participants.service';
import { StaffService } from '../../src/staff/staff.service';
import {
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  getCase,
  type CaseView,
  type NotificationChannel,
  type Referral,
} from '../../workflows/diversion-case/diversion-case.contract';
import type { diversionCaseWorkflow } from '../../workflows/diversion-case/diversion-case.workflow';
import { compressedPolicy, DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { obligationSchedule } from '../../workflows/diversion-case/schedules';
import { call, eventually, TEST_JWT_SECRET, token } from '../cases/case-api';
import {
  overrideEnvironment,
  restoreEnvironment,
  TestSmtpServer,
  TwilioStandIn,
} from '../notifications/fake-providers';
import { configuredDataConverter } from '../support/codec';
import { startApi, type RunningApi } from '../support/servers';
import { formatTable } from './fault-table';
import { LiveStack } from './live-stack';

/**
 * One policy day is 5 s. Each obligation has one reminder, 5 days (25 s) before it is due, and its overdue notice a
 * day after: one reminder per series, so none can be superseded by the next, and a tolerance as long as the lead, so
 * a reminder is skipped as late only when its case woke more than 25 s late (counted, never hidden). A SIGKILL costs
 * the cases the dead worker had cached about 10 s (their tasks wait out its sticky queue's schedule-to-start timeout),
 * and two kills in a row about twice that.
 */
const DAY_MS = 5_000;
const REMINDER_DAYS_BEFORE = 5;
const POLICY = compressedPolicy(DAY_MS, {
  reminders: {
    ...DEFAULT_POLICY.reminders,
    obligationDaysBefore: [REMINDER_DAYS_BEFORE],
    overdueNoticeDaysAfterDue: 1,
    obligationGraceDays: 60,
    lateToleranceHours: REMINDER_DAYS_BEFORE * 24,
  },
});
const CASES = 8;
const KILLS = 4;
const OBLIGATIONS_PER_CASE = 4;
/** The reminders come due one after another from FIRST_REMINDER_MS after the agreements, every SPACING_MS. */
const FIRST_REMINDER_MS = 5_000;
const SPACING_MS = 1_850;
const SEED = Number(process.env.LIVE_FAULTS_SEED ?? 20_261_203);
const COORDINATOR = { id: 'live-coord', email: 'coordinator@live-faults.test' };
const PROSECUTOR = 'live-pros';
/** After the faults, a case that does not answer a GET or an action within this long counts as stuck. */
const ANSWER_WITHIN_MS = 15_000;

/** mulberry32: the kill moments and outage lengths come from the seed, so a failing run can be run again. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sleepUntil = (atMs: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - Date.now())));

interface CaseUnderTest {
  number: string;
  rp: { id: string; email: string; phone: string };
  victimId: string;
  obligations: Array<{ id: string; dueMs: number }>;
}

/** One message on one channel that the policy schedules in the window: the truth of "expected". */
interface ExpectedMessage {
  caseNumber: string;
  requestKey: string;
  logicalKey: string;
  channel: NotificationChannel;
  /** When the policy has it go out; it decides which fault's row the message counts in. */
  atMs: number;
  event: string;
  obligationId: string;
  label: string;
}

interface Phase {
  name: string;
  fromMs: number;
}

/**
 * A row's figures, in the table's order. skippedLate: reminders the policy skipped because their case woke too late;
 * emailDuplicates: extra copies of an email under its own Message-ID (allowed after an ambiguous SMTP outcome);
 * smsDuplicates: texts the stand-in took that are not the one attributed to their logical message (must be 0);
 * unexplained: emails whose Message-ID is no logical message's own (must be 0).
 */
const COUNTS = [
  'expected',
  'claimed',
  'delivered',
  'skippedLate',
  'surfacedAsReview',
  'lost',
  'emailDuplicates',
  'smsDuplicates',
  'unexplained',
] as const;

type Row = { phase: string } & Record<(typeof COUNTS)[number], number>;

/**
 * The suite reads every case during the kills. That found a defect: a GET in the seconds after a kill was a workflow
 * query, and one reaching the new worker while the case's timer task still waited on the dead worker's sticky queue
 * left cases with a history their code no longer replays ("Nondeterminism error: Activity machine does not handle
 * this event: TimerStarted"; the SDK ran the fired timer at the previous task's time), so they never ran again and
 * lost every later message. Reads now come from the projection the workflow writes, never a query.
 */
describe('the live stack under worker kills and server restarts (npm run test:faults)', () => {
  const stack = new LiveStack();
  const smtp = new TestSmtpServer();
  const twilio = new TwilioStandIn();
  const random = seededRandom(SEED);
  const run = String(Date.now()).slice(-5);
  let api: RunningApi;
  let connection: Connection;
  let client: Client;
  let coordinator: string;
  const cases: CaseUnderTest[] = [];
  const notes: string[] = [];
  /** Cases whose state could not be read (a query refused), with the reason. */
  const unreadable = new Map<string, string>();

  beforeAll(async () => {
    await Promise.all([smtp.start(), twilio.start(), stack.startServers()]);
    overrideEnvironment({
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_TASK_QUEUE: `live-faults-${process.pid}`,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      TWILIO_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'live-faults-auth-token',
      TWILIO_FROM: '+15550009999',
    });
    stack.startWorker({ ...process.env });
    api = await startApi();
    await stack.workerReady();
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection, dataConverter: configuredDataConverter() });
    coordinator = await token('coordinator', COORDINATOR.id);
    await api.app.get(StaffService, { strict: false }).upsert({
      id: COORDINATOR.id,
      role: 'coordinator',
      fullName: 'Cora Coordinator',
      email: COORDINATOR.email,
    });
  });

  afterAll(async () => {
    await connection?.close();
    await api?.app.close();
    await stack.stop();
    await Promise.all([smtp.stop(), twilio.stop()]);
    restoreEnvironment();
  });

  async function act(number: string, path: string, body: unknown): Promise<CaseView> {
    const answer = await call<CaseView>(api.url, 'POST', `/cases/${number}${path}`, { token: coordinator, body });
    if (answer.status !== 200)
      throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Starts a case (participants first, as the API does) and brings it to the agreement over HTTP. */
  async function caseAtAgreement(index: number): Promise<CaseUnderTest> {
    const number = `LIVE-${run}-${index}`;
    const suffix = String(index).padStart(4, '0');
    const rp = { id: `${number}-rp`, email: `rp-${index}@live-faults.test`, phone: `+1555031${suffix}` };
    const victimId = `${number}-victim`;
    await api.app.get(ParticipantsService, { strict: false }).createForCase(number, [
      { ...rp, role: 'responsible_party', fullName: 'Rae Parker', timeZone: 'UTC' },
      {
        id: victimId,
        role: 'victim',
        fullName: 'Val Quinn',
        email: `victim-${index}@live-faults.test`,
        timeZone: 'UTC',
      },
    ]);
    const now = Date.now();
    const referral: Referral = {
      caseNumber: number,
      court: 'live-faults-court',
      jurisdiction: 'county-1',
      chargingDeadlineMs: now + 400 * DAY_MS,
      chargesFiled: false,
      offence: { code: 'PC-594', category: 'vandalism', severity: 'misdemeanor' },
      responsiblePartyId: rp.id,
      victimIds: [victimId],
      coordinatorId: COORDINATOR.id,
      prosecutorId: PROSECUTOR,
      referralDateMs: now,
    };
    await client.workflow.start<typeof diversionCaseWorkflow>(DIVERSION_CASE_WORKFLOW_TYPE, {
      taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
      workflowId: diversionCaseWorkflowId(number),
      args: [{ referral, policy: POLICY }],
    });
    // The projection the API finds a case by is written by the worker's first record of it.
    await eventually(async () => {
      const answer = await call(api.url, 'GET', `/cases/${number}`, { token: coordinator });
      if (answer.status !== 200) throw new Error(`GET /cases/${number} answered ${answer.status}`);
    });
    await act(number, '/screening', { decision: 'accept' });
    await act(number, '/participant-response', { response: 'accept', acknowledgesResponsibility: true });
    await act(number, `/victims/${victimId}/response`, { response: 'participate' });
    const conferenceAtMs = Date.now() + 1_500;
    await act(number, '/conference', { at: new Date(conferenceAtMs).toISOString(), location: 'Community Center' });
    await sleepUntil(conferenceAtMs + 300);
    await act(number, '/conference/outcome', { outcome: 'held' });
    return { number, rp, victimId, obligations: [] };
  }

  /** Obligation k (across all cases) has its reminder k·SPACING_MS after the first: the window sees a steady stream. */
  async function agree(c: CaseUnderTest, index: number, baseMs: number): Promise<void> {
    c.obligations = Array.from({ length: OBLIGATIONS_PER_CASE }, (_, j) => {
      const reminderAtMs = baseMs + FIRST_REMINDER_MS + (j * CASES + index) * SPACING_MS;
      return { id: `ob${j}`, dueMs: reminderAtMs + REMINDER_DAYS_BEFORE * DAY_MS };
    });
    const view = await act(c.number, '/agreement', {
      obligations: c.obligations.map((o) => ({ id: o.id, type: 'education', due: new Date(o.dueMs).toISOString() })),
    });
    if (view.stage !== 'MONITORING') throw new Error(`${c.number} is in ${view.stage} after its agreement`);
  }

  function expectedMessages(agreedAtMs: number): ExpectedMessage[] {
    const messages: ExpectedMessage[] = [];
    for (const c of cases) {
      for (const o of c.obligations) {
        for (const instant of obligationSchedule(POLICY, o.dueMs, agreedAtMs)) {
          const sends: Array<[string, string, string, NotificationChannel[]]> =
            instant.label === 'review'
              ? []
              : instant.label === 'overdue'
                ? [
                    ['obligation_overdue', c.rp.id, `${o.id}@${o.dueMs}-${instant.label}`, ['email', 'sms']],
                    ['obligation_overdue_alert', COORDINATOR.id, `${o.id}@${o.dueMs}`, ['email']],
                  ]
                : [['obligation_reminder', c.rp.id, `${o.id}@${o.dueMs}-${instant.label}`, ['email', 'sms']]];
          for (const [event, recipientId, occurrence, channels] of sends) {
            const requestKey = `${c.number}:${event}:${recipientId}:${occurrence}`;
            for (const channel of channels) {
              messages.push({
                caseNumber: c.number,
                requestKey,
                logicalKey: `${requestKey}:${channel}`,
                channel,
                atMs: instant.atMs,
                event,
                obligationId: o.id,
                label: instant.label,
              });
            }
          }
        }
      }
    }
    return messages;
  }

  /** GET of every case, as a coordinator's case list would open them: each must answer 200 at once. */
  async function readEveryCase(): Promise<void> {
    for (const c of cases) {
      const got = await call(api.url, 'GET', `/cases/${c.number}`, { token: coordinator });
      if (got.status !== 200) throw new Error(`GET /cases/${c.number} answered ${got.status} during the faults`);
    }
  }

  /** Injects the faults one after another at seeded moments; returns when each began, for the table's rows. */
  async function injectFaults(baseMs: number): Promise<Phase[]> {
    const phases: Phase[] = [{ name: `kill -9 worker x${KILLS}`, fromMs: baseMs + 4_000 }];
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleepUntil(baseMs + 4_000 + kill * 7_500 + random() * 3_000);
      const at = Date.now();
      await stack.killWorker();
      // Coordinators keep reading their cases while the worker is gone and just after it is back: those reads used
      // to be workflow queries, and one reaching the new worker could leave its case unable to replay for good.
      await readEveryCase();
      await stack.workerReady();
      const readyMs = Date.now() - at;
      await readEveryCase();
      notes.push(`kill ${kill + 1} at +${seconds(at - baseMs)} s: worker ready ${readyMs} ms later, every case read`);
    }
    for (const [name, stop, start, at] of [
      ['Temporal restart', () => stack.stopTemporal(), () => stack.startTemporal(), 36_000],
      ['PostgreSQL restart', () => stack.stopPostgres(), () => stack.startPostgres(), 50_000],
    ] as const) {
      await sleepUntil(baseMs + at + random() * 2_000);
      const stoppedAt = Date.now();
      phases.push({ name, fromMs: stoppedAt });
      await stop();
      await sleepUntil(Date.now() + 2_000 + random() * 2_000);
      await start();
      const back = Date.now();
      await stack.workerReady();
      notes.push(
        `${name} at +${seconds(stoppedAt - baseMs)} s: down ${back - stoppedAt} ms, worker ready ${Date.now() - back} ms after`,
      );
    }
    // A message due soon after the last outage still meets its after-effects (retry backoff): it counts with it.
    phases.push({ name: 'no fault (after)', fromMs: Date.now() + 10_000 });
    return phases;
  }

  async function logRows(): Promise<Map<string, { status: string; providerId: string | null }>> {
    const db = new PgClient({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ logical_key: string; status: string; provider_id: string | null }>(
        'SELECT logical_key, status, provider_id FROM notification_log WHERE case_number = ANY($1)',
        [cases.map((c) => c.number)],
      );
      return new Map(rows.map((r) => [r.logical_key, { status: r.status, providerId: r.provider_id }]));
    } finally {
      await db.end();
    }
  }

  /** Each case's skipped reminders (`case|obligation:label` → reason) and the message keys surfaced as reviews. */
  async function caseOutcomes(): Promise<{ skipped: Map<string, string>; surfaced: Set<string> }> {
    const skipped = new Map<string, string>();
    const surfaced = new Set<string>();
    for (const c of cases) {
      const handle = client.workflow.getHandle(diversionCaseWorkflowId(c.number));
      const view = await handle.query(getCase).catch(async (error: unknown) => {
        unreadable.set(c.number, (await workflowTaskFailure(c.number)) ?? String(error));
        return undefined;
      });
      for (const event of view?.history ?? []) {
        const d = event.details ?? {};
        if (event.type === 'reminder_skipped') {
          skipped.set(`${c.number}|${String(d.obligationId)}:${String(d.label)}`, String(d.reason));
        }
        if (event.type === 'DELIVERY_FAILED') surfaced.add(String(d.messageKey));
      }
    }
    return { skipped, surfaced };
  }

  /** The last workflow task failure in a case's history: why its worker could not run it. */
  async function workflowTaskFailure(number: string): Promise<string | undefined> {
    const history = await client.workflow.getHandle(diversionCaseWorkflowId(number)).fetchHistory();
    const failed = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).at(-1);
    const failure = failed?.workflowTaskFailedEventAttributes?.failure;
    return failure
      ? `workflow task failed: ${failure.message ?? ''} ${failure.stackTrace ?? ''}`.slice(0, 2000)
      : undefined;
  }

  /**
   * Each expected message's outcome, from the log (claimed), the providers (delivered) and the cases' histories
   * (skipped, surfaced); and every copy a provider took that no logical message accounts for.
   */
  async function outcomes(expected: ExpectedMessage[]) {
    const [log, { skipped, surfaced }] = await Promise.all([logRows(), caseOutcomes()]);
    const sids = new Set(twilio.messages.map((m) => m.sid));
    const perMessage = expected.map((m) => {
      const row = log.get(m.logicalKey);
      const id = messageIdFor(m.logicalKey);
      const copies = m.channel === 'email' ? smtp.received.filter((r) => r.messageId === id).length : 0;
      const delivered = m.channel === 'email' ? copies > 0 : row?.status === 'sent' && sids.has(row.providerId ?? '');
      const skip =
        m.event === 'obligation_reminder' ? skipped.get(`${m.caseNumber}|${m.obligationId}:${m.label}`) : undefined;
      const state = delivered
        ? 'delivered'
        : skip
          ? 'skipped'
          : surfaced.has(m.requestKey)
            ? 'surfaced'
            : 'outstanding';
      return { message: m, claimed: row !== undefined, state, copies, skip };
    });
    const attributed = new Set([...log.values()].map((r) => r.providerId));
    const ownIds = new Set([...log.keys()].filter((k) => k.endsWith(':email')).map(messageIdFor));
    const phones = new Set(cases.map((c) => c.rp.phone));
    return {
      perMessage,
      extraTextsAtMs: twilio.messages.filter((t) => phones.has(t.to) && !attributed.has(t.sid)).map((t) => t.createdMs),
      unexplainedMailsAtMs: smtp.received
        .filter((mail) => !mail.messageId || !ownIds.has(mail.messageId))
        .map((mail) => mail.date?.getTime() ?? Date.now()),
    };
  }

  it('loses no reminder, never texts twice, repeats an email only under its Message-ID, and leaves no case stuck', async () => {
    cases.push(...(await Promise.all(Array.from({ length: CASES }, (_, index) => caseAtAgreement(index)))));
    const baseMs = Date.now() + 2_000;
    await Promise.all(cases.map((c, index) => agree(c, index, baseMs)));
    const agreedAtMs = Date.now();
    const expected = expectedMessages(agreedAtMs);
    expect(expected.length).toBe(CASES * OBLIGATIONS_PER_CASE * 5);

    const phases = await injectFaults(baseMs);

    // Wait until every scheduled message went out, was skipped or surfaced. A worker killed inside an activity leaves
    // it to its start-to-close timeout (a minute) before Temporal retries it: the kills end a minute before this.
    const lastAtMs = Math.max(...expected.map((m) => m.atMs));
    const settleBy = Math.max(lastAtMs, phases[1]!.fromMs + 60_000) + 30_000;
    let settled = await outcomes(expected);
    while (
      Date.now() < settleBy &&
      (Date.now() < lastAtMs || settled.perMessage.some((o) => o.state === 'outstanding'))
    ) {
      await sleepUntil(Date.now() + 2_000);
      settled = await outcomes(expected);
    }
    notes.push(`settled ${seconds(Date.now() - lastAtMs)} s after the last message was due`);

    const stuck = await stuckCases();
    for (const [number, reason] of unreadable) notes.push(`${number} could not be read: ${reason}`);
    const unasked = stack.workerStarts - 1 - KILLS;
    notes.push(
      `worker started ${stack.workerStarts} times: once, after ${KILLS} kills, after ${unasked} exits of its own`,
    );
    const table = rows(phases, settled);
    if (stuck.length > 0 || unreadable.size > 0 || table.some((r) => r.lost > 0)) {
      notes.push(`the worker's last words:\n    ${stack.log.slice(-30).join('\n    ')}`);
    }
    printTable(table, stuck, notes);

    for (const row of table) {
      expect({
        phase: row.phase,
        lost: row.lost,
        smsDuplicates: row.smsDuplicates,
        unexplained: row.unexplained,
      }).toEqual({ phase: row.phase, lost: 0, smsDuplicates: 0, unexplained: 0 });
    }
    expect(stuck).toEqual([]);
    expect(stack.gaveUp).toBe(false);
    // A failing run waits out the settling time above and the answers below: more than the tier's usual deadline.
  }, 300_000);

  /** After the faults every case answers a GET and actions, and reaches closure review once its plan is done. */
  async function stuckCases(): Promise<string[]> {
    const stuck: string[] = [];
    let slowestMs = 0;
    for (const c of cases) {
      const started = Date.now();
      try {
        const got = await call<CaseView>(api.url, 'GET', `/cases/${c.number}`, { token: coordinator });
        if (got.status !== 200 || got.body.stage !== 'MONITORING')
          throw new Error(`GET answered ${got.status}: ${JSON.stringify(got.body).slice(0, 300)}`);
        for (const o of c.obligations) await act(c.number, `/obligations/${o.id}/progress`, { completed: true });
        slowestMs = Math.max(slowestMs, Date.now() - started);
        if (Date.now() - started > ANSWER_WITHIN_MS) throw new Error(`answered after ${Date.now() - started} ms`);
        await eventually(async () => {
          const view = await call<CaseView>(api.url, 'GET', `/cases/${c.number}`, { token: coordinator });
          if (view.body.stage !== 'CLOSURE_REVIEW') throw new Error(`still ${view.body.stage}`);
        }, 20_000);
      } catch (error) {
        stuck.push(`${c.number}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    notes.push(
      `after the faults, the slowest case answered a GET and ${OBLIGATIONS_PER_CASE} actions in ${slowestMs} ms`,
    );
    return stuck;
  }

  function rows(phases: Phase[], settled: Awaited<ReturnType<typeof outcomes>>): Row[] {
    const phaseOf = (atMs: number) => [...phases].reverse().find((p) => p.fromMs <= atMs)?.name ?? 'before the faults';
    const table = new Map<string, Row>();
    const rowAt = (atMs: number): Row => {
      const phase = phaseOf(atMs);
      let row = table.get(phase);
      if (!row) {
        row = { phase, ...Object.fromEntries(COUNTS.map((count) => [count, 0])) } as Row;
        table.set(phase, row);
      }
      return row;
    };
    for (const p of phases) rowAt(p.fromMs);
    for (const o of settled.perMessage) {
      const row = rowAt(o.message.atMs);
      row.expected += 1;
      if (o.claimed) row.claimed += 1;
      if (o.state === 'delivered') row.delivered += 1;
      if (o.state === 'skipped') row.skippedLate += 1;
      if (o.state === 'surfaced') row.surfacedAsReview += 1;
      if (o.state === 'outstanding') row.lost += 1;
      row.emailDuplicates += Math.max(0, o.copies - 1);
    }
    for (const atMs of settled.extraTextsAtMs) rowAt(atMs).smsDuplicates += 1;
    for (const atMs of settled.unexplainedMailsAtMs) rowAt(atMs).unexplained += 1;
    const lost = settled.perMessage.filter((o) => o.state === 'outstanding');
    if (lost.length > 0) {
      const listed = lost.slice(0, 10).map((o) => `${o.message.logicalKey}${o.claimed ? ' (claimed)' : ''}`);
      notes.push(`lost: ${listed.join(', ')}${lost.length > 10 ? ', ...' : ''}`);
    }
    const skips = settled.perMessage.filter((o) => o.skip).map((o) => `${o.message.logicalKey} (${o.skip})`);
    if (skips.length > 0) notes.push(`skipped by policy: ${skips.join(', ')}`);
    return [...table.values()];
  }
});

function printTable(table: Row[], stuck: string[], notes: string[]): void {
  const header = [
    'fault',
    'expected',
    'claimed',
    'delivered',
    'skipped-late',
    'surfaced-as-review',
    'lost',
    'dup email (own Message-ID)',
    'dup SMS',
    'unexplained',
  ];
  const cells = table.map((r) => [r.phase, ...COUNTS.map((count) => r[count])]);
  process.stdout.write(
    `\nLive faults (seed ${SEED}; ${CASES} cases in MONITORING, one policy day = ${DAY_MS} ms):\n` +
      `${formatTable(header, cells, 1)}\nstuck cases: ${stuck.length}${stuck.map((s) => `\n  ${s}`).join('')}\n` +
      `${notes.map((n) => `- ${n}`).join('\n')}\n\n`,
  );
}
