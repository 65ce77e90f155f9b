import { ForbiddenException, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
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
    try {
      return await this.client.workflow
        .getHandle(diversionCaseWorkflowId(caseNumber))
        // The row maps its body to this update's argument; the update name is the one the row chose for the role.
        .executeUpdate(ACTION_UPDATES[name] as UpdateDefinition<CaseView, [object]>, {
          args: [{ ...fields, requestId }],
          updateId: `${requestId}#${fingerprint.slice(0, 32)}`,
        });
    } catch (error) {
      throw actionError(error, caseNumber);
    }
  }
}
