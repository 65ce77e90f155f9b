/** Percentile of a sample (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

export function latency(samples: readonly number[], errors = 0): Latency {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
    errors,
  };
}

/** One line on stderr: rewritten in place on a terminal, a plain line every few seconds otherwise. */
export class Progress {
  private label = '';
  private total = 0;
  private done = 0;
  private startedMs = 0;
  private lastLineMs = 0;
  private readonly tty = process.stderr.isTTY === true;
  private readonly runStartedMs = Date.now();

  start(label: string, total: number): void {
    this.finish();
    this.label = label;
    this.total = total;
    this.done = 0;
    this.startedMs = Date.now();
    this.lastLineMs = 0;
    this.draw(true);
  }

  tick(by = 1): void {
    this.done += by;
    this.draw(this.done >= this.total);
  }

  set(done: number): void {
    this.done = done;
    this.draw(false);
  }

  /** A line of its own (a phase's result), kept above the bar. */
  note(line: string): void {
    if (this.tty) process.stderr.write('\r\x1b[2K');
    process.stderr.write(`${line}\n`);
    this.draw(true);
  }

  finish(): void {
    if (!this.label) return;
    if (this.tty) {
      this.draw(true);
      process.stderr.write('\n');
    }
    this.label = '';
  }

  private draw(force: boolean): void {
    if (!this.label) return;
    const now = Date.now();
    if (!force && now - this.lastLineMs < (this.tty ? 200 : 5000)) return;
    this.lastLineMs = now;
    const share = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const width = 24;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const elapsed = ((now - this.startedMs) / 1000).toFixed(0);
    const run = ((now - this.runStartedMs) / 1000).toFixed(0);
    const line = `[${bar}] ${this.label} ${this.done}/${this.total} (${elapsed} s; run ${run} s)`;
    process.stderr.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }
}

export const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Open loop at a fixed rate: starts `send(i)` every 1/rate seconds for `seconds`, whether or not earlier calls have
 * answered (so a slow answer cannot slow the offered load), and times each from its scheduled start.
 */
export async function fixedRate(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<void>,
  progress: Progress,
  label: string,
): Promise<Latency & { samples: Array<{ startMs: number; ms: number }> }> {
  const count = Math.round(rate * seconds);
  const samples: Array<{ startMs: number; ms: number }> = [];
  let errors = 0;
  let firstError: unknown;
  progress.start(label, count);
  const t0 = performance.now();
  const wall0 = Date.now();
  const running: Array<Promise<void>> = [];
  for (let i = 0; i < count; i += 1) {
    const at = (i * 1000) / rate;
    await sleepMs(at - (performance.now() - t0));
    const scheduled = t0 + at;
    running.push(
      send(i).then(
        () => {
          samples.push({ startMs: wall0 + at, ms: performance.now() - scheduled });
          progress.tick();
        },
        (error: unknown) => {
          errors += 1;
          firstError ??= error;
          progress.tick();
        },
      ),
    );
  }
  await Promise.all(running);
  if (firstError)
    progress.note(
      `  ${label}: ${errors} errors, first: ${firstError instanceof Error ? firstError.message : JSON.stringify(firstError)}`,
    );
  return {
    ...latency(
      samples.map((s) => s.ms),
      errors,
    ),
    samples,
  };
}

/** Runs `work` over `items` with at most `concurrency` at once. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
