import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import {
  appConfig,
  authConfig,
  casesConfig,
  codecConfig,
  databaseConfig,
  mailConfig,
  observabilityConfig,
  smsConfig,
  temporalConfig,
  validateEnvironment,
  webConfig,
} from './configuration';

/** Validated, typed configuration for both entry points; a bad environment stops start-up naming every bad key. */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: true,
      load: [
        appConfig,
        temporalConfig,
        databaseConfig,
        mailConfig,
        smsConfig,
        authConfig,
        casesConfig,
        observabilityConfig,
        codecConfig,
        webConfig,
      ],
      validate: validateEnvironment,
    }),
  ],
})
export class AppConfigModule {}
