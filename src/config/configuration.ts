import { type ConfigType, registerAs } from '@nestjs/config';
import { parseEnvironment, requirePayloadKeys, requireServerSettings } from './environment';
import { loadEnvironment, loadServerEnvironment } from './load-environment';

export { childProcessEnvironment, loadEnvironment, loadServerEnvironment } from './load-environment';

export const appConfig = registerAs('app', () => loadEnvironment().app);
export const temporalConfig = registerAs('temporal', () => {
  const { temporal } = loadServerEnvironment();
  return { ...temporal, address: temporal.address ?? '' };
});
export const databaseConfig = registerAs('database', () => {
  const { database } = loadServerEnvironment();
  return { ...database, url: database.url ?? '' };
});
export const mailConfig = registerAs('mail', () => loadEnvironment().mail);
export const smsConfig = registerAs('sms', () => loadEnvironment().sms);
export const authConfig = registerAs('auth', () => loadEnvironment().auth);
export const casesConfig = registerAs('cases', () => loadEnvironment().cases);
/** Payload keys are required wherever payloads are read or written: the API and the worker. */
export const codecConfig = registerAs('codec', () => {
  const environment = loadEnvironment();
  requirePayloadKeys(environment);
  return environment.codec;
});
export const observabilityConfig = registerAs('observability', () => loadEnvironment().observability);
export const webConfig = registerAs('web', () => loadEnvironment().web);

export type AppConfig = ConfigType<typeof appConfig>;
export type TemporalConfig = ConfigType<typeof temporalConfig>;
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
export type MailConfig = ConfigType<typeof mailConfig>;
export type SmsConfig = ConfigType<typeof smsConfig>;
export type AuthConfig = ConfigType<typeof authConfig>;
export type CasesConfig = ConfigType<typeof casesConfig>;
export type CodecConfig = ConfigType<typeof codecConfig>;
export type ObservabilityConfig = ConfigType<typeof observabilityConfig>;
export type WebConfig = ConfigType<typeof webConfig>;

/** Hands the raw environment to the parser for `ConfigModule`'s boot-time validation (one message, every bad key). */
export function validateEnvironment(raw: Record<string, unknown>): Record<string, unknown> {
  const strings = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]),
  );
  requireServerSettings(parseEnvironment(strings));
  return raw;
}
