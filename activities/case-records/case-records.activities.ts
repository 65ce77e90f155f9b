import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { CaseRecordsService } from '../../src/cases/case-records.service';
import { RECORD_REJECTED, type CaseRecordBatch } from '../../workflows/diversion-case/diversion-case.contract';

/**
 * PostgreSQL error classes that retrying the same data cannot fix: data exceptions (22xxx) and integrity violations
 * (23xxx) other than a unique violation, which a concurrent writer of the same event can cause and a retry settles.
 */
function refusesData(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error.driverError as { code?: unknown }).code;
  if (typeof code !== 'string' || code === '23505') return undefined;
  return code.startsWith('22') || code.startsWith('23') ? code : undefined;
}

/** Writes a case's audit events and projection (the workflow's `recordCaseEvents`). */
@Injectable()
export class CaseRecordActivities {
  constructor(private readonly records: CaseRecordsService) {}

  async recordCaseEvents(batch: CaseRecordBatch): Promise<void> {
    try {
      await this.records.record(batch);
    } catch (error) {
      const code = refusesData(error);
      if (code === undefined) throw error;
      // The same batch would be refused again: the workflow opens a RECORD_FAILED review instead of retrying.
      throw ApplicationFailure.nonRetryable(
        `the database refused the records of case ${batch.caseNumber} (SQLSTATE ${code}): ${(error as Error).message}`,
        RECORD_REJECTED,
      );
    }
  }
}
