import { type ArgumentsHost, BadRequestException, ConflictException, Logger } from '@nestjs/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { ApiExceptionFilter } from './api-exception.filter';

function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    setHeader(name: string, value: string) {
      headersSet.set(name, value);
    },
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

const headersSet = new Map<string, string>();

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
    expect(headersSet.get('Retry-After')).toBe('5');
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a refused connection to several addresses', Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }]), {})],
    [
      'an administrator shutdown (57P01)',
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating'), { code: '57P01' })),
    ],
    [
      'a connection terminated mid-query',
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
    ],
    ['a pool that had no connection in time', new Error('timeout exceeded when trying to connect')],
  ])('answers 503 with Retry-After, never 500, for %s', (_what, error) => {
    headersSet.clear();
    const { status, body } = answer(error);
    expect(status).toBe(503);
    expect(body.message).toBe('the database is unavailable right now; try again');
    expect(headersSet.get('Retry-After')).toBe('5');
  });

  it('keeps a data error the database refused as it was (not an outage)', () => {
    const refused = new QueryFailedError('INSERT', [], Object.assign(new Error('out of range'), { code: '22003' }));
    expect(answer(refused).status).toBe(500);
  });
});
