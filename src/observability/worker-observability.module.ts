import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, type AppConfig, observabilityConfig, type ObservabilityConfig } from '../config/configuration';
import { ActivityObserver } from './activity-observer';
import { DomainMetrics } from './domain-metrics';
import { rootLogger } from './logging';

/** The worker's logs (JSON lines; activities' lines carry their workflow and case) and its domain metrics. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY, observabilityConfig.KEY],
      useFactory: (app: AppConfig, observability: ObservabilityConfig) => ({
        pinoHttp: { logger: rootLogger({ ...observability, logLevel: app.logLevel, service: 'worker' }) },
      }),
    }),
  ],
  providers: [DomainMetrics, ActivityObserver],
  exports: [DomainMetrics, ActivityObserver],
})
export class WorkerObservabilityModule {}
