import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadServerEnvironment } from '../config/configuration';
import { dataSourceOptions } from './data-source-options';

/** Applies every pending migration; returns the names of those it ran. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

// `node dist/src/database/migrate.js` — the deploy step before the API starts (docker-compose runs it).
if (require.main === module) {
  runMigrations(loadServerEnvironment().database.url ?? '').then(
    (ran) => console.log(ran.length ? `Applied migrations: ${ran.join(', ')}` : 'No pending migrations'),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
