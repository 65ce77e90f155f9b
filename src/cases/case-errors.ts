import { ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** The failure type the workflow's update validators reject an action with. */
export const CASE_ACTION_REJECTED = 'CaseActionRejected';

/** The validator's message when `error` is a rejected case action, else undefined. */
export function rejectionMessage(error: unknown): string | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.type === CASE_ACTION_REJECTED ? cause.message : undefined;
}

/** Maps what Temporal answered to an action on `caseNumber` to the HTTP error the API gives. */
export function actionError(error: unknown, caseNumber: string): unknown {
  if (error instanceof HttpException) return error;
  const rejected = rejectionMessage(error);
  if (rejected !== undefined) return new ConflictException(rejected);
  if (error instanceof WorkflowNotFoundError) {
    // The projection knows the case, so its workflow has finished: the case is closed.
    return new ConflictException(`case ${caseNumber} is closed; nothing more can be recorded`);
  }
  return error;
}

export function caseNotFound(caseNumber: string): NotFoundException {
  return new NotFoundException(`case ${caseNumber} not found`);
}
