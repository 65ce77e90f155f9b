import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { firstBreak } from '../../src/audit/hash-chain';
import { CaseProjectionEntity } from '../../src/cases/case-projection.entity';
import { CaseRecordsService } from '../../src/cases/case-records.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import type { CaseRecordBatch } from '../../workflows/diversion-case/case-activities.contract';
import { record } from '../../workflows/diversion-case/case';
import { projectionSnapshot } from '../../workflows/diversion-case/case-view';
import { caseInMonitoringState } from '../bench/seeded-cases';
import { caseNumber } from './referral';

/**
 * The workflow's record write (the `recordCaseEvents` local activity's body) against the run's PostgreSQL: the audit
 * trail gets each event once, chained, and the projection the latest snapshot, whatever the order writes arrive in.
 */
describe('the case record write', () => {
  let dataSource: DataSource;
  let records: CaseRecordsService;
  let audit: AuditService;
  const alice = { id: 'alice', role: 'coordinator' as const };

  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    records = new CaseRecordsService(dataSource);
    audit = new AuditService(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  /** A case agreed just now (its first batch unwritten), and a function that takes its next batch. */
  function agreedCase() {
    const { c } = caseInMonitoringState(caseNumber('REC'), Date.now() + 86_400_000, 1, Date.now());
    const batch = (): CaseRecordBatch => ({
      caseNumber: c.referral.caseNumber,
      events: c.state.unrecorded.splice(0),
      projection: projectionSnapshot(c, Date.now()),
    });
    return { c, number: c.referral.caseNumber, batch };
  }
  const projectionOf = (number: string) =>
    dataSource.getRepository(CaseProjectionEntity).findOneByOrFail({ caseNumber: number });

  it('writes a case with no projection row yet: every event of its first batch in order, chained, and its row', async () => {
    const { number, batch } = agreedCase();
    const first = batch();
    expect(first.events.length).toBeGreaterThan(3);
    await records.record(first);
    const rows = await audit.listForCase(number);
    expect(rows.map((row) => row.sequence)).toEqual(first.events.map((_, i) => i + 1));
    expect(rows.map((row) => row.eventKey)).toEqual(first.events.map((event) => event.eventKey));
    expect(firstBreak(rows)).toBeUndefined();
    expect((await projectionOf(number)).eventCount).toBe(first.projection.eventCount);
  });

  it('stores a batch written twice once, and keeps the later snapshot when an earlier one arrives after it', async () => {
    const { c, number, batch } = agreedCase();
    await records.record(batch());
    record(c, 'note_added', Date.now(), alice);
    const earlier = batch();
    record(c, 'note_added', Date.now(), alice);
    const later = batch();
    await records.record(earlier);
    await records.record(later);
    // A retried write of the earlier batch: its event is stored already and its snapshot is older.
    await records.record(earlier);
    const rows = await audit.listForCase(number);
    expect(rows.filter((row) => row.type === 'note_added')).toHaveLength(2);
    expect(new Set(rows.map((row) => row.eventKey)).size).toBe(rows.length);
    expect(firstBreak(rows)).toBeUndefined();
    expect((await projectionOf(number)).eventCount).toBe(later.projection.eventCount);
  });

  it('lets concurrent writers of one case take turns, each event stored once in a single unbroken chain', async () => {
    const { c, number, batch } = agreedCase();
    await records.record(batch());
    const batches = Array.from({ length: 8 }, () => {
      record(c, 'note_added', Date.now(), alice);
      return batch();
    });
    // Every batch twice, all at once: a quick write and its retry racing, for each.
    await Promise.all([...batches, ...batches].map((b) => records.record(b)));
    const rows = await audit.listForCase(number);
    expect(rows.filter((row) => row.type === 'note_added')).toHaveLength(8);
    expect(rows.map((row) => row.sequence)).toEqual(rows.map((_, i) => i + 1));
    expect(firstBreak(rows)).toBeUndefined();
    expect((await projectionOf(number)).eventCount).toBe(batches.at(-1)!.projection.eventCount);
  });
});
