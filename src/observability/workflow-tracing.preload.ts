/**
 * Loaded once per workflow thread, before any case runs in it (the bundle's `preloadModules`), so every case on the
 * thread shares OpenTelemetry's modules, one tracer and one context manager.
 *
 * Otherwise each case instantiates those modules for itself, and with them a context manager holding an
 * `AsyncLocalStorage` of its own. Node copies every live storage's slot onto every promise the thread creates, so with
 * 250 cases in the worker's cache each promise carried 250 slots and memory grew with the square of the cache (about
 * 120 MiB of the 300 live at 250 cases; docs/PERFORMANCE.md). Shared, there is one storage, for the thread's life.
 *
 * The SDK deep-freezes what a preloaded module leaves in the global scope, which is where OpenTelemetry registers its
 * context manager, propagator and tracer provider. So the context manager registered here keeps its storage in a
 * closure, out of the freeze's reach, and the provider registered is an empty proxy: the interceptors trace through
 * the tracer of their own module (created here too, and shared), never through the global provider, and that tracer's
 * exporter, which sets itself up on its first span, stays unfrozen. Sharing is safe because none of it holds a case's
 * state: the context lives in each case's own promises, spans are exported through `proxySinks()`, which finds the
 * running case on each call, and spans never make commands.
 */
import './workflow-tracing.globals';
import {
  context,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  trace,
  type Context,
  type ContextManager,
} from '@opentelemetry/api';
import { OpenTelemetryInboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { AsyncLocalStorage } from '@temporalio/workflow';

const storage = new AsyncLocalStorage<Context>();

/** As the SDK's own workflow context manager, with the storage out of the freeze's reach. */
const sharedContextManager: ContextManager = {
  active: () => storage.getStore() ?? ROOT_CONTEXT,
  with: (ctx, fn, thisArg, ...args) =>
    storage.run(ctx, thisArg === undefined || thisArg === null ? fn : fn.bind(thisArg), ...args),
  bind: (ctx, target) => {
    if (typeof target !== 'function') return target;
    const bound = (...args: unknown[]): unknown =>
      storage.run(ctx, () => (target as (...a: unknown[]) => unknown)(...args));
    return bound as typeof target;
  },
  enable: () => sharedContextManager,
  disable: () => sharedContextManager,
};

context.setGlobalContextManager(sharedContextManager);
trace.setGlobalTracerProvider(new ProxyTracerProvider());
// The interceptors' module creates its tracer and registers the W3C propagator on the first interceptor made; its own
// context manager and provider are refused, being second.
new OpenTelemetryInboundInterceptor();
