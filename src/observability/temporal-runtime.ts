import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Environment } from '../config/environment';
import { PinoTemporalLogger, rootLogger } from './logging';

/**
 * Installs the worker's Temporal runtime: the SDK's logs (its own, the worker's, and those of the workflow and
 * activity context loggers, the native core's forwarded too) go through our pino logger; its metrics are served in
 * Prometheus format on a loopback port, which the worker's /metrics merges with the domain metrics.
 */
export function installTemporalRuntime({ app, observability }: Environment): void {
  const logger = rootLogger({ ...observability, logLevel: app.logLevel, service: 'worker' }).child({
    component: 'temporal',
  });
  // The SDK logs at INFO the whole workflow bundle's build output; keep that for debugging.
  if (app.logLevel !== 'debug' && app.logLevel !== 'verbose') logger.level = 'warn';
  Runtime.install({
    logger: new PinoTemporalLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      metrics: {
        prometheus: { bindAddress: `127.0.0.1:${observability.temporalMetricsPort}`, useSecondsForDurations: true },
      },
    },
  });
}
