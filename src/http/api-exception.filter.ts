import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { caseActionRejection, rejectionError } from '../cases/case-errors';
import { isDatabaseOutage, OUTAGE_RETRY_AFTER_SECONDS } from './dependency-outage';

interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
  headersSent?: boolean;
}

/**
 * The API's error bodies: `{ statusCode, error, message }`, never a stack trace. HTTP exceptions keep their status
 * and messages; a rejected case action is 400, 409 or 422 with the validator's message; anything unexpected is a plain 500
 * (logged with its stack on the server).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (response.headersSent) return;
    const { status, body } = this.describe(exception);
    // Every dependency outage (Temporal, PostgreSQL) tells the client when to try again.
    if (status === 503) response.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      // Structured bodies (validation messages, the health report) go out as they are, as Nest would send them.
      if (typeof raw === 'object') return { status, body: raw as Record<string, unknown> };
      return { status, body: { statusCode: status, error: reasonPhrase(status), message: raw } };
    }
    const rejection = caseActionRejection(exception);
    if (rejection !== undefined) return this.describe(rejectionError(rejection));
    if (exception instanceof ServiceError || isGrpcServiceError(exception)) {
      // Temporal unreachable, or no worker polling the case's task queue: a retry later can succeed.
      this.logger.warn(`Temporal did not answer: ${exception.message}`);
      return {
        status: 503,
        body: { statusCode: 503, error: 'Service Unavailable', message: 'cases are unavailable right now; try again' },
      };
    }
    if (isDatabaseOutage(exception)) {
      this.logger.warn(`PostgreSQL did not answer: ${exception instanceof Error ? exception.message : 'error'}`);
      return {
        status: 503,
        body: {
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'the database is unavailable right now; try again',
        },
      };
    }
    if (exception instanceof QueryFailedError && (exception.driverError as { code?: string }).code === '22P02') {
      return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: ['malformed identifier'] } };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' } };
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}
