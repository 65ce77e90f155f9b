import type { DataSourceOptions } from 'typeorm';
import { CaseEventEntity } from '../audit/case-event.entity';
import { CreateCaseEvents1764000000000 } from './migrations/1764000000000-CreateCaseEvents';

/** Every entity, listed so the app, the migration CLI and tests see the same model. */
export const ENTITIES = [CaseEventEntity];

/** Every migration in order; `npm run migration:generate` writes a new file that is added here. */
export const MIGRATIONS = [CreateCaseEvents1764000000000];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: 'diversion-orchestrator',
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
