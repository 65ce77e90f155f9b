import './observability/register-tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApi } from './api';
import { loadServerEnvironment } from './config/configuration';

/** The API process. */
async function bootstrap(): Promise<void> {
  const { app: settings } = loadServerEnvironment();
  const app = await createApi(settings.logLevel);
  await app.listen(settings.port);
  new Logger('Api').log(`API listening on http://localhost:${settings.port} (OpenAPI at /docs)`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Api').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
