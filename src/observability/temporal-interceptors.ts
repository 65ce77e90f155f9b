import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { workflowSpanSink } from './tracing';

/** The workflow-side tracing interceptors (behind `patched()`); also compiled into the prebuilt workflow bundle. */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('./workflow-tracing.interceptors')];

/** Loaded once per workflow thread, shared by every case on it (src/observability/workflow-tracing.preload.ts). */
export const WORKFLOW_PRELOAD_MODULES = [require.resolve('./workflow-tracing.preload')];

/** The Temporal client's interceptors: start, update and query calls carry the caller's trace context. */
export function clientInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** Activity executions continue the trace of the workflow (and so of the HTTP request) that scheduled them. */
export const tracingActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/** The sink the workflow interceptors export their spans through. */
export function tracingSinks(): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  const { processor, resource } = workflowSpanSink();
  return { exporter: makeWorkflowExporter(processor, resource) };
}

/** What the worker adds to its options: tracing and the activity observer (logging context, delivery metrics). */
export function observedWorkerOptions(
  observer: { interceptors: ActivityInterceptorsFactory },
  prebuiltBundle: boolean,
): Pick<WorkerOptions, 'interceptors' | 'sinks' | 'bundlerOptions'> {
  return {
    interceptors: {
      activity: [tracingActivityInterceptors, observer.interceptors],
      // A prebuilt bundle has them compiled in (src/temporal/bundle-workflows.ts).
      ...(prebuiltBundle ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
    },
    sinks: tracingSinks(),
    ...(prebuiltBundle ? {} : { bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES } }),
  };
}
