import { DataSource } from 'typeorm';
import { CaseRecordsService } from '../../src/cases/case-records.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { record } from '../../workflows/diversion-case/case';
import { projectionSnapshot } from '../../workflows/diversion-case/case-view';
import { caseNumber } from '../cases/referral';
import { freshDatabase } from '../support/e2e-global-setup';
import { latency } from './measure';
import { caseInMonitoringState } from './seeded-cases';

/**
 * `node scripts/bench.js record-write`: the workflow's record write alone (CaseRecordsService.record, the local
 * activity's body) against a fresh database, as an update makes it: each case's whole first batch once, then one
 * event and the projection per write. Prints per-write latency, so a change to the write can be measured by itself.
 */
async function main(): Promise<void> {
  const holder = { stop: [] as Array<() => Promise<void>> };
  const url = await freshDatabase(holder);
  try {
    await runMigrations(url);
    const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
    const service = new CaseRecordsService(dataSource);
    const cases = Array.from({ length: 10 }, (_, i) =>
      caseInMonitoringState(caseNumber('BENCH-RW'), Date.now() + 3_600_000 * 50, i, Date.now()),
    );
    for (const { c } of cases) {
      await service.record({
        caseNumber: c.referral.caseNumber,
        events: c.state.unrecorded.splice(0),
        projection: projectionSnapshot(c, Date.now()),
      });
    }
    const samples: number[] = [];
    for (let round = 0; round < 60; round += 1) {
      for (const { c } of cases) {
        record(c, 'note_added', Date.now(), { id: 'alice', role: 'coordinator' });
        const batch = {
          caseNumber: c.referral.caseNumber,
          events: c.state.unrecorded.splice(0),
          projection: projectionSnapshot(c, Date.now()),
        };
        const started = performance.now();
        await service.record(batch);
        if (round >= 10) samples.push(performance.now() - started);
      }
    }
    console.log(`record write, one event + projection (ms): ${JSON.stringify(latency(samples))}`);
    await dataSource.destroy();
  } finally {
    for (const stop of holder.stop.reverse()) await stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
