import path from 'node:path';
import { loadEnvironment } from '../config/configuration';
import { startTracing } from './tracing';

// Imported first by both entry points. A bad environment is left for the entry point's own start-up to report.
try {
  const service =
    path.basename(require.main?.filename ?? '', '.js') === 'worker' ? 'diversion-worker' : 'diversion-api';
  startTracing(service, loadEnvironment().observability.otlpEndpoint);
} catch {
  // reported by bootstrap
}
