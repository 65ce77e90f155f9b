import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DOMAIN_METRIC_NAMES } from '../../src/observability/domain-metrics';
import { EXPOSED_METRICS } from '../../src/observability/metric-names';
import { metricNames } from './promql';

const OPS = path.resolve(__dirname, '../../docs/monitoring');
const dashboard = JSON.parse(
  fs.readFileSync(path.join(OPS, 'grafana/dashboards/diversion-orchestrator.json'), 'utf8'),
) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
const prometheus = parse(fs.readFileSync(path.join(OPS, 'prometheus/prometheus.yml'), 'utf8')) as {
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
};
const alerts = parse(fs.readFileSync(path.join(OPS, 'prometheus/alerts.yml'), 'utf8')) as {
  groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
};

/** What Prometheus itself records per target. */
const PROMETHEUS_OWN = ['up'];
const exposed = new Set<string>([...EXPOSED_METRICS.api, ...EXPOSED_METRICS.worker, ...PROMETHEUS_OWN]);
const dashboardExpressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
const alertExpressions = alerts.groups.flatMap((group) => group.rules.map((rule) => rule.expr));

describe('the dashboard and the Prometheus configuration', () => {
  it('finds the metric names in PromQL expressions', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le) (rate(diversion_delivery_latency_seconds_bucket{event="x"}[15m]))) > 900 or up{job="worker"}',
      ),
    ).toEqual(['diversion_delivery_latency_seconds', 'up']);
  });

  it.each([
    ['dashboard', dashboardExpressions],
    ['alert', alertExpressions],
  ])('names in every %s expression only metrics the api and the worker expose', (_kind, expressions) => {
    expect(expressions.length).toBeGreaterThan(5);
    const unknown = expressions.flatMap((expression) => metricNames(expression).filter((name) => !exposed.has(name)));
    expect(unknown).toEqual([]);
  });

  it('shows every domain metric and the Temporal SDK latency and slots on the dashboard', () => {
    const shown = new Set(dashboardExpressions.flatMap(metricNames));
    for (const name of [
      ...DOMAIN_METRIC_NAMES,
      'temporal_workflow_task_schedule_to_start_latency',
      'temporal_worker_task_slots_available',
    ]) {
      expect(shown).toContain(name);
    }
    expect(dashboardExpressions.join('\n')).toMatch(/histogram_quantile\(0\.5,.*diversion_delivery_latency_seconds/);
    expect(dashboardExpressions.join('\n')).toMatch(/histogram_quantile\(0\.99,.*diversion_delivery_latency_seconds/);
  });

  it('scrapes the api and the worker on the ports docker-compose.yml gives them', () => {
    const compose = parse(fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8'), {
      merge: true,
    }) as { services: Record<string, { environment?: Record<string, string | number> }> };
    const targets = Object.fromEntries(
      prometheus.scrape_configs.map((job) => [job.job_name, job.static_configs.flatMap((c) => c.targets)]),
    );

    expect(targets).toEqual({
      api: [`api:${compose.services.api?.environment?.PORT}`],
      worker: [`worker:${compose.services.worker?.environment?.WORKER_HTTP_PORT}`],
    });
    for (const job of alertExpressions.join('\n').matchAll(/job="([^"]+)"/g)) expect(targets).toHaveProperty(job[1]!);
  });
});
