import type { DataConverter } from '@temporalio/common';
import type { Environment } from '../config/environment';
import { EncryptionCodec, type PayloadKeyring } from './payload-codec';

/** The module the client, the worker and the workflow bundle load the failure converter from. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export type PayloadKeySettings = Pick<Environment['codec'], 'keys' | 'activeKeyId'>;

/** The configured keys (base64, as PAYLOAD_CODEC_KEYS gives them) as the codec takes them. */
export function payloadKeyring(settings: PayloadKeySettings): PayloadKeyring {
  const activeKeyId = settings.activeKeyId ?? settings.keys[0]?.id;
  if (activeKeyId === undefined) throw new Error('no payload key is configured (PAYLOAD_CODEC_KEYS)');
  return { activeKeyId, keys: settings.keys.map(({ id, secret }) => ({ id, key: Buffer.from(secret, 'base64') })) };
}

/**
 * The one data converter of every Temporal client and worker of this service: payloads encrypted by the payload
 * codec, and failures' messages and stack traces encoded so the codec encrypts them as well.
 */
export function encryptingDataConverter(settings: PayloadKeySettings): DataConverter {
  return {
    failureConverterPath: FAILURE_CONVERTER_PATH,
    payloadCodecs: [new EncryptionCodec(payloadKeyring(settings))],
  };
}
