import {
  BadRequestException,
  ConflictException,
  HttpException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CASE_ACTION_REJECTED, type ActionRejection } from '../../workflows/diversion-case/diversion-case.contract';

/** A rejected case action: the validator's message and how it was rejected. */
export interface CaseActionRejection extends ActionRejection {
  message: string;
}

/** What the workflow's validator said when `error` is a rejected case action, else undefined. */
export function caseActionRejection(error: unknown): CaseActionRejection | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== CASE_ACTION_REJECTED) return undefined;
  const details = (cause.details?.[0] ?? {}) as Partial<ActionRejection>;
  return {
    kind: details.kind ?? 'conflict',
    ...(details.field ? { field: details.field } : {}),
    message: cause.message,
  };
}

/** The workflow's field names (epoch milliseconds) as the API names them (ISO times): atMs → at. */
const apiField = (field: string): string => field.replace(/Ms\b/g, '');

/** The HTTP error for a rejected action: 400 naming the field, 409 for the case's state, 422 for a reused key. */
export function rejectionError(rejection: CaseActionRejection): HttpException {
  switch (rejection.kind) {
    case 'invalid': {
      const field = rejection.field ? apiField(rejection.field) : undefined;
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [rejection.message],
        ...(field ? { field } : {}),
      });
    }
    case 'request_reused':
      return new UnprocessableEntityException(rejection.message);
    case 'conflict':
      return new ConflictException(rejection.message);
  }
}

/** Maps what Temporal answered to an action on `caseNumber` to the HTTP error the API gives. */
export function actionError(error: unknown, caseNumber: string): unknown {
  if (error instanceof HttpException) return error;
  const rejection = caseActionRejection(error);
  if (rejection !== undefined) return rejectionError(rejection);
  if (error instanceof WorkflowNotFoundError) {
    // The projection knows the case, so its workflow has finished: the case is closed.
    return new ConflictException(`case ${caseNumber} is closed; nothing more can be recorded`);
  }
  return error;
}

export function caseNotFound(caseNumber: string): NotFoundException {
  return new NotFoundException(`case ${caseNumber} not found`);
}
