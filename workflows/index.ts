// Every workflow the worker registers; the worker bundles this file (workflowsPath) or its prebuilt bundle.
export { systemCheckWorkflow } from './system-check/system-check.workflow';
