import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diversionCaseWorkflowId } from '../../workflows/diversion-case/diversion-case.contract';
import { buildProject } from '../support/build';
import {
  bareLifecycleWorkflow,
  bareReminderWorkflow,
  bareUpdateWorkflow,
  bump,
  bumpAfterActivity,
  finish,
  step,
} from './bare.workflows';
import type { LifecyclePlan } from './bare.workflows';
import { closed, historyOf, planOf, reminderSegments, updateSegments, type ReminderSegments } from './history';
import { BenchHttp } from './http-client';
import { fixedRate, latency, percentile, pool, Progress, sleepMs, type Latency } from './measure';
import { writeReport, type BenchResults } from './report';
import { benchTokens, caseInMonitoring, completeCase, openPlan, BENCH_DAY_MS, type Tokens } from './service-cases';
import { BARE_QUEUE, BenchStack, histogramTotals, meansBetween, rssMiB } from './stack';
import { measureStartup } from './startup';
import { seedCaseInMonitoring } from './seeded-cases';
import { configuredDataConverter } from '../support/codec';

const quick = process.argv.includes('--quick') || process.env.BENCH_MODE === 'quick';
const MODE = quick
  ? {
      name: 'quick',
      rates: [10, 20],
      seconds: 8,
      targets: 10,
      lifecycle: 10,
      concurrency: 5,
      parked: 300,
      reminders: 100,
      windowMs: 10_000,
    }
  : {
      name: 'full',
      rates: [10, 20],
      seconds: 15,
      targets: 20,
      lifecycle: 40,
      concurrency: 20,
      parked: Number(process.env.BENCH_PARKED ?? 10_000),
      reminders: 1000,
      windowMs: 60_000,
    };
const PARKING_CONCURRENCY = 16;
/** Seeded cases started but not yet taken up by the worker, at most. */
const MAX_UNTAKEN = 40;
/**
 * The worker's memory settings for the scale phase (src/config/environment.ts); the other phases run its defaults. No
 * heap limit unless WORKER_MAX_HEAP_MB is set: with 768 MB the workflow thread ran out of memory after about 700 parked
 * cases with a 1,000-case cache and after about 1,000 with a 500-case one (docs/PERFORMANCE.md).
 */
const SCALE_WORKER_SETTINGS: Record<string, string> = {
  WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS ?? '250',
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: process.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? '40',
  WORKER_MAX_CONCURRENT_ACTIVITIES: process.env.WORKER_MAX_CONCURRENT_ACTIVITIES ?? '100',
  ...(process.env.WORKER_MAX_HEAP_MB ? { WORKER_MAX_HEAP_MB: process.env.WORKER_MAX_HEAP_MB } : {}),
};

/** The worker's own timings (the SDK's histograms, ms) read around the note run. */
const WORKER_HISTOGRAMS = [
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_latency',
  'temporal_activity_execution_latency',
  'temporal_local_activity_execution_latency',
] as const;

const progress = new Progress();
const note = (line: string) => progress.note(line);

/** `npm run build`, which itself skips a build when nothing changed since the last one. */
function build(): number {
  progress.start('npm run build', 1);
  const started = Date.now();
  buildProject();
  progress.tick();
  return Date.now() - started;
}

async function bundleBare(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bare.workflows'),
    logger: new DefaultLogger('WARN'),
  });
  const file = path.join(os.tmpdir(), `diversion-bench-bare-${process.pid}.js`);
  fs.writeFileSync(file, code);
  return file;
}

interface Ctx {
  stack: BenchStack;
  http: BenchHttp;
  tokens: Tokens;
  connection: Connection;
  client: Client;
}

/** Figure 1: a coordinator's action at fixed rates beside bare updates A (state only) and B (one activity). */
async function actionLatency(ctx: Ctx): Promise<BenchResults['actions']> {
  const { http, tokens, client } = ctx;
  progress.start('cases for the action figure', MODE.targets);
  const cases: string[] = [];
  await pool(
    Array.from({ length: MODE.targets }, (_, i) => i),
    MODE.targets,
    async () => {
      cases.push(await caseInMonitoring(http, tokens, 'BENCH-ACT', openPlan(100 * BENCH_DAY_MS)));
      progress.tick();
    },
  );
  const bare = await Promise.all(
    Array.from({ length: MODE.targets }, (_, i) =>
      client.workflow.start(bareUpdateWorkflow, {
        taskQueue: BARE_QUEUE,
        workflowId: `bench-bare-update-${process.pid}-${i}`,
      }),
    ),
  );
  let sent = 0;
  const action = (route: string, body: object) => (i: number) =>
    http
      .call('POST', `/cases/${cases[i % cases.length]}/${route}`, tokens.coordinator, body, {
        'idempotency-key': `bench-${process.pid}-${(sent += 1)}`,
      })
      .then((r) => {
        if (r.status !== 200) throw new Error(`${route} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
      });
  const addNote = action('notes', { text: 'Called the responsible party about the next payment.' });
  const progressAction = action('obligations/pay/progress', { amountCents: 1 });
  const read = (i: number) =>
    http.call('GET', `/cases/${cases[i % cases.length]}`, tokens.coordinator).then((r) => {
      if (r.status !== 200) throw new Error(`GET answered ${r.status}`);
    });
  const bareA = (i: number) => bare[i % bare.length]!.executeUpdate(bump, { args: [1] }).then(() => undefined);
  const bareB = (i: number) =>
    bare[i % bare.length]!.executeUpdate(bumpAfterActivity, { args: [1] }).then(() => undefined);
  // Warm-up: every target's workflow is in the worker's cache and every connection is open.
  for (const send of [addNote, progressAction, read, bareA, bareB]) {
    await Promise.all(Array.from({ length: MODE.targets * 2 }, (_, i) => send(i)));
  }
  const results: BenchResults['actions'] = [];
  for (const rate of MODE.rates) {
    const run = (send: (i: number) => Promise<void>, label: string) =>
      fixedRate(rate, MODE.seconds, send, progress, `${label} ${rate}/s`).then(strip);
    const noteFrom = sent + 1;
    const metricsUrl = `http://127.0.0.1:${ctx.stack.workerHttpPort}/metrics`;
    const before = await histogramTotals(metricsUrl, WORKER_HISTOGRAMS);
    const service = await run(addNote, 'service action (note)');
    const workerMeans = meansBetween(before, await histogramTotals(metricsUrl, WORKER_HISTOGRAMS));
    const noteTo = sent;
    const a = await run(bareA, 'bare update A');
    const withMessages = await run(progressAction, 'service action (progress + receipt)');
    const b = await run(bareB, 'bare update B');
    const get = await run(read, 'GET case');
    const split = await serviceSplit(ctx, cases, noteFrom, noteTo);
    results.push({ rate, service, withMessages, bareA: a, bareB: b, read: get, split, workerMeans });
    note(
      `action ${rate}/s p50/p99 ms: note ${service.p50}/${service.p99}, bare A ${a.p50}/${a.p99}; progress ${withMessages.p50}/${withMessages.p99}, bare B ${b.p50}/${b.p99}; GET ${get.p50}/${get.p99}`,
    );
  }
  await Promise.all(bare.map((h) => h.signal(finish)));
  return results;
}

const strip = ({ samples: _samples, ...rest }: Latency & { samples: unknown }): Latency => rest;

/** Where a service action's time went: the server's workflow-task times for the updates of one fixed-rate run. */
async function serviceSplit(
  ctx: Ctx,
  cases: string[],
  first: number,
  last: number,
): Promise<BenchResults['actions'][number]['split']> {
  const segments = (await Promise.all(cases.map((c) => historyOf(ctx.connection, diversionCaseWorkflowId(c)))))
    .flatMap(updateSegments)
    .filter((s) => {
      const n = Number(/^bench-\d+-(\d+)#/.exec(s.updateId)?.[1] ?? -1);
      return n >= first && n <= last;
    });
  const p = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  return {
    updates: segments.length,
    queued: p(segments.map((s) => s.queued)),
    worker: p(segments.map((s) => s.worker)),
  };
}

/** Figure 2: whole cases per second, beside a bare workflow doing the same count of updates, timers and activities. */
async function lifecycle(ctx: Ctx): Promise<BenchResults['lifecycle']> {
  const { http, tokens, client, connection } = ctx;
  progress.start('lifecycle: one case to count its history', 1);
  const probe = await completeCase(http, tokens);
  await closed(connection, diversionCaseWorkflowId(probe));
  const plan = planOf(await historyOf(connection, diversionCaseWorkflowId(probe)));
  progress.tick();
  note(`lifecycle plan from one service case: ${JSON.stringify(plan)}`);

  progress.start(`service lifecycle x${MODE.lifecycle}`, MODE.lifecycle);
  let started = Date.now();
  await pool(Array.from({ length: MODE.lifecycle }), MODE.concurrency, async () => {
    const number = await completeCase(http, tokens);
    await closed(connection, diversionCaseWorkflowId(number));
    progress.tick();
  });
  const serviceMs = Date.now() - started;

  progress.start(`bare lifecycle x${MODE.lifecycle}`, MODE.lifecycle);
  let bareDone: LifecyclePlan | undefined;
  started = Date.now();
  await pool(
    Array.from({ length: MODE.lifecycle }, (_, i) => i),
    MODE.concurrency,
    async (i) => {
      const handle = await client.workflow.start(bareLifecycleWorkflow, {
        taskQueue: BARE_QUEUE,
        workflowId: `bench-bare-life-${process.pid}-${i}`,
        args: [plan],
      });
      for (let u = 0; u < plan.updates; u += 1) {
        // The case waits for its conference between scheduling it (4th action) and recording it held.
        if (u === 4) await sleepMs(1050);
        await handle.executeUpdate(step);
      }
      bareDone = await handle.result();
      progress.tick();
    },
  );
  const bareMs = Date.now() - started;
  const servicePerS = (MODE.lifecycle * 1000) / serviceMs;
  const barePerS = (MODE.lifecycle * 1000) / bareMs;
  note(
    `lifecycle: service ${servicePerS.toFixed(2)} cases/s, bare ${barePerS.toFixed(2)} cases/s (bare did ${JSON.stringify(bareDone)})`,
  );
  return {
    cases: MODE.lifecycle,
    concurrency: MODE.concurrency,
    plan,
    barePlan: bareDone ?? plan,
    servicePerS,
    barePerS,
  };
}

interface Parked {
  reminderCases: Array<{ number: string; dueAtMs: number }>;
  scale: NonNullable<BenchResults['scale']>;
}

/** Figure 3: K cases parked in MONITORING; the last R of them have a reminder due in one window. */
async function park(ctx: Ctx): Promise<Parked> {
  const { stack } = ctx;
  await stack.restartWorker(SCALE_WORKER_SETTINGS);
  const sizeBefore = await stack.databaseSize();
  const peak = { worker: 0, api: 0, temporal: 0 };
  const sample = () => {
    peak.worker = Math.max(peak.worker, rssMiB(stack.worker?.child.pid));
    peak.api = Math.max(peak.api, rssMiB(stack.api?.child.pid));
    peak.temporal = Math.max(peak.temporal, rssMiB(stack.temporalPid));
  };
  const sampler = setInterval(sample, 2000);
  try {
    return await parkWhileSampling(ctx, sample, peak, sizeBefore);
  } finally {
    clearInterval(sampler);
  }
}

async function parkWhileSampling(
  ctx: Ctx,
  sample: () => void,
  peak: NonNullable<BenchResults['scale']>['peakRssMiB'],
  sizeBefore: Awaited<ReturnType<BenchStack['databaseSize']>>,
): Promise<Parked> {
  const { stack } = ctx;
  const quiet = MODE.parked - MODE.reminders;
  const seeding = new Client({
    connection: ctx.connection,
    dataConverter: configuredDataConverter(stack.serviceEnv()),
  });
  const parkedCount = async () =>
    Number(
      (
        await stack.query<{ n: string }>(
          `SELECT count(*) AS n FROM case_projections WHERE case_number LIKE 'BENCH-SEED-%'`,
        )
      )[0]?.n ?? 0,
    );
  progress.start(`parking ${MODE.parked} cases in MONITORING`, MODE.parked);
  const started = Date.now();
  let person = 0;
  // A start returns before the worker has run the case's first task: keep the worker's backlog short, or its tasks
  // (each writing the case's records) queue for the database past their timeout.
  let taken = 0;
  // Left running when parking fails; it only reads, and its errors (the database gone at the end) are dropped.
  const poller = setInterval(
    () =>
      void parkedCount().then(
        (n) => (taken = n),
        () => undefined,
      ),
    500,
  );
  const seed = async (prefix: string, dueMs: number): Promise<string> => {
    while (person - taken >= MAX_UNTAKEN) {
      stack.assertRunning();
      await sleepMs(100);
    }
    return seedCaseInMonitoring(stack, seeding, prefix, dueMs, (person += 1));
  };
  await pool(Array.from({ length: quiet }), PARKING_CONCURRENCY, async () => {
    await seed('BENCH-SEED', Date.now() + 100 * BENCH_DAY_MS);
    progress.tick();
  });
  // The reminder cases come last: their window opens once every case is parked (estimated from the rate so far).
  const perCaseMs = (Date.now() - started) / Math.max(1, quiet);
  const windowStart = Date.now() + Math.max(20_000, perCaseMs * MODE.reminders * 1.5 + 20_000);
  const reminderCases: Parked['reminderCases'] = [];
  await pool(
    Array.from({ length: MODE.reminders }, (_, i) => i),
    PARKING_CONCURRENCY,
    async (i) => {
      const dueAtMs = Math.round(windowStart + (i * MODE.windowMs) / MODE.reminders);
      // The '1d' reminder is due one policy day before the obligation; the earlier ones are already past.
      const number = await seed('BENCH-SEED-R', dueAtMs + BENCH_DAY_MS);
      reminderCases.push({ number, dueAtMs });
      progress.tick();
    },
  );
  // Parked means the worker has run each case's first task and written its records.
  progress.start('worker taking up the parked cases', MODE.parked);
  for (let n = await parkedCount(); n < MODE.parked && Date.now() < windowStart - 3000; n = await parkedCount()) {
    stack.assertRunning();
    progress.set(n);
    await sleepMs(1000);
  }
  clearInterval(poller);
  const parkMs = Date.now() - started;
  if (Date.now() > windowStart) note(`parking ran past the reminder window's start by ${Date.now() - windowStart} ms`);
  await sleepMs(Math.min(10_000, windowStart - Date.now() - 2000));
  sample();
  const sizeAfter = await stack.databaseSize();
  const atRest = {
    worker: rssMiB(stack.worker?.child.pid),
    api: rssMiB(stack.api?.child.pid),
    temporal: rssMiB(stack.temporalPid),
  };
  const perCase = (bytes: number) => Math.round(bytes / MODE.parked);
  const tables = Object.fromEntries(
    Object.entries(sizeAfter.tables).map(([name, size]) => [name, perCase(size - (sizeBefore.tables[name] ?? 0))]),
  );
  note(
    `parked ${MODE.parked} in ${(parkMs / 1000).toFixed(0)} s: worker RSS ${atRest.worker.toFixed(0)} MiB (peak ${peak.worker.toFixed(0)}), API ${atRest.api.toFixed(0)}, Temporal ${atRest.temporal.toFixed(0)}; PostgreSQL ${perCase(sizeAfter.total - sizeBefore.total)} B/case`,
  );
  return {
    reminderCases,
    scale: {
      cases: MODE.parked,
      parkSeconds: parkMs / 1000,
      rssMiB: atRest,
      peakRssMiB: peak,
      postgresBytesPerCase: perCase(sizeAfter.total - sizeBefore.total),
      postgresBytesPerCaseByTable: tables,
      workerSettings: SCALE_WORKER_SETTINGS,
    },
  };
}

/** Figure 4: reminder lateness for the R cases' window, then bare timers → no-op activity in a window of their own. */
async function reminders(ctx: Ctx, parked: Parked): Promise<BenchResults['reminders']> {
  const { stack, client } = ctx;
  const lastDue = Math.max(...parked.reminderCases.map((c) => c.dueAtMs));
  const firstDue = Math.min(...parked.reminderCases.map((c) => c.dueAtMs));
  progress.start(`service reminders (window of ${MODE.windowMs / 1000} s)`, parked.reminderCases.length);
  const numbers = parked.reminderCases.map((c) => c.number);
  let peakWorker = 0;
  const findSent = () =>
    stack.query<{ case_number: string; channel: string; message_id: string | null; provider_id: string | null }>(
      `SELECT case_number, channel, message_id, provider_id FROM notification_log
        WHERE event = 'obligation_reminder' AND status = 'sent' AND case_number = ANY($1)`,
      [numbers],
    );
  let rows = await findSent();
  while (Date.now() < lastDue + 60_000) {
    await sleepMs(1000);
    stack.assertRunning();
    peakWorker = Math.max(peakWorker, rssMiB(stack.worker?.child.pid));
    if (Date.now() < firstDue) continue;
    rows = await findSent();
    progress.set(rows.filter((r) => r.channel === 'email').length);
    if (rows.length >= numbers.length * 2 && Date.now() > lastDue + 3000) break;
  }
  await sleepMs(2000);
  rows = await findSent();
  const due = new Map(parked.reminderCases.map((c) => [c.number, c.dueAtMs]));
  const lateness: number[] = [];
  let duplicates = 0;
  for (const row of rows.filter((r) => r.channel === 'email')) {
    const arrivals = stack.smtp.arrivals.get(row.message_id ?? '') ?? [];
    if (arrivals[0] !== undefined) lateness.push(arrivals[0] - (due.get(row.case_number) ?? 0));
    duplicates += Math.max(0, arrivals.length - 1);
  }
  const smsSids = new Set(rows.filter((r) => r.channel === 'sms').map((r) => r.provider_id));
  const smsByPhone = new Map<string, number>();
  for (const m of stack.twilio.messages.filter((m) => smsSids.has(m.sid)))
    smsByPhone.set(m.to, (smsByPhone.get(m.to) ?? 0) + 1);
  duplicates += [...smsByPhone.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const service = { ...latency(lateness, numbers.length - lateness.length), duplicates };
  const split = await reminderSplit(ctx, rows, due);
  note(
    `service reminders: ${lateness.length}/${numbers.length} emails, lateness p50 ${service.p50} p99 ${service.p99} ms, ${duplicates} duplicates`,
  );

  const bareStart = Date.now() + 15_000;
  progress.start(`bare reminders (window of ${MODE.windowMs / 1000} s)`, MODE.reminders);
  const bareLateness: number[] = [];
  const handles = await Promise.all(
    Array.from({ length: MODE.reminders }, (_, i) => {
      const dueAtMs = Math.round(bareStart + (i * MODE.windowMs) / MODE.reminders);
      return client.workflow
        .start(bareReminderWorkflow, {
          taskQueue: BARE_QUEUE,
          workflowId: `bench-bare-remind-${process.pid}-${i}`,
          args: [dueAtMs],
        })
        .then((handle) => ({ handle, dueAtMs }));
    }),
  );
  await Promise.all(
    handles.map(async ({ handle, dueAtMs }) => {
      bareLateness.push((await handle.result()) - dueAtMs);
      progress.tick();
    }),
  );
  const bare = { ...latency(bareLateness), duplicates: 0 };
  note(`bare reminders: lateness p50 ${bare.p50} p99 ${bare.p99} ms`);
  return {
    count: MODE.reminders,
    windowSeconds: MODE.windowMs / 1000,
    service,
    bare,
    workerPeakRssMiB: peakWorker,
    split,
  };
}

/** Where the service reminders' time went, from their cases' histories and the emails' arrivals. */
async function reminderSplit(
  ctx: Ctx,
  rows: Array<{ case_number: string; channel: string; message_id: string | null }>,
  due: Map<string, number>,
): Promise<NonNullable<BenchResults['reminders']>['split']> {
  const segments: ReminderSegments[] = [];
  await pool(
    rows.filter((r) => r.channel === 'email'),
    16,
    async (row) => {
      const arrived = ctx.stack.smtp.arrivals.get(row.message_id ?? '')?.[0];
      const dueMs = due.get(row.case_number);
      if (arrived === undefined || dueMs === undefined) return;
      const events = await historyOf(ctx.connection, diversionCaseWorkflowId(row.case_number));
      const found = reminderSegments(events, dueMs, arrived);
      if (found) segments.push(found);
    },
  );
  const p = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  return {
    drift: p(segments.map((s) => s.drift).filter(Number.isFinite)),
    timer: p(segments.map((s) => s.timer)),
    queued: p(segments.map((s) => s.queued)),
    worker: p(segments.map((s) => s.worker)),
    activity: p(segments.map((s) => s.activity)),
  };
}

function machine(): BenchResults['machine'] {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  let postgres = 'unknown';
  try {
    postgres = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // embedded only
  }
  return {
    nproc: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    cpu,
    os: `${os.type()} ${os.release()}`,
    database: process.env.DATABASE_URL ? `the machine's PostgreSQL (DATABASE_URL; ${postgres})` : 'embedded PostgreSQL',
  };
}

async function main(): Promise<void> {
  const runStarted = Date.now();
  process.env.TZ = 'UTC';
  const buildMs = build();
  progress.start('bundling the bare workflows, starting the stack', 1);
  const stack = new BenchStack();
  // Ctrl-C stops what the bench started (its dev server, database, API, workers), not just the bench.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
  }
  let http: BenchHttp | undefined;
  let connection: Connection | undefined;
  try {
    const [bundle] = await Promise.all([bundleBare(), stack.start()]);
    await Promise.all([stack.startWorker(), stack.startApi(), stack.startBareWorker(bundle)]);
    progress.tick();
    http = new BenchHttp(stack.apiUrl);
    connection = await Connection.connect({ address: stack.temporalAddress });
    const ctx: Ctx = { stack, http, tokens: await benchTokens(), connection, client: new Client({ connection }) };
    const actions = await actionLatency(ctx);
    const life = await lifecycle(ctx);
    // A worker that dies while cases pile up is a finding: the run still reports what it measured.
    let parked: Parked | undefined;
    let remind: BenchResults['reminders'] | undefined;
    let failed: string | undefined;
    try {
      parked = await park(ctx);
      remind = await reminders(ctx, parked);
    } catch (error) {
      failed = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      note(`scale phase failed: ${failed}`);
    }
    await connection.close();
    connection = undefined;
    http.close();
    http = undefined;
    await stack.stop();
    // A failed start is reported with the other figures, not instead of them.
    let startup: BenchResults['startup'] | undefined;
    let startupFailure: string | undefined;
    try {
      startup = await measureStartup(progress);
    } catch (error) {
      startupFailure = error instanceof Error ? error.message : String(error);
      note(`start-up phase failed: ${startupFailure}`);
    }
    progress.finish();
    const results: BenchResults = {
      mode: MODE.name,
      finishedAt: new Date().toISOString(),
      durationSeconds: Math.round((Date.now() - runStarted) / 1000),
      buildSeconds: buildMs / 1000,
      machine: machine(),
      actions,
      lifecycle: life,
      ...(parked ? { scale: parked.scale } : {}),
      ...(remind ? { reminders: remind } : {}),
      ...(failed ? { scaleFailure: failed } : {}),
      ...(startup ? { startup } : {}),
      ...(startupFailure ? { startupFailure: startupFailure.split('\n')[0] } : {}),
    };
    process.stdout.write(writeReport(results));
  } catch (error) {
    progress.finish();
    console.error(error);
    for (const name of ['api', 'worker', 'bare-worker']) {
      try {
        console.error(stack.logTail(name));
      } catch {
        // never started
      }
    }
    process.exitCode = 1;
  } finally {
    http?.close();
    await connection?.close().catch(() => undefined);
    await stack.stop();
  }
}

// Whatever is still pending after a failure (a lane of a pool, a timer) must not keep the bench from ending.
void main().finally(() => process.exit());
