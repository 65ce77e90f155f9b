// Every workflow the worker registers; the worker bundles this file (workflowsPath) or its prebuilt bundle.
export { diversionCaseWorkflow } from './diversion-case/diversion-case.workflow';
export { systemCheckWorkflow } from './system-check/system-check.workflow';
