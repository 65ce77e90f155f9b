import { ForbiddenException, Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { actingRole, type AuthenticatedActor, type StaffRole } from '../auth/auth.types';
import {
  diversionCaseWorkflowId,
  type ActionBase,
  type CaseView,
} from '../../workflows/diversion-case/diversion-case.contract';
import { CaseAccessService } from './case-access.service';
import { CaseProjectionEntity } from './case-projection.entity';
import { actionError } from './case-errors';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

/** An action's own fields (distributes over unions such as accept | decline). */
export type ActionFields<T> = T extends unknown ? Omit<T, keyof ActionBase> : never;

/** What an action needs besides its own fields: who may do it, which update it is, the request id. */
export interface ActionRequest {
  caseNumber: string;
  actor: AuthenticatedActor;
  roles: readonly StaffRole[];
  idempotencyKey: string | undefined;
}

/**
 * Every human action is a workflow update: the Idempotency-Key (or a fresh id) is both the update id and the
 * action's requestId, so a retried request applies once; a validator's rejection becomes 409 with its message.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly client: Client,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    @InjectRepository(CaseProjectionEntity) private readonly projections: Repository<CaseProjectionEntity>,
  ) {}

  async apply<T extends ActionBase>(
    request: ActionRequest,
    update: UpdateDefinition<CaseView, [T]>,
    fields: ActionFields<T>,
  ): Promise<CaseView> {
    const { caseNumber, actor } = request;
    await this.access.findOpen(caseNumber, actor);
    const role = actingRole(actor, request.roles);
    if (!role) throw new ForbiddenException(`this action needs the role ${request.roles.join(' or ')}`);
    const requestId = request.idempotencyKey ?? randomUUID();
    const argument = { ...fields, requestId, actor: { id: actor.id, role } } as unknown as T;
    try {
      return await this.client.workflow
        .getHandle(diversionCaseWorkflowId(caseNumber))
        .executeUpdate(update, { args: [argument], updateId: requestId });
    } catch (error) {
      throw actionError(error, caseNumber);
    }
  }

  /**
   * Hands the case to another coordinator. The workflow has no reassignment update yet, so this changes the
   * assignment the API enforces and the task lists read, and records it in the audit trail.
   */
  async reassign(
    caseNumber: string,
    actor: AuthenticatedActor,
    coordinatorId: string,
    reason: string,
    idempotencyKey: string | undefined,
  ): Promise<CaseProjectionEntity> {
    const row = await this.access.findOpen(caseNumber, actor);
    const requestId = idempotencyKey ?? randomUUID();
    await this.projections.manager.transaction(async (manager) => {
      await this.audit.append(
        {
          caseNumber,
          eventKey: `api:reassign:${requestId}`,
          type: 'coordinator_reassigned',
          stageFrom: row.stage,
          stageTo: row.stage,
          actorId: actor.id,
          actorRole: 'admin',
          details: { from: row.coordinatorId, to: coordinatorId, reason },
          occurredAt: new Date(),
        },
        manager,
      );
      await manager.getRepository(CaseProjectionEntity).update({ caseNumber }, { coordinatorId });
    });
    return this.access.find(caseNumber);
  }
}
