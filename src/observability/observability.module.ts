import {
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
  RequestMethod,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, type AppConfig, observabilityConfig, type ObservabilityConfig } from '../config/configuration';
import { ApiMetrics, HttpMetricsMiddleware } from './http-metrics';
import { httpLoggingParams } from './http-logging';
import { LogContextInterceptor } from './log-context.interceptor';
import { rootLogger } from './logging';
import { MetricsController } from './metrics.controller';
import { stopTracing } from './tracing';

/** The API's logs (JSON lines per request, with the case and the actor), `/metrics` and its HTTP metrics. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY, observabilityConfig.KEY],
      useFactory: (app: AppConfig, observability: ObservabilityConfig) =>
        httpLoggingParams(rootLogger({ ...observability, logLevel: app.logLevel, service: 'api' })),
    }),
  ],
  controllers: [MetricsController],
  providers: [ApiMetrics, { provide: APP_INTERCEPTOR, useClass: LogContextInterceptor }],
})
export class ObservabilityModule implements NestModule, OnApplicationShutdown {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }

  /** Flushes the spans still buffered (a no-op when tracing is off). */
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}
