import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopChild } from '../../src/embedded/temporal-dev-server';
import { builtEntry, PROJECT_ROOT } from '../support/build';
import { freePort } from '../support/free-port';
import type { Progress } from './measure';
import type { BenchResults } from './report';
import { waitForOk } from './stack';

/**
 * Figure 5: `npm start` (its build step, a no-op when nothing changed, then the launcher) to a polling worker, in a data folder of its own:
 * once cold (the folder is new: PostgreSQL initialises), then warm (the folder is there), as a developer restarts it.
 */
export async function measureStartup(progress: Progress): Promise<BenchResults['startup']> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diversion-bench-start-'));
  fs.chmodSync(dataDir, 0o777);
  const [api, temporal, ui, postgres, worker, metrics] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(api),
    TEMPORAL_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(ui),
    EMBEDDED_POSTGRES_PORT: String(postgres),
    WORKER_HTTP_PORT: String(worker),
    TEMPORAL_METRICS_PORT: String(metrics),
    LOG_LEVEL: 'warn',
  };
  for (const key of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'OUTBOX_DIR', 'PAYLOAD_CODEC_KEYS', 'AUTH_JWT_SECRET'])
    delete env[key];
  const logFile = `${dataDir}.log`;
  const start = async (): Promise<{ child: ChildProcess; readyMs: number; apiMs: number }> => {
    const started = Date.now();
    // What `npm start` runs: the build (a no-op when nothing changed), then the launcher.
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build.js')], { stdio: 'ignore' });
    const log = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, [builtEntry('embedded')], { env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    let apiMs = 0;
    const apiReady = waitForOk(`http://127.0.0.1:${api}/health`, 120_000, child).then(
      () => (apiMs = Date.now() - started),
    );
    try {
      await waitForOk(`http://127.0.0.1:${worker}/health/ready`, 120_000, child);
      await apiReady;
    } catch (error) {
      const tail = fs.readFileSync(logFile, 'utf8').slice(-2000);
      throw new Error(`${(error as Error).message}; the launcher's output (${logFile}) ends:\n${tail}`);
    }
    return { child, readyMs: Date.now() - started, apiMs };
  };
  const stop = (child: ChildProcess) => stopChild(child, 20_000);
  try {
    progress.start('npm start: cold, then warm', 2);
    const cold = await start();
    await stop(cold.child);
    progress.tick();
    const warm = await start();
    await stop(warm.child);
    progress.tick();
    return {
      coldReadySeconds: cold.readyMs / 1000,
      warmReadySeconds: warm.readyMs / 1000,
      warmApiSeconds: warm.apiMs / 1000,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // The log stays only when the start failed (the error names it).
  fs.rmSync(logFile, { force: true });
}
