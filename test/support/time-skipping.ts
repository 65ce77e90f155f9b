import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import path from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../../src/temporal/data-converter';
import { testDataConverter } from './codec';
import { temporalBinaries } from './temporal-binaries';

// Workers in tests log warnings and errors only; a test's assertions, not the worker's chatter, tell what happened.
Runtime.install({ logger: new DefaultLogger('WARN') });

/** Starts the time-skipping test server from the project's pinned binary (see workflow-global-setup). */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const executablePath = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!executablePath) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set; run through the jest "workflow" project');
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: executablePath } },
    client: { dataConverter: testDataConverter },
  });
}

/**
 * Starts a Temporal dev server from the project's pinned CLI, for the few workflow tests the time-skipping server
 * cannot run (a worker that stops and comes back). Time on it is wall-clock time: such tests use compressed policies.
 */
export function createDevServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalBinaries().cli } },
    client: { dataConverter: testDataConverter },
  });
}

/**
 * Bundles the workflows once per test file, so each test's worker starts in milliseconds; with the service's failure
 * converter, as the production bundle has it. Workers of these tests take `testDataConverter`.
 */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../workflows/index.ts'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: new DefaultLogger('WARN'),
  });
}
