/**
 * What OpenTelemetry's browser build (the one the workflow bundle takes) reads from the global scope when its modules
 * load: `performance`. Its own set-up assigns it only inside a workflow, so it is assigned here for the thread, before
 * the tracing modules are preloaded (src/observability/workflow-tracing.preload.ts). `now()` is the workflow's own
 * clock, as there: a span's time is `timeOrigin + now()`. (Its set-up also assigns `window`, which nothing reads where
 * `globalThis` exists, and which the SDK could not freeze.)
 */
Object.assign(globalThis, { performance: { timeOrigin: 0, now: () => Date.now() } });
