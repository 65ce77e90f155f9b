import { ForbiddenException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Client, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../audit/hash-chain';
import { actingRole, type AuthenticatedActor } from '../auth/auth.types';
import {
  ACTION_UPDATES,
  diversionCaseWorkflowId,
  type CaseView,
} from '../../workflows/diversion-case/diversion-case.contract';
import { rolesOf, updateFor, type ActionRoute, type PathParams } from './case-action-table';
import { CaseAccessService } from './case-access.service';
import { actionError } from './case-errors';

/**
 * How long a request waits for its case: for the workflow to take the action (a worker must run the case's workflow
 * task), then for the answer (the action's audit events written, in the same task). A case that is stuck, or whose
 * worker is down, answers 503 within these bounds instead of holding the request open indefinitely.
 */
export const ACTION_DEADLINES_MS = { accepted: 10_000, answered: 20_000 } as const;

/**
 * Runs a case action as its workflow update. The Idempotency-Key (or a fresh id) is the action's requestId; the
 * update id adds a hash of the action and its fields, so a retry of the same request joins the first one while a
 * different request under the same key reaches the workflow, which refuses it (422) instead of Temporal answering it
 * with the first request's result.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly client: Client,
    private readonly access: CaseAccessService,
  ) {}

  async run(
    row: ActionRoute,
    caseNumber: string,
    params: PathParams,
    dto: object,
    actor: AuthenticatedActor,
    idempotencyKey: string | undefined,
  ): Promise<CaseView> {
    await this.access.findOpen(caseNumber, actor);
    const roles = rolesOf(row);
    const role = actingRole(actor, roles);
    const name = role && updateFor(row, role);
    if (!role || !name) throw new ForbiddenException(`this action needs the role ${roles.join(' or ')}`);
    const fields = { ...row.argument(dto, params, name), actor: { id: actor.id, role } };
    const requestId = idempotencyKey ?? randomUUID();
    const fingerprint = createHash('sha256')
      .update(canonicalJson({ action: name, ...fields }))
      .digest('hex');
    const started = Date.now();
    let accepted = false;
    try {
      const handle = this.client.workflow.getHandle(diversionCaseWorkflowId(caseNumber));
      const update = await this.client.withDeadline(started + ACTION_DEADLINES_MS.accepted, () =>
        // The row maps its body to this update's argument; the update name is the one the row chose for the role.
        handle.startUpdate(ACTION_UPDATES[name] as UpdateDefinition<CaseView, [object]>, {
          args: [{ ...fields, requestId }],
          updateId: `${requestId}#${fingerprint.slice(0, 32)}`,
          waitForStage: 'ACCEPTED',
        }),
      );
      accepted = true;
      return await this.client.withDeadline(started + ACTION_DEADLINES_MS.answered, () => update.result());
    } catch (error) {
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw notAnswered(caseNumber, requestId, accepted);
      throw actionError(error, caseNumber);
    }
  }
}

/**
 * 503 for an action the case did not answer in time. Either way the same Idempotency-Key finds it again: a retry with
 * it joins the same update (taken meanwhile or not), so the action is never applied twice.
 */
function notAnswered(caseNumber: string, requestId: string, accepted: boolean): ServiceUnavailableException {
  const what = accepted
    ? `case ${caseNumber} took the action but has not finished recording it`
    : `case ${caseNumber} did not take the action in time (its worker may be down); it may still take it`;
  return new ServiceUnavailableException({
    statusCode: 503,
    error: 'Service Unavailable',
    message: `${what}; repeat the request with the header Idempotency-Key: ${requestId} to get its outcome`,
    idempotencyKey: requestId,
  });
}
