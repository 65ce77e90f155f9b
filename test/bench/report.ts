import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/build';
import type { LifecyclePlan } from './bare.workflows';
import type { Latency } from './measure';

type Percentiles = { p50: number; p99: number };

export interface BenchResults {
  mode: string;
  finishedAt: string;
  durationSeconds: number;
  buildSeconds: number;
  machine: { nproc: number; memoryGiB: number; node: string; cpu: string; os: string; database: string };
  actions: Array<{
    rate: number;
    /** A note: HTTP → update → audit/projection write → reply, and nothing else. */
    service: Latency;
    /** Progress on an obligation: the same, plus a receipt by email and SMS started by the update. */
    withMessages: Latency;
    bareA: Latency;
    bareB: Latency;
    read: Latency;
    split: { updates: number; queued: Percentiles; worker: Percentiles };
    /** Means over the note run from the worker's /metrics (the SDK's histograms, ms); NaN where it has none. */
    workerMeans: Record<string, number>;
  }>;
  lifecycle: {
    cases: number;
    concurrency: number;
    plan: LifecyclePlan;
    barePlan: LifecyclePlan;
    servicePerS: number;
    barePerS: number;
  };
  /** Set when the scale phase failed (its figures are then missing). */
  scaleFailure?: string;
  scale?: {
    cases: number;
    parkSeconds: number;
    rssMiB: { worker: number; api: number; temporal: number };
    peakRssMiB: { worker: number; api: number; temporal: number };
    postgresBytesPerCase: number;
    postgresBytesPerCaseByTable: Record<string, number>;
    workerSettings: Record<string, string>;
  };
  reminders?: {
    count: number;
    windowSeconds: number;
    service: Latency & { duplicates: number };
    bare: Latency & { duplicates: number };
    workerPeakRssMiB: number;
    /** Where the reminders' time went (server event times; p50 / p99 ms per segment), when measured. */
    split?: Record<'drift' | 'timer' | 'queued' | 'worker' | 'activity', { p50: number; p99: number }>;
  };
  startup?: { coldReadySeconds: number; warmReadySeconds: number; warmApiSeconds: number };
  startupFailure?: string;
}

interface Row {
  figure: string;
  service: string;
  bare: string;
  ratio: string;
  target: string;
  /** For the chart: the service's and the baseline's value, and the unit. */
  bars?: { service: number; bare: number; unit: string };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const x = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '—');

export function rows(r: BenchResults): Row[] {
  const out: Row[] = [];
  for (const a of r.actions) {
    out.push({
      figure: `coordinator action (a note) at ${a.rate}/s, p50 / p99 ms; bare: A, update only`,
      service: `${f1(a.service.p50)} / ${f1(a.service.p99)}${a.service.errors ? ` (${a.service.errors} errors)` : ''}`,
      bare: `${f1(a.bareA.p50)} / ${f1(a.bareA.p99)}`,
      ratio: `p99 ${x(a.service.p99, a.bareA.p99)}`,
      target: 'p99 ≤ 1.5× A; ≤ 50 ms idle',
      bars: { service: a.service.p99, bare: a.bareA.p99, unit: 'ms p99' },
    });
    out.push({
      figure: `  progress on an obligation (also sends a receipt), beside B (update awaiting one no-op activity)`,
      service: `${f1(a.withMessages.p50)} / ${f1(a.withMessages.p99)}${a.withMessages.errors ? ` (${a.withMessages.errors} errors)` : ''}`,
      bare: `${f1(a.bareB.p50)} / ${f1(a.bareB.p99)}`,
      ratio: `p99 ${x(a.withMessages.p99, a.bareB.p99)}`,
      target: '(context)',
    });
  }
  const l = r.lifecycle;
  out.push({
    figure: `full lifecycle, cases/s (${l.cases} cases, ${l.concurrency} at a time; ${l.plan.updates} updates, ${l.plan.timers} timers, ${l.plan.activities} activities, ${l.plan.localActivities} local)`,
    service: l.servicePerS.toFixed(2),
    bare: l.barePerS.toFixed(2),
    ratio: x(l.servicePerS, l.barePerS),
    target: '≥ 0.9× bare',
    bars: { service: l.servicePerS, bare: l.barePerS, unit: 'cases/s' },
  });
  if (r.scaleFailure) {
    out.push({
      figure: 'cases parked in MONITORING, reminders',
      service: `failed: ${r.scaleFailure}`,
      bare: '—',
      ratio: '—',
      target: '',
    });
  }
  const s = r.scale;
  const m = r.reminders;
  if (s) {
    out.push({
      figure: `${s.cases.toLocaleString('en-US')} cases parked in MONITORING: worker RSS MiB (peak)`,
      service: `${s.rssMiB.worker.toFixed(0)} (${s.peakRssMiB.worker.toFixed(0)})`,
      bare: '—',
      ratio: '—',
      target: '≤ 1024 MiB',
    });
    out.push({
      figure: '  API RSS / Temporal dev server RSS, MiB',
      service: `${s.rssMiB.api.toFixed(0)} / ${s.rssMiB.temporal.toFixed(0)}`,
      bare: '—',
      ratio: '—',
      target: '(context)',
    });
    out.push({
      figure: '  PostgreSQL bytes per case',
      service: s.postgresBytesPerCase.toLocaleString('en-US'),
      bare: '—',
      ratio: '—',
      target: '(context)',
    });
  }
  if (m) {
    out.push({
      figure: `reminder lateness, ${m.count} due within ${m.windowSeconds} s beside the parked cases: p50 / p99 ms`,
      service: `${f1(m.service.p50)} / ${f1(m.service.p99)}${m.service.errors ? ` (${m.service.errors} missing)` : ''}`,
      bare: `${f1(m.bare.p50)} / ${f1(m.bare.p99)}`,
      ratio: `p99 ${x(m.service.p99, m.bare.p99)}`,
      target: 'p99 ≤ 1.2× bare',
      bars: { service: m.service.p99, bare: m.bare.p99, unit: 'ms p99' },
    });
    out.push({
      figure: '  duplicate reminders (email and SMS)',
      service: String(m.service.duplicates),
      bare: String(m.bare.duplicates),
      ratio: '—',
      target: '0',
    });
  }
  out.push({
    figure: 'warm `npm start` → worker polling, s (cold in brackets)',
    service: r.startup
      ? `${r.startup.warmReadySeconds.toFixed(1)} (${r.startup.coldReadySeconds.toFixed(1)})`
      : `failed: ${r.startupFailure ?? 'not measured'}`,
    bare: '—',
    ratio: '—',
    target: '≤ 5 s',
  });
  return out;
}

export function markdownTable(r: BenchResults): string {
  const lines = ['| figure | service | bare Temporal | ratio | target |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows(r))
    lines.push(`| ${row.figure} | ${row.service} | ${row.bare} | ${row.ratio} | ${row.target} |`);
  return lines.join('\n');
}

export function splitTable(r: BenchResults): string {
  const lines = [
    '| rate | GET case (HTTP, auth, access read, projection read) p50 / p99 | update task queued p50 / p99 | update task in the worker (workflow code + record write) p50 / p99 | bare A p50 | service action p50 |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const a of r.actions) {
    lines.push(
      `| ${a.rate}/s | ${f1(a.read.p50)} / ${f1(a.read.p99)} | ${f1(a.split.queued.p50)} / ${f1(a.split.queued.p99)} | ${f1(a.split.worker.p50)} / ${f1(a.split.worker.p99)} | ${f1(a.bareA.p50)} | ${f1(a.service.p50)} |`,
    );
  }
  const names = Object.keys(r.actions[0]?.workerMeans ?? {});
  if (names.length > 0) {
    lines.push('', `| rate | ${names.map((n) => `${n.replace(/^temporal_/, '')} (mean)`).join(' | ')} |`);
    lines.push(`| --- | ${names.map(() => '---').join(' | ')} |`);
    for (const a of r.actions)
      lines.push(`| ${a.rate}/s | ${names.map((n) => f1(a.workerMeans[n] ?? NaN)).join(' | ')} |`);
  }
  const split = r.reminders?.split;
  if (split) {
    lines.push(
      '',
      'Where a reminder goes (ms, p50 / p99):',
      '',
      '| timer started after its task began (it fires that late) | due → timer fired | task queued | task in the worker (replay when out of the cache, workflow code) | activity scheduled → email at the SMTP server |',
      '| --- | --- | --- | --- | --- |',
      `| ${[split.drift, split.timer, split.queued, split.worker, split.activity].map((x) => `${f1(x.p50)} / ${f1(x.p99)}`).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small bar chart: each comparable figure's service value beside its bare baseline, on the figure's own scale. */
export function svgChart(r: BenchResults): string {
  const charted = rows(r).filter((row) => row.bars);
  const rowHeight = 56;
  const width = 760;
  const left = 300;
  const barMax = width - left - 120;
  const height = 40 + charted.length * rowHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">npm run bench (${escape(r.mode)}, ${escape(r.finishedAt.slice(0, 10))}): service vs bare Temporal</text>`,
    `<rect x="${left}" y="28" width="10" height="10" fill="#1f6feb"/><text x="${left + 14}" y="37">service</text>`,
    `<rect x="${left + 80}" y="28" width="10" height="10" fill="#8b949e"/><text x="${left + 94}" y="37">bare Temporal</text>`,
  ];
  charted.forEach((row, i) => {
    const y = 48 + i * rowHeight;
    const { service, bare, unit } = row.bars!;
    const max = Math.max(service, bare, 1e-9);
    const label = row.figure
      .replace(' (a note)', '')
      .replace(/, p50 .*$/, '')
      .replace(/ \(.*$/, '');
    parts.push(`<text x="10" y="${y + 16}">${escape(label.slice(0, 48))}</text>`);
    parts.push(`<text x="10" y="${y + 32}" fill="#57606a">${escape(`${unit}; ratio ${row.ratio}`)}</text>`);
    for (const [k, value, colour] of [
      [0, service, '#1f6feb'],
      [1, bare, '#8b949e'],
    ] as const) {
      const w = Number.isFinite(value) ? Math.max(1, (value / max) * barMax) : 0;
      const by = y + 4 + k * 20;
      parts.push(`<rect x="${left}" y="${by}" width="${w.toFixed(1)}" height="16" fill="${colour}"/>`);
      parts.push(`<text x="${left + w + 6}" y="${by + 12}">${f1(value)}</text>`);
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Writes docs/performance/bench-<mode>.json and .svg; returns the printed report. */
export function writeReport(r: BenchResults): string {
  const dir = path.join(PROJECT_ROOT, 'docs', 'performance');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `bench-${r.mode}.json`), `${JSON.stringify(r, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `bench-${r.mode}.svg`), svgChart(r));
  const settings = Object.entries(r.scale?.workerSettings ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    '',
    `npm run bench, ${r.mode} mode: ${r.durationSeconds} s (build ${r.buildSeconds.toFixed(0)} s) on ${r.machine.nproc} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.database}`,
    `scale-phase worker settings: ${settings}`,
    '',
    markdownTable(r),
    '',
    'Where a service action goes (ms):',
    '',
    splitTable(r),
    '',
    `Written: docs/performance/bench-${r.mode}.json, docs/performance/bench-${r.mode}.svg`,
    '',
  ].join('\n');
}
