import type { VNode } from 'preact';
import type { OutcomeMetrics, OutcomeReport } from '../../reports/outcome-report';
import { REPORTED_STAGES } from '../../reports/outcome-report';
import { dollars, words } from './format';
import { Layout, type PageContext } from './layout';

interface Bar {
  label: string;
  value: number;
  /** What the bar says in words (the value with its unit). */
  text: string;
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 190;
const CHART_WIDTH = 560;

/** A horizontal bar chart drawn on the server as SVG: no script, a title and a text table for screen readers. */
export function BarChart(props: { id: string; title: string; bars: readonly Bar[]; max?: number }): VNode {
  const max = Math.max(props.max ?? 0, ...props.bars.map((b) => b.value), 1);
  const plot = CHART_WIDTH - LABEL_WIDTH - 90;
  const height = Math.max(props.bars.length, 1) * (BAR_HEIGHT + 8) + 8;
  return (
    <figure class="workspace-chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>
        <h3>{props.title}</h3>
      </figcaption>
      <svg
        viewBox={`0 0 ${CHART_WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-svg-title`}
        class="workspace-chart__svg"
      >
        <title id={`${props.id}-svg-title`}>
          {props.title}: {props.bars.map((b) => `${b.label} ${b.text}`).join('; ') || 'no data'}
        </title>
        {props.bars.map((bar, i) => {
          const y = 8 + i * (BAR_HEIGHT + 8);
          const width = Math.max(2, Math.round((bar.value / max) * plot));
          return (
            <g key={bar.label}>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT * 0.7} text-anchor="end" class="workspace-chart__label">
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT} class="workspace-chart__bar" />
              <text x={LABEL_WIDTH + width + 6} y={y + BAR_HEIGHT * 0.7} class="workspace-chart__value">
                {bar.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${Math.round(rate * 100)}%`);

function rateBars(groups: Record<string, OutcomeMetrics>, pick: (m: OutcomeMetrics) => number | null): Bar[] {
  return Object.entries(groups).map(([label, metrics]) => {
    const rate = pick(metrics);
    return { label: words(label), value: rate ?? 0, text: percent(rate) };
  });
}

/** The outcome report as charts (completion, returns, days per stage, restitution, victims, disparity breakdowns). */
export function ReportPage(props: { ctx: PageContext; report: OutcomeReport }): VNode {
  const { report } = props;
  const t = report.totals;
  const query = `from=${encodeURIComponent(report.from)}&to=${encodeURIComponent(report.to)}`;
  return (
    <Layout ctx={props.ctx} title="Outcome report">
      <p class="usa-intro">
        Cases referred from {report.from.slice(0, 10)} to {report.to.slice(0, 10)}: {t.referrals} referrals,{' '}
        {t.enrolled} enrolled, {t.completed} completed, {t.returned} returned.
      </p>
      <p>
        <a class="usa-button usa-button--outline" href={`/app/admin/reports/outcomes.csv?${query}`} download>
          Download the CSV
        </a>
      </p>
      <BarChart
        id="outcomes"
        title="Outcomes"
        bars={[
          { label: 'Completion rate', value: t.completionRate ?? 0, text: percent(t.completionRate) },
          {
            label: 'Return rate',
            value: t.completionRate === null ? 0 : 1 - t.completionRate,
            text: t.completionRate === null ? 'n/a' : percent(1 - t.completionRate),
          },
          {
            label: 'Victim participation',
            value: t.victims.participationRate ?? 0,
            text: percent(t.victims.participationRate),
          },
        ]}
        max={1}
      />
      <BarChart
        id="stages"
        title="Median days per stage"
        bars={REPORTED_STAGES.map((stage) => {
          const days = t.medianDaysPerStage[stage];
          return { label: words(stage), value: days ?? 0, text: days === null ? 'n/a' : `${days} days` };
        })}
      />
      <BarChart
        id="restitution"
        title="Restitution and service"
        bars={[
          { label: 'Restitution ordered', value: t.restitutionOrderedCents, text: dollars(t.restitutionOrderedCents) },
          { label: 'Restitution paid', value: t.restitutionPaidCents, text: dollars(t.restitutionPaidCents) },
        ]}
      />
      <BarChart
        id="by-offence"
        title="Completion rate by offence category"
        bars={rateBars(report.byOffenceCategory, (m) => m.completionRate)}
        max={1}
      />
      {Object.entries(report.byDemographic).map(([fieldName, groups]) => (
        <BarChart
          key={fieldName}
          id={`by-${fieldName}`}
          title={`Completion rate by ${words(fieldName).toLowerCase()}`}
          bars={rateBars(groups, (m) => m.completionRate)}
          max={1}
        />
      ))}
    </Layout>
  );
}
