import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface TemporalDevServer {
  /** host:port of the frontend. */
  address: string;
  /** URL of the Web UI, when one was asked for. */
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** Omit for a headless server (tests). */
  uiPort?: number;
  /** The codec server the Web UI decodes payloads with (the API's /codec). */
  uiCodecEndpoint?: string;
  /** SQLite file to persist to; omit for an in-memory server. */
  dbFile?: string;
  namespace: string;
  /** Custom search attributes to register, name → type (e.g. Keyword, Bool, Datetime). */
  searchAttributes?: Record<string, string>;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/** Starts `temporal server start-dev` and resolves once its frontend answers. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  args.push('--namespace', options.namespace, '--log-level', 'error', '--log-format', 'pretty');
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.uiPort && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  for (const [name, type] of Object.entries(options.searchAttributes ?? {})) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => undefined);
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  const address = `127.0.0.1:${options.port}`;
  const server: TemporalDevServer = {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    stop: () => stopChild(child, 8000),
  };
  try {
    await waitForFrontend(child, address, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForFrontend(child: ChildProcess, address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  // Loaded here, while the server boots, rather than before the launcher could start anything.
  const { Connection } = await import('@temporalio/client');
  while (Date.now() < deadline) {
    if (exited) throw new Error(`The Temporal dev server exited during start-up (is port ${address} taken?)`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`The Temporal dev server did not answer at ${address} within ${timeoutMs} ms`);
}

/** Sends SIGTERM, then SIGKILL after the grace period; resolves once the process has exited. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
