import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopChild } from './temporal-dev-server';

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts one of our own entry points (`main` or `worker`) as a child process with the same Node runtime and flags,
 * next to this file's build output, so the embedded default runs exactly the two production processes. A heap limit
 * (the worker's WORKER_MAX_HEAP_MB) is a Node flag, so it is given here, at the process's start.
 */
export function startServerProcess(
  name: string,
  entry: 'main' | 'worker',
  env: NodeJS.ProcessEnv,
  onExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void,
  maxHeapMb?: number,
): ServerProcess {
  const file = path.join(__dirname, '..', `${entry}${path.extname(__filename)}`);
  const heap = maxHeapMb === undefined ? [] : [`--max-old-space-size=${maxHeapMb}`];
  const child = spawn(process.execPath, [...process.execArgv, ...heap, file], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code, signal) => onExit(name, code, signal));
  return { name, child, stop: () => stopChild(child, 5000) };
}

/** Polls a URL until it answers 200, or gives up after the timeout; returns quietly once aborted (shutting down). */
export async function waitForHttpOk(url: string, timeoutMs: number, isAborted: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !isAborted()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAborted()) return;
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
