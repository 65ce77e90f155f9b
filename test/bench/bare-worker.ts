import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBareActivities } from './bare-activities';

/**
 * The bench's worker for the bare baselines, a process of its own like the service's worker: SDK defaults, the bare
 * workflows' bundle (built by the bench), its own task queue. Prints `polling` once it polls; SIGTERM stops it.
 */
async function main(): Promise<void> {
  const [address, taskQueue, bundle] = [
    process.env.BENCH_TEMPORAL_ADDRESS,
    process.env.BENCH_TASK_QUEUE,
    process.env.BENCH_BUNDLE,
  ];
  if (!address || !taskQueue || !bundle) throw new Error('BENCH_TEMPORAL_ADDRESS, BENCH_TASK_QUEUE and BENCH_BUNDLE');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: bundle },
    activities: createBareActivities(),
  });
  const running = worker.run();
  process.stdout.write('polling\n');
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
