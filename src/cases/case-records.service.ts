import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual, type EntityManager } from 'typeorm';
import { appendCaseEvents, lockCaseRecords } from '../audit/audit.service';
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

  /**
   * Five statements for any batch: the case's lock, one read and one insert for the events (appendCaseEvents), one
   * update of the projection, and the commit; an insert instead when the case has no projection row yet.
   */
  record(batch: CaseRecordBatch): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await lockCaseRecords(manager, batch.caseNumber);
      await appendCaseEvents(
        manager,
        batch.caseNumber,
        batch.events.map((event) => ({
          caseNumber: batch.caseNumber,
          eventKey: event.eventKey,
          type: event.type,
          stageFrom: event.stageFrom,
          stageTo: event.stageTo,
          actorId: event.actor?.id ?? 'system',
          actorRole: event.actor?.role ?? 'system',
          details: event.details,
          occurredAt: new Date(event.occurredAtMs),
        })),
      );
      await upsertProjection(manager, batch);
    });
  }
}

/**
 * Brings the projection up to the snapshot unless it already holds a later one (a quick write and its background
 * retry can both reach here; the case's lock makes them take turns, and the later snapshot stays).
 */
async function upsertProjection(manager: EntityManager, batch: CaseRecordBatch): Promise<void> {
  const repository = manager.getRepository(CaseProjectionEntity);
  const { projection } = batch;
  const state = projectionFromSnapshot(projection);
  const updated = await repository.update(
    { caseNumber: batch.caseNumber, eventCount: LessThanOrEqual(state.eventCount) },
    state,
  );
  if (updated.affected) return;
  // No row, or one with a later snapshot (which stays). A case started outside the API has no row yet: the referral
  // facts the snapshot lacks (court, demographics) stay empty.
  await repository
    .createQueryBuilder()
    .insert()
    .values({
      caseNumber: batch.caseNumber,
      prosecutorId: projection.prosecutorId,
      offenceCategory: projection.offenceCategory,
      chargingDeadline: new Date(projection.chargingDeadlineMs),
      referralDate: new Date(projection.referralDateMs),
      ...state,
    })
    .orIgnore()
    .execute();
}
