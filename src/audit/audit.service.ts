import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEventEntity } from './case-event.entity';
import { chainHash, firstBreak, type ChainBreak, type ChainedContent } from './hash-chain';

/** An audit event to append; `eventKey` makes the append idempotent per case, the sequence is assigned here. */
export type NewCaseEvent = Omit<ChainedContent, 'sequence'>;

export interface ChainVerification {
  cases: number;
  rows: number;
  firstBreak?: ChainBreak;
}

/** The append-only, hash-chained audit trail (`case_events`). */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends in its own transaction (or the caller's `manager`); a repeated eventKey returns the stored row. */
  append(event: NewCaseEvent, manager?: EntityManager): Promise<CaseEventEntity> {
    if (manager) return appendCaseEvent(manager, event);
    return this.dataSource.transaction((m) => appendCaseEvent(m, event));
  }

  listForCase(caseNumber: string): Promise<CaseEventEntity[]> {
    return this.dataSource.getRepository(CaseEventEntity).find({ where: { caseNumber }, order: { sequence: 'ASC' } });
  }

  /** Verifies every case's chain; names the first broken row found. */
  async verifyAll(): Promise<ChainVerification> {
    const rows = await this.dataSource
      .getRepository(CaseEventEntity)
      .find({ order: { caseNumber: 'ASC', sequence: 'ASC' } });
    const byCase = new Map<string, CaseEventEntity[]>();
    for (const row of rows) byCase.set(row.caseNumber, [...(byCase.get(row.caseNumber) ?? []), row]);
    for (const caseRows of byCase.values()) {
      const broken = firstBreak(caseRows);
      if (broken) return { cases: byCase.size, rows: rows.length, firstBreak: broken };
    }
    return { cases: byCase.size, rows: rows.length };
  }
}

/** Serialises appends per case with a transaction-scoped advisory lock, then chains the new row to the last one. */
export async function appendCaseEvent(manager: EntityManager, event: NewCaseEvent): Promise<CaseEventEntity> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('case_events:' || $1, 0))`, [event.caseNumber]);
  const repository = manager.getRepository(CaseEventEntity);
  const existing = await repository.findOneBy({ caseNumber: event.caseNumber, eventKey: event.eventKey });
  if (existing) return existing;
  const last = await repository.findOne({ where: { caseNumber: event.caseNumber }, order: { sequence: 'DESC' } });
  const previousHash = last?.hash ?? null;
  const content = { ...event, sequence: (last?.sequence ?? 0) + 1 };
  return repository.save(repository.create({ ...content, previousHash, hash: chainHash(content, previousHash) }));
}
