import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import pino, { type DestinationStream, type LevelWithSilent, type Logger, type LoggerOptions } from 'pino';
import type { LogFormat, LogLevel } from '../config/environment';

/**
 * Field names that may carry a participant's name or contact details. Log lines carry ids, case numbers and codes
 * only; this list is the second line of defence should an object holding them ever be logged whole.
 */
export const PII_FIELDS = [
  'fullName',
  'name',
  'email',
  'phone',
  'address',
  'to',
  'responsibleParty',
  'victims',
  'contact',
] as const;

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  ...PII_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

const PINO_LEVELS: Record<LogLevel, LevelWithSilent> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Nest's LOG_LEVEL names as pino levels: `log` is pino's `info`, `verbose` its `trace`. */
export function pinoLevel(level: LogLevel): LevelWithSilent {
  return PINO_LEVELS[level];
}

export interface LoggerSettings {
  logFormat: LogFormat;
  logLevel: LogLevel;
  service: string;
}

/** A pino logger with our shape: ISO time, the service, PII redacted; pretty or JSON lines to `destination`. */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: pinoLevel(settings.logLevel),
    base: { service: settings.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (settings.logFormat === 'pretty' && !destination) {
    options.transport = { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,service' } };
  }
  return destination ? pino(options, destination) : pino(options);
}

let root: Logger | undefined;

/**
 * The process's one pino logger: Nest (through nestjs-pino), the HTTP request logs and the Temporal SDK all write
 * through it, so every line has the same shape. JSON lines on stdout; pino-pretty when LOG_FORMAT=pretty.
 */
export function rootLogger(settings: LoggerSettings): Logger {
  root ??= createLogger(settings);
  return root;
}

const TEMPORAL_LEVELS: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The Temporal SDK's Logger on pino: runtime, worker, workflow and activity context logs become our JSON lines. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: TemporalLogLevel, message: string, meta?: LogMetadata): void {
    // The SDK says workflowRunId; our own lines say runId, so one field finds a run everywhere.
    const { workflowRunId, ...rest } = meta ?? {};
    this.logger[TEMPORAL_LEVELS[level]](
      workflowRunId === undefined ? rest : { ...rest, runId: workflowRunId },
      message,
    );
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** Applies a level to the process's logger (the API factory takes one, so tests can keep the output quiet). */
export function setLogLevel(level: LogLevel): void {
  if (root) root.level = pinoLevel(level);
}
