import { DOMAIN_METRIC_NAMES } from './domain-metrics';
import { HTTP_METRIC_NAMES } from './http-metrics';

/** The Temporal SDK metrics the dashboard and the alerts use (the worker's /metrics carries all of the SDK's). */
export const SDK_METRIC_NAMES = [
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_activity_schedule_to_start_latency',
  'temporal_worker_task_slots_available',
  'temporal_worker_task_slots_used',
  'temporal_num_pollers',
] as const;

/**
 * The metric families each process exposes that dashboards and alerts may name (histograms by their family name).
 * The end-to-end test checks them against a live scrape; the dashboard test checks docs/monitoring/ names nothing else.
 */
export const EXPOSED_METRICS = {
  api: [...HTTP_METRIC_NAMES],
  worker: [...DOMAIN_METRIC_NAMES, ...SDK_METRIC_NAMES],
} as const;
