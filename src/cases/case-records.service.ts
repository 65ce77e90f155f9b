import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { appendCaseEvent } from '../audit/audit.service';
import type { CaseRecordBatch } from '../../workflows/diversion-case/diversion-case.contract';
import { CaseProjectionEntity } from './case-projection.entity';
import { projectionFromSnapshot } from './case-projection.mapper';

/**
 * The one writer of a case's records: appends the workflow's audit events to the hash-chained trail (once per event
 * key) and brings the projection up to the snapshot sent with them, in one transaction. It reads nothing back from
 * the workflow: the batch carries all it needs.
 */
@Injectable()
export class CaseRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  record(batch: CaseRecordBatch): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      for (const event of batch.events) {
        await appendCaseEvent(manager, {
          caseNumber: batch.caseNumber,
          eventKey: event.eventKey,
          type: event.type,
          stageFrom: event.stageFrom,
          stageTo: event.stageTo,
          actorId: event.actor?.id ?? 'system',
          actorRole: event.actor?.role ?? 'system',
          details: event.details,
          occurredAt: new Date(event.occurredAtMs),
        });
      }
      await upsertProjection(manager, batch);
    });
  }
}

async function upsertProjection(manager: EntityManager, batch: CaseRecordBatch): Promise<void> {
  const repository = manager.getRepository(CaseProjectionEntity);
  const { projection } = batch;
  const state = projectionFromSnapshot(projection);
  // Rows are locked so two writers of one case (a quick write and its background retry) apply in event order.
  const existing = await repository.findOne({
    where: { caseNumber: batch.caseNumber },
    lock: { mode: 'pessimistic_write' },
  });
  if (!existing) {
    // A case started outside the API: the referral facts the snapshot lacks (court, demographics) stay empty.
    await repository.insert({
      caseNumber: batch.caseNumber,
      prosecutorId: projection.prosecutorId,
      offenceCategory: projection.offenceCategory,
      chargingDeadline: new Date(projection.chargingDeadlineMs),
      referralDate: new Date(projection.referralDateMs),
      ...state,
    });
    return;
  }
  if (existing.eventCount > state.eventCount) return;
  await repository.update({ caseNumber: batch.caseNumber }, state);
}
