import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { LogLevel } from '../config/environment';
import { setLogLevel } from './logging';

/** Hands Nest's logging (and the lines buffered during start-up) to the pino logger, at the given level. */
export function useStructuredLogs(app: INestApplicationContext, level: LogLevel): void {
  setLogLevel(level);
  app.useLogger(app.get(Logger));
}
