import { Client, Connection } from '@temporalio/client';
import { configuredDataConverter } from '../support/codec';
import { pool, sleepMs } from './measure';
import { seedCaseInMonitoring } from './seeded-cases';
import { BENCH_DAY_MS } from './service-cases';
import { rssMiB, runOnBenchStack } from './stack';

/**
 * `node scripts/bench.js memory [cases]`: parks cases in MONITORING against the service's worker alone and prints the
 * worker's RSS after each tenth of them, to read the memory a parked case costs without the whole bench. The worker's
 * WORKER_MAX_* settings come from the environment, as in the bench's scale phase.
 */
runOnBenchStack(async (stack) => {
  const total = Number(process.argv[3] ?? 1000);
  const settings = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => /^(WORKER_MAX_|TEMPORAL_DEBUG$|NODE_OPTIONS$)/.test(e[0]) && !!e[1],
    ),
  );
  await stack.startWorker(settings);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, dataConverter: configuredDataConverter(stack.serviceEnv()) });
  const parked = async () =>
    Number((await stack.query<{ n: string }>(`SELECT count(*) AS n FROM case_projections`))[0]?.n ?? 0);
  const started = Date.now();
  console.log(`cases\tworker RSS MiB\tMiB per case since start\ts`);
  const base = rssMiB(stack.worker?.child.pid);
  console.log(`0\t${base.toFixed(0)}\t-\t0`);
  let person = 0;
  const step = Math.max(1, Math.round(total / 10));
  for (let done = 0; done < total;) {
    const batch = Math.min(step, total - done);
    await pool(Array.from({ length: batch }), 16, async () => {
      while (person - (await parked()) >= 40) await sleepMs(100);
      await seedCaseInMonitoring(stack, client, 'MEM', Date.now() + 100 * BENCH_DAY_MS, (person += 1));
    });
    done += batch;
    while ((await parked()) < done) await sleepMs(200);
    await sleepMs(1500);
    const rss = rssMiB(stack.worker?.child.pid);
    console.log(
      `${done}\t${rss.toFixed(0)}\t${((rss - base) / done).toFixed(3)}\t${((Date.now() - started) / 1000).toFixed(0)}`,
    );
  }
  if (process.env.MEMORY_HOLD_S) {
    console.log(`holding ${process.env.MEMORY_HOLD_S} s; worker pid ${stack.worker?.child.pid}`);
    await sleepMs(Number(process.env.MEMORY_HOLD_S) * 1000);
  }
  await connection.close();
});
