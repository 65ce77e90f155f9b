import { loadEnvironment } from '../config/configuration';

/**
 * `node dist/src/observability/probe.js <api|worker> <live|ready>`: the container health check (the image has no
 * curl). Exits 0 when the process's probe answers 200 within two seconds, 1 otherwise.
 */
async function probe(process_: 'api' | 'worker', kind: 'live' | 'ready'): Promise<boolean> {
  const { app, observability } = loadEnvironment();
  const port = process_ === 'api' ? app.port : observability.workerHttpPort;
  const response = await fetch(`http://127.0.0.1:${port}/health/${kind}`, { signal: AbortSignal.timeout(2000) });
  return response.status === 200;
}

const [target = 'api', kind = 'live'] = process.argv.slice(2);
if ((target !== 'api' && target !== 'worker') || (kind !== 'live' && kind !== 'ready')) {
  console.error('usage: probe.js <api|worker> <live|ready>');
  process.exit(2);
}
probe(target, kind).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
