import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '../config/configuration';
import { dataSourceOptions } from '../database/data-source-options';
import { AuditService } from './audit.service';

/** `npm run audit:verify`: checks every case's hash chain; exits 1 naming the first broken row. */
async function main(): Promise<void> {
  const url = loadEnvironment().database.url;
  if (!url) throw new Error('set DATABASE_URL (`npm start` prints the embedded database URL in its banner)');
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const result = await new AuditService(dataSource).verifyAll();
    if (result.firstBreak) {
      const { caseNumber, id, sequence, problem } = result.firstBreak;
      process.stdout.write(`BROKEN: case ${caseNumber}, row id ${id} (sequence ${sequence}): ${problem}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`OK: ${result.rows} events in ${result.cases} cases, every chain verifies\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
