import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { builtEntry } from '../support/build';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { getJson } from '../support/http';
import { startApi, type RunningApi } from '../support/servers';

describe('GET /health', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.app.close();
  });

  it('answers 200 when PostgreSQL and Temporal both answer', async () => {
    const { status, body } = await getJson(`${api.url}/health`);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('answers /health/live and /health/ready with 200 while both answer', async () => {
    const live = await getJson(`${api.url}/health/live`);
    const ready = await getJson(`${api.url}/health/ready`);

    expect(live).toEqual({ status: 200, body: { status: 'ok' } });
    expect(ready).toMatchObject({
      status: 200,
      body: { info: { database: { status: 'up' }, temporal: { status: 'up' } } },
    });
  });

  it('answers 503 naming Temporal when the Temporal server cannot be reached', async () => {
    const port = await freePort();
    const closedTemporalPort = await freePort();
    const child = spawn(process.execPath, [builtEntry('main')], {
      env: {
        ...process.env,
        PORT: String(port),
        TEMPORAL_ADDRESS: `127.0.0.1:${closedTemporalPort}`,
        LOG_LEVEL: 'error',
      },
      stdio: 'ignore',
    });
    try {
      const { status, body } = await eventually(() => getJson(`http://127.0.0.1:${port}/health`));

      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { temporal: { status: 'down' } },
      });
      // Alive, so an orchestrator keeps it running; not ready, so it takes no traffic.
      expect((await getJson(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      expect((await getJson(`http://127.0.0.1:${port}/health/ready`)).status).toBe(503);
    } finally {
      await stop(child);
    }
  });
});

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
