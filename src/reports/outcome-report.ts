import { OPEN_STAGES, type CaseStage, type OpenStage } from '../../workflows/diversion-case/diversion-case.contract';
import type { CaseProjectionEntity } from '../cases/case-projection.entity';

export type ReportCase = Pick<
  CaseProjectionEntity,
  | 'stage'
  | 'offenceCategory'
  | 'demographics'
  | 'closeReason'
  | 'stageEnteredAt'
  | 'policyDayMs'
  | 'restitutionOrderedCents'
  | 'restitutionPaidCents'
  | 'serviceHoursOrdered'
  | 'serviceHoursLogged'
  | 'victims'
>;

/** The open stages a case passes through, in order; days per stage are measured between entries. */
export const REPORTED_STAGES = OPEN_STAGES;

const PARTICIPATING = new Set(['participate', 'surrogate', 'letter']);

export interface OutcomeMetrics {
  referrals: number;
  /** Cases whose responsible party accepted (reached victim consent). */
  enrolled: number;
  completed: number;
  returned: number;
  returnedByReason: Record<string, number>;
  /** completed / (completed + returned); null while no case has closed. */
  completionRate: number | null;
  /** Median days spent in each stage, over the cases that left it; null when none did. */
  medianDaysPerStage: Record<OpenStage, number | null>;
  restitutionOrderedCents: number;
  restitutionPaidCents: number;
  serviceHoursOrdered: number;
  serviceHoursLogged: number;
  victims: { total: number; answered: number; participating: number; participationRate: number | null };
}

export interface OutcomeReport {
  from: string;
  to: string;
  totals: OutcomeMetrics;
  byOffenceCategory: Record<string, OutcomeMetrics>;
  /** Per recorded demographic field, per value (cases without the field are not counted there). */
  byDemographic: Record<string, Record<string, OutcomeMetrics>>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 100) / 100;
}

/** How long a case stayed in each stage it left: entry time to the next stage's entry time. */
export function stageDurations(entered: Partial<Record<CaseStage, number>>): Partial<Record<CaseStage, number>> {
  const entries = (Object.entries(entered) as Array<[CaseStage, number]>).sort(([, a], [, b]) => a - b);
  const durations: Partial<Record<CaseStage, number>> = {};
  for (const [index, [stage, at]] of entries.entries()) {
    const next = entries[index + 1];
    if (next) durations[stage] = next[1] - at;
  }
  return durations;
}

export function outcomeMetrics(cases: readonly ReportCase[]): OutcomeMetrics {
  const completed = cases.filter((c) => c.stage === 'CLOSED_COMPLETED').length;
  const returnedCases = cases.filter((c) => c.stage === 'CLOSED_RETURNED');
  const returnedByReason: Record<string, number> = {};
  for (const c of returnedCases) {
    const reason = c.closeReason ?? 'UNKNOWN';
    returnedByReason[reason] = (returnedByReason[reason] ?? 0) + 1;
  }
  // Days in each case's own policy days: a compressed case's stage of two policy days counts as two days.
  const durations = cases.map((c) => ({ ms: stageDurations(c.stageEnteredAt), dayMs: c.policyDayMs }));
  const medianDaysPerStage = Object.fromEntries(
    REPORTED_STAGES.map((stage) => [
      stage,
      median(
        durations.flatMap(({ ms, dayMs }) => {
          const stageMs = ms[stage];
          return stageMs === undefined ? [] : [stageMs / dayMs];
        }),
      ),
    ]),
  ) as OutcomeMetrics['medianDaysPerStage'];
  const victims = cases.flatMap((c) => c.victims);
  const answered = victims.filter((v) => v.answer !== undefined).length;
  const participating = victims.filter((v) => v.answer !== undefined && PARTICIPATING.has(v.answer)).length;
  const closed = completed + returnedCases.length;
  return {
    referrals: cases.length,
    enrolled: cases.filter((c) => c.stageEnteredAt.VICTIM_CONSENT !== undefined).length,
    completed,
    returned: returnedCases.length,
    returnedByReason,
    completionRate: closed === 0 ? null : Math.round((completed / closed) * 10_000) / 10_000,
    medianDaysPerStage,
    restitutionOrderedCents: sum(cases, (c) => c.restitutionOrderedCents),
    restitutionPaidCents: sum(cases, (c) => c.restitutionPaidCents),
    serviceHoursOrdered: sum(cases, (c) => c.serviceHoursOrdered),
    serviceHoursLogged: sum(cases, (c) => c.serviceHoursLogged),
    victims: {
      total: victims.length,
      answered,
      participating,
      participationRate: answered === 0 ? null : Math.round((participating / answered) * 10_000) / 10_000,
    },
  };
}

/** The outcome report over the cases referred in the period (pure). */
export function outcomeReport(cases: readonly ReportCase[], from: Date, to: Date): OutcomeReport {
  const byOffenceCategory = Object.fromEntries(
    [...groupBy(cases, (c) => [c.offenceCategory])].map(([key, group]) => [key, outcomeMetrics(group)]),
  );
  const fields = [...new Set(cases.flatMap((c) => Object.keys(c.demographics ?? {})))].sort();
  const byDemographic = Object.fromEntries(
    fields.map((field) => {
      const groups = groupBy(cases, (c) => {
        const value = c.demographics?.[field];
        return value === undefined || value === null ? [] : [String(value)];
      });
      return [field, Object.fromEntries([...groups].map(([value, group]) => [value, outcomeMetrics(group)]))];
    }),
  );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    totals: outcomeMetrics(cases),
    byOffenceCategory,
    byDemographic,
  };
}

/** One CSV row per group (totals, each offence category, each demographic value). */
export function outcomeReportCsv(report: OutcomeReport): string {
  const header = [
    'group',
    'value',
    'referrals',
    'enrolled',
    'completed',
    'returned',
    'completion_rate',
    'restitution_ordered_cents',
    'restitution_paid_cents',
    'service_hours_ordered',
    'service_hours_logged',
    'victims',
    'victims_participating',
    'victim_participation_rate',
    ...REPORTED_STAGES.map((stage) => `median_days_${stage.toLowerCase()}`),
    'returned_by_reason',
  ];
  const row = (group: string, value: string, m: OutcomeMetrics): string[] => [
    group,
    value,
    String(m.referrals),
    String(m.enrolled),
    String(m.completed),
    String(m.returned),
    m.completionRate === null ? '' : String(m.completionRate),
    String(m.restitutionOrderedCents),
    String(m.restitutionPaidCents),
    String(m.serviceHoursOrdered),
    String(m.serviceHoursLogged),
    String(m.victims.total),
    String(m.victims.participating),
    m.victims.participationRate === null ? '' : String(m.victims.participationRate),
    ...REPORTED_STAGES.map((stage) =>
      m.medianDaysPerStage[stage] === null ? '' : String(m.medianDaysPerStage[stage]),
    ),
    Object.entries(m.returnedByReason)
      .map(([reason, count]) => `${reason}:${count}`)
      .join(';'),
  ];
  const rows = [
    header,
    row('total', '', report.totals),
    ...Object.entries(report.byOffenceCategory).map(([category, m]) => row('offence_category', category, m)),
    ...Object.entries(report.byDemographic).flatMap(([field, values]) =>
      Object.entries(values).map(([value, m]) => row(`demographic:${field}`, value, m)),
    ),
  ];
  return `${rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvCell(value: string): string {
  // Quote when needed; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + Number(pick(item)), 0);
}

function groupBy<T>(items: readonly T[], keys: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) for (const key of keys(item)) groups.set(key, [...(groups.get(key) ?? []), item]);
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
