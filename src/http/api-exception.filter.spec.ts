import { type ArgumentsHost, BadRequestException, ConflictException, Logger } from '@nestjs/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ApiExceptionFilter } from './api-exception.filter';

function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it("turns a validator's rejection into 409 with its message", () => {
    const rejected = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'CaseActionRejected', message: 'cannot do that now' }),
    );
    expect(answer(rejected)).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'cannot do that now' },
    });
  });

  it('keeps the field messages of a validation error', () => {
    expect(answer(new BadRequestException(['caseNumber must be a string']))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: ['caseNumber must be a string'] },
    });
    expect(answer(new ConflictException('case X already exists')).body.message).toBe('case X already exists');
  });

  it('answers anything unexpected with a plain 500 that carries no stack trace or internal message', () => {
    const { status, body } = answer(new Error('connection to 10.0.0.5:5432 refused'));
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  });

  it('answers 503 when Temporal cannot serve the request (no worker polling, server down)', () => {
    const { status, body } = answer(new ServiceError('Failed to query workflow'));
    expect(status).toBe(503);
    expect(body.message).toBe('cases are unavailable right now; try again');
  });
});
