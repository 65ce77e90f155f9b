import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CodecModule } from './codec/codec.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { SmsWebhookModule } from './notifications/sms-webhook.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { ClerkInboxModule } from './notices/clerk-inbox.module';
import { ObservabilityModule } from './observability/observability.module';
import { ReportsModule } from './reports/reports.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalClientModule } from './temporal/temporal-client.module';
import { WebModule } from './web/web.module';

/** The API process. */
@Module({
  imports: [
    AppConfigModule,
    ObservabilityModule,
    DatabaseModule,
    TemporalClientModule,
    HealthModule,
    // Per client address: generous for people and scripts, a brake on floods.
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 1200 }]),
    AuthModule,
    CasesModule,
    SmsWebhookModule,
    TasksModule,
    ReportsModule,
    ClerkInboxModule,
    CodecModule,
    WebModule,
  ],
  providers: [
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
    },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class AppModule {}
