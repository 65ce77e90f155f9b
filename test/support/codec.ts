import type { DataConverter } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { parseEnvironment } from '../../src/config/environment';
import { encryptingDataConverter, type PayloadKeySettings } from '../../src/temporal/data-converter';

/**
 * The workflow tier's payload key. Fixed, not random: histories recorded for the replay corpus
 * (RECORD_HISTORIES=1) are encrypted under it and must replay in later runs. A test key, never a deployment's.
 */
export const TEST_PAYLOAD_KEYS: PayloadKeySettings = {
  keys: [{ id: 'test-1', secret: createHash('sha256').update('workflow-tier test payload key').digest('base64') }],
  activeKeyId: 'test-1',
};

/** The service's data converter (encrypting codec, encoded failures) under the workflow tier's key. */
export const testDataConverter: DataConverter = encryptingDataConverter(TEST_PAYLOAD_KEYS);

/** The e2e tier: the data converter under the keys this run's API and worker read (set by the global setup). */
export function configuredDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  return encryptingDataConverter(parseEnvironment(env).codec);
}
