import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadServerEnvironment } from '../config/configuration';
import { dataSourceOptions } from './data-source-options';

// The data source the TypeORM CLI uses (`npm run migration:*`); the app builds the same options in DatabaseModule.
export default new DataSource(dataSourceOptions(loadServerEnvironment().database.url ?? ''));
