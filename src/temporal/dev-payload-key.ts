import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readDataDirSecret, readOrCreateDataDirSecret } from '../auth/dev-secret';
import type { Environment } from '../config/environment';

/** Where the embedded launcher keeps the development payload key it generated, as PAYLOAD_CODEC_KEYS reads it. */
export function devPayloadKeyPath(dataDir: string): string {
  return path.join(dataDir, 'payload-codec-dev-key');
}

export function readDevPayloadKeys(dataDir: string): string | undefined {
  return readDataDirSecret(devPayloadKeyPath(dataDir));
}

/** Reads the development payload key (`dev:<base64>`), generating it (owner-readable only) on first use. */
export function readOrCreateDevPayloadKeys(dataDir: string): string {
  return readOrCreateDataDirSecret(devPayloadKeyPath(dataDir), () => `dev:${randomBytes(32).toString('base64')}`);
}

/**
 * What `npm start` hands the API and the worker for payload encryption: the configured keys, or a development key
 * generated once into DATA_DIR (losing it makes the stored cases' payloads unreadable, as losing a real key would);
 * and, when it runs the Web UI, that UI's origin for the codec endpoint's CORS.
 */
export function embeddedCodecEnvironment(environment: Environment, uiUrl: string | undefined): Record<string, string> {
  const { codec, embedded } = environment;
  return {
    ...(codec.keys.length === 0 ? { PAYLOAD_CODEC_KEYS: readOrCreateDevPayloadKeys(embedded.dataDir) } : {}),
    ...(codec.uiOrigins.length === 0 && uiUrl
      ? { TEMPORAL_UI_ORIGIN: [uiUrl, uiUrl.replace('//localhost:', '//127.0.0.1:')].join(',') }
      : {}),
  };
}
