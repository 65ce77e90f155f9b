import type { ServerProcess } from './server-processes';

/** Starts the process once; calls `onExit` when it ends. */
export type Launch = (onExit: (code: number | null, signal: NodeJS.Signals | null) => void) => ServerProcess;

export interface SupervisorOptions {
  /** The first restart waits this long; each further restart within the window waits twice as long as the last. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** More restarts than this within `windowMs` and the supervisor gives up. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  initialBackoffMs: 500,
  maxBackoffMs: 8_000,
  maxRestarts: 5,
  windowMs: 60_000,
};

/**
 * Keeps one of our server processes (API or worker) running: an exit nobody asked for is logged and followed by a
 * restart after a backoff; more than `maxRestarts` in `windowMs` is a crash loop, and the supervisor gives up and
 * says so (the launcher then stops everything and exits non-zero). Only `stop()` ends it quietly.
 */
export class Supervisor {
  private current: ServerProcess | undefined;
  private readonly restarts: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly launch: Launch,
    private readonly log: (message: string) => void,
    private readonly onGiveUp: (name: string) => void,
    private readonly options: SupervisorOptions = DEFAULT_SUPERVISOR_OPTIONS,
  ) {}

  start(): void {
    this.current = this.launch((code, signal) => this.onExit(code, signal));
  }

  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current?.stop();
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const now = Date.now();
    const how = signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`;
    while (this.restarts.length > 0 && this.restarts[0]! <= now - this.options.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.options.maxRestarts) {
      this.log(
        `${this.name} exited unexpectedly (${how}) after ${this.restarts.length} restarts in the last ` +
          `${Math.round(this.options.windowMs / 1000)} s: giving up`,
      );
      this.onGiveUp(this.name);
      return;
    }
    const backoffMs = Math.min(this.options.initialBackoffMs * 2 ** this.restarts.length, this.options.maxBackoffMs);
    this.restarts.push(now);
    this.log(
      `${this.name} exited unexpectedly (${how}); restarting in ${backoffMs} ms ` +
        `(restart ${this.restarts.length} of at most ${this.options.maxRestarts} per ${Math.round(this.options.windowMs / 1000)} s)`,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopping) this.start();
    }, backoffMs);
  }
}
