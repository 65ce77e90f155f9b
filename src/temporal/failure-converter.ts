import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Error messages and stack traces travel as an encoded payload instead of plain failure fields, so the payload codec
 * encrypts them too. Loaded by path (`failureConverterPath`): the worker bundles it into the workflow sandbox.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
