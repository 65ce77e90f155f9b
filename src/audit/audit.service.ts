import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Raw, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
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
  await lockCaseRecords(manager, event.caseNumber);
  const [row] = await appendCaseEvents(manager, event.caseNumber, [event]);
  return row!;
}

/**
 * Appends a case's events in order, each chained to the one before, in two statements whatever their number: one read
 * of the keys already stored and of the last row's sequence and hash, and one insert of the rows not yet stored. The
 * caller holds the case's lock (`lockCaseRecords`, to the end of its transaction, so appends and whatever it writes
 * after them apply one writer at a time). An event whose key is stored already is not appended again; its stored row
 * is returned in its place.
 */
export async function appendCaseEvents(
  manager: EntityManager,
  caseNumber: string,
  events: readonly NewCaseEvent[],
): Promise<CaseEventEntity[]> {
  if (events.length === 0) return [];
  const repository = manager.getRepository(CaseEventEntity);
  const keys = events.map((event) => event.eventKey);
  // The rows already stored under these keys, and the case's last row, in one read.
  const stored = await repository.find({
    where: [
      { caseNumber, eventKey: In(keys) },
      {
        caseNumber,
        sequence: Raw(
          (column) => `${column} = (SELECT max(sequence) FROM case_events WHERE case_number = :caseNumber)`,
          {
            caseNumber,
          },
        ),
      },
    ],
  });
  const byKey = new Map(stored.map((row) => [row.eventKey, row]));
  const last = stored.reduce<CaseEventEntity | undefined>((a, b) => (a && a.sequence > b.sequence ? a : b), undefined);
  let previous = last ? { sequence: last.sequence, hash: last.hash } : { sequence: 0, hash: null as string | null };
  const rows: CaseEventEntity[] = [];
  const fresh: CaseEventEntity[] = [];
  for (const event of events) {
    const existing = byKey.get(event.eventKey);
    if (existing) {
      rows.push(existing);
      continue;
    }
    const content = { ...event, caseNumber, sequence: previous.sequence + 1 };
    const row = repository.create({ ...content, previousHash: previous.hash, hash: chainHash(content, previous.hash) });
    byKey.set(event.eventKey, row);
    rows.push(row);
    fresh.push(row);
    previous = { sequence: row.sequence, hash: row.hash };
  }
  // (Typed as a partial row: TypeORM's type for a jsonb column refuses a plain record. The insert fills in the ids.)
  if (fresh.length > 0) await repository.insert(fresh as Array<QueryDeepPartialEntity<CaseEventEntity>>);
  return rows;
}

/** The transaction-scoped lock that makes one writer at a time of a case's records (its audit trail, its projection). */
export async function lockCaseRecords(manager: EntityManager, caseNumber: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('case_events:' || $1, 0))`, [caseNumber]);
}
