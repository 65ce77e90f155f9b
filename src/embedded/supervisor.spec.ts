import { spawn } from 'node:child_process';
import type { ServerProcess } from './server-processes';
import { Supervisor, type Launch } from './supervisor';
import { stopChild } from './temporal-dev-server';

/** A real child process running `script`; `starts` counts how often the supervisor started it. */
function nodeProcess(script: string, starts: { count: number }): Launch {
  return (onExit): ServerProcess => {
    starts.count += 1;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.once('exit', (code, signal) => onExit(code, signal));
    return { name: 'test', child, stop: () => stopChild(child, 2000) };
  };
}

const FAST = { initialBackoffMs: 20, maxBackoffMs: 80, maxRestarts: 3, windowMs: 60_000 };

describe('the embedded launcher’s supervisor', () => {
  it('restarts a process killed with SIGKILL, with backoff, and logs why', async () => {
    const starts = { count: 0 };
    const logs: string[] = [];
    const supervisor = new Supervisor(
      'worker',
      nodeProcess('setInterval(() => {}, 1000)', starts),
      (m) => logs.push(m),
      () => {
        throw new Error('gave up');
      },
      FAST,
    );
    supervisor.start();
    const first = supervisor.pid!;
    process.kill(first, 'SIGKILL');
    for (let i = 0; i < 100 && starts.count < 2; i += 1) await new Promise((r) => setTimeout(r, 20));

    expect(starts.count).toBe(2);
    expect(supervisor.pid).not.toBe(first);
    expect(logs).toEqual([
      'worker exited unexpectedly (signal SIGKILL); restarting in 20 ms (restart 1 of at most 3 per 60 s)',
    ]);
    await supervisor.stop();
  });

  it('gives up loudly after more restarts per window than allowed, and stops quietly when asked', async () => {
    const starts = { count: 0 };
    const logs: string[] = [];
    const gaveUp = new Promise<string>((resolve) => {
      new Supervisor('api', nodeProcess('process.exit(3)', starts), (m) => logs.push(m), resolve, FAST).start();
    });

    expect(await gaveUp).toBe('api');
    expect(starts.count).toBe(4);
    expect(logs.map((l) => l.replace(/restarting in \d+ ms/, 'restarting'))).toEqual([
      'api exited unexpectedly (code 3); restarting (restart 1 of at most 3 per 60 s)',
      'api exited unexpectedly (code 3); restarting (restart 2 of at most 3 per 60 s)',
      'api exited unexpectedly (code 3); restarting (restart 3 of at most 3 per 60 s)',
      'api exited unexpectedly (code 3) after 3 restarts in the last 60 s: giving up',
    ]);
    expect(logs.map((l) => /in (\d+) ms/.exec(l)?.[1])).toEqual(['20', '40', '80', undefined]);

    const quiet = { count: 0 };
    const stopped = new Supervisor(
      'worker',
      nodeProcess('setInterval(() => {}, 1000)', quiet),
      (m) => logs.push(m),
      () => {
        throw new Error('gave up');
      },
      FAST,
    );
    stopped.start();
    const logged = logs.length;
    await stopped.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(quiet.count).toBe(1);
    expect(logs).toHaveLength(logged);
  });
});
