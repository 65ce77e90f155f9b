import { fixedRate, pool, Progress } from './measure';
import { BenchHttp } from './http-client';
import { benchTokens, caseInMonitoring, openPlan, BENCH_DAY_MS } from './service-cases';
import { runOnBenchStack } from './stack';

/**
 * `node scripts/bench.js action [rate] [seconds]`: the coordinator-action figure alone (a note, at a fixed rate over 20
 * cases in MONITORING), to look at one path closely. `BENCH_WORKER_NODE_FLAGS` reach the worker's Node alone (for
 * example `--cpu-prof --cpu-prof-dir=/tmp/prof`, which profiles its workflow thread too).
 */
runOnBenchStack(async (stack) => {
  const rate = Number(process.argv[3] ?? 20);
  const seconds = Number(process.argv[4] ?? 15);
  const flags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  await Promise.all([stack.startApi(), stack.startWorker({}, flags)]);
  const http = new BenchHttp(stack.apiUrl);
  const tokens = await benchTokens();
  const cases: string[] = [];
  await pool(Array.from({ length: 20 }), 20, async () => {
    cases.push(await caseInMonitoring(http, tokens, 'ACT', openPlan(100 * BENCH_DAY_MS)));
  });
  let sent = 0;
  const addNote = (i: number) =>
    http
      .call('POST', `/cases/${cases[i % cases.length]}/notes`, tokens.coordinator, { text: 'Called about it.' })
      .then((r) => {
        sent += 1;
        if (r.status !== 200) throw new Error(`note answered ${r.status}`);
      });
  await Promise.all(Array.from({ length: 40 }, (_, i) => addNote(i)));
  const result = await fixedRate(rate, seconds, addNote, new Progress(), `note ${rate}/s`);
  console.log(
    `note at ${rate}/s for ${seconds} s (${sent} sent): p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`,
  );
});
