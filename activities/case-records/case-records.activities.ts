import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';
import { appendCaseEvent } from '../../src/audit/audit.service';
import { CaseProjectionEntity } from '../../src/cases/case-projection.entity';
import { projectionFromView } from '../../src/cases/case-projection.mapper';
import {
  diversionCaseWorkflowId,
  getCase,
  type CaseView,
} from '../../workflows/diversion-case/diversion-case.contract';
import type { CaseEventRecord } from '../../workflows/diversion-case/diversion-case.contract';

/**
 * Records every case transition: appends it to the hash-chained audit trail (once per event key) and brings the case
 * projection up to date from the workflow's live view, in one transaction.
 */
@Injectable()
export class CaseRecordActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: Client,
  ) {}

  async recordCaseEvent(event: CaseEventRecord): Promise<void> {
    // The live view carries what the event does not (agreement amounts, progress, stage times); it is at least as new
    // as the event, and `eventCount` keeps a slower activity from overwriting a newer projection.
    const view = await this.client.workflow.getHandle(diversionCaseWorkflowId(event.caseNumber)).query(getCase);
    await this.dataSource.transaction(async (manager) => {
      await appendCaseEvent(manager, {
        caseNumber: event.caseNumber,
        eventKey: event.eventKey,
        type: event.type,
        stageFrom: event.stageFrom,
        stageTo: event.stageTo,
        actorId: event.actor?.id ?? 'system',
        actorRole: event.actor?.role ?? 'system',
        details: event.details,
        occurredAt: new Date(event.occurredAtMs),
      });
      await upsertProjection(manager, view);
    });
  }
}

async function upsertProjection(manager: EntityManager, view: CaseView): Promise<void> {
  const repository = manager.getRepository(CaseProjectionEntity);
  const state = projectionFromView(view);
  const existing = await repository.findOneBy({ caseNumber: view.caseNumber });
  if (!existing) {
    // A case started outside the API: the referral facts the view lacks (court, demographics) stay empty.
    await repository.insert({
      caseNumber: view.caseNumber,
      coordinatorId: view.coordinatorId,
      prosecutorId: view.prosecutorId,
      offenceCategory: view.offenceCategory,
      chargingDeadline: new Date(view.chargingDeadlineMs),
      referralDate: new Date(state.stageEnteredAt.SCREENING ?? Date.now()),
      ...state,
    });
    return;
  }
  if (existing.eventCount > state.eventCount) return;
  await repository.update({ caseNumber: view.caseNumber }, state);
}
