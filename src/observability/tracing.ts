import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

interface Tracing {
  sdk: NodeSDK;
  processor: SpanProcessor;
  resource: Resource;
}

let tracing: Tracing | undefined;

/**
 * Starts OpenTelemetry's Node SDK, exporting spans over OTLP/HTTP to `endpoint`, when one is configured; without it
 * nothing starts and every tracer is OpenTelemetry's no-op. Must run before `node:http` is loaded by anything else, so
 * the HTTP instrumentation sees the server (the entry points import `register-tracing` first).
 */
export function startTracing(service: string, endpoint: string | undefined): void {
  if (!endpoint || tracing) return;
  const resource = new Resource({ 'service.name': service });
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const processor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 });
  const sdk = new NodeSDK({
    resource,
    spanProcessors: [processor],
    instrumentations: [
      // Incoming requests only: outgoing URLs (a provider's API with a phone number in its query) stay out of spans.
      new HttpInstrumentation({ ignoreOutgoingRequestHook: () => true }),
    ],
  });
  sdk.start();
  tracing = { sdk, processor, resource };
}

/** Where the worker's workflow spans go: the SDK's processor when tracing is on, a no-op otherwise. */
export function workflowSpanSink(): { processor: SpanProcessor; resource: Resource } {
  return tracing ?? { processor: new NoopSpanProcessor(), resource: Resource.default() };
}

/** Flushes and stops the SDK (a no-op when tracing is off). */
export async function stopTracing(): Promise<void> {
  const current = tracing;
  tracing = undefined;
  await current?.sdk.shutdown();
}
