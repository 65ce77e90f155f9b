/**
 * Workflow-side tracing, compiled into the workflow bundle (sandboxed code: no Node modules, no I/O).
 *
 * OpenTelemetry's workflow interceptors yield in places the plain code does not when a history was recorded without
 * them, so a case started before tracing existed would fail its replay. They therefore run only in workflow runs that
 * started with them, behind `patched()`: a run recorded without the marker keeps running exactly as it was recorded.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  patched,
  type Next,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

export const TRACING_PATCH = 'opentelemetry-tracing';

type Inbound = Required<
  Pick<WorkflowInboundCallsInterceptor, 'execute' | 'handleSignal' | 'handleUpdate' | 'validateUpdate' | 'handleQuery'>
>;
type Outbound = Required<
  Pick<
    WorkflowOutboundCallsInterceptor,
    'scheduleActivity' | 'scheduleLocalActivity' | 'continueAsNew' | 'getLogAttributes'
  >
>;

export const interceptors = (): WorkflowInterceptors => {
  // Decided once per run, when the run starts (the first thing a run does, on first execution and on replay alike).
  let traced = false;
  const inner = new OpenTelemetryInboundInterceptor();
  const outer = new OpenTelemetryOutboundInterceptor();
  const inbound: Inbound = {
    execute: (input, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) => {
      traced = patched(TRACING_PATCH);
      return traced ? inner.execute(input, next) : next(input);
    },
    handleSignal: (input, next) => (traced ? inner.handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (traced ? inner.handleUpdate(input, next) : next(input)),
    validateUpdate: (input, next) => (traced ? inner.validateUpdate(input, next) : next(input)),
    handleQuery: (input, next) => (traced ? inner.handleQuery(input, next) : next(input)),
  };
  const outbound: Outbound = {
    scheduleActivity: (input, next) => (traced ? outer.scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (traced ? outer.scheduleLocalActivity(input, next) : next(input)),
    continueAsNew: (input, next) => (traced ? outer.continueAsNew(input, next) : next(input)),
    getLogAttributes: (input, next) => (traced ? outer.getLogAttributes(input, next) : next(input)),
  };
  // No internals interceptor: OpenTelemetry's disables the context manager when a case leaves the cache, and the
  // manager is the thread's one, shared by every case (workflow-tracing.preload.ts).
  return { inbound: [inbound], outbound: [outbound] };
};
