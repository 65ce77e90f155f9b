import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { FAILURE_CONVERTER_PATH } from './data-converter';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOW_PRELOAD_MODULES } from '../observability/temporal-interceptors';

/**
 * Writes the prebuilt workflow bundle the production worker loads (WORKFLOW_BUNDLE_PATH), so a worker starts without
 * webpack and every replica runs byte-identical workflow code. Part of `npm run build`.
 */
async function bundle(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve(path.join(__dirname, '../../workflows')),
    // The sandbox's failures (a workflow's own errors) are encoded, and so encrypted, like the worker's.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: new DefaultLogger('WARN'),
  });
  const target = path.resolve(__dirname, '../../workflow-bundle.js');
  fs.writeFileSync(target, code);
  console.log(`workflow bundle: ${path.relative(process.cwd(), target)} (${(code.length / 1024).toFixed(0)} KiB)`);
}

bundle().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
