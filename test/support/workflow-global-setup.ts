import { temporalBinaries } from './temporal-binaries';

/** Resolves the time-skipping test server once for every workflow test file. */
export default function workflowGlobalSetup(): void {
  process.env.TEMPORAL_TEST_SERVER_PATH = temporalBinaries().testServer;
  process.env.TZ = 'UTC';
}
