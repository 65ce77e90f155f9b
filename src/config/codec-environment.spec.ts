import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devPayloadKeyPath, embeddedCodecEnvironment } from '../temporal/dev-payload-key';
import { ConfigurationError, parseEnvironment, requirePayloadKeys } from './environment';

const secret = () => randomBytes(32).toString('base64');

function problems(env: Record<string, string>): string[] {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('payload codec settings', () => {
  it('reads several keys, the first active unless PAYLOAD_CODEC_ACTIVE_KEY names another', () => {
    const [a, b] = [secret(), secret()];
    const keys = `2027-01:${a}, 2026-06:${b}`;

    expect(parseEnvironment({ PAYLOAD_CODEC_KEYS: keys }).codec).toEqual({
      keys: [
        { id: '2027-01', secret: a },
        { id: '2026-06', secret: b },
      ],
      activeKeyId: '2027-01',
      uiOrigins: [],
    });
    expect(parseEnvironment({ PAYLOAD_CODEC_KEYS: keys, PAYLOAD_CODEC_ACTIVE_KEY: '2026-06' }).codec.activeKeyId).toBe(
      '2026-06',
    );
  });

  it('names each bad key setting', () => {
    expect(
      problems({
        PAYLOAD_CODEC_KEYS: `short:${randomBytes(16).toString('base64')},:${secret()},dup:${secret()},dup:${secret()}`,
        PAYLOAD_CODEC_ACTIVE_KEY: 'absent',
        TEMPORAL_UI_ORIGIN: 'http://localhost:8233/path,ftp://ui',
      }),
    ).toEqual([
      'PAYLOAD_CODEC_KEYS key "short" must be 32 bytes in base64 (openssl rand -base64 32)',
      'PAYLOAD_CODEC_KEYS entries must be id:key, the id made of letters, digits, . _ -',
      'PAYLOAD_CODEC_KEYS names key "dup" twice',
      'PAYLOAD_CODEC_ACTIVE_KEY="absent" must name one of the PAYLOAD_CODEC_KEYS',
      'TEMPORAL_UI_ORIGIN="http://localhost:8233/path" must be origins such as https://temporal.example.org',
      'TEMPORAL_UI_ORIGIN="ftp://ui" must be origins such as https://temporal.example.org',
    ]);
  });

  it('reads the Temporal Web UI origins', () => {
    expect(
      parseEnvironment({ TEMPORAL_UI_ORIGIN: 'https://temporal.example.org, http://localhost:8233/' }).codec.uiOrigins,
    ).toEqual(['https://temporal.example.org', 'http://localhost:8233']);
  });

  it('stops the API and the worker with a clear message when no key is configured', () => {
    expect(() => requirePayloadKeys(parseEnvironment({}))).toThrow(/PAYLOAD_CODEC_KEYS is required.*npm start/s);
    expect(() => requirePayloadKeys(parseEnvironment({ PAYLOAD_CODEC_KEYS: `k:${secret()}` }))).not.toThrow();
  });

  it('gives `npm start` a development key generated once into DATA_DIR, and the embedded UI as the CORS origin', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-dev-key-'));
    try {
      const environment = parseEnvironment({ DATA_DIR: dataDir });
      const first = embeddedCodecEnvironment(environment, 'http://localhost:8233');
      const again = embeddedCodecEnvironment(environment, 'http://localhost:8233');

      expect(first.PAYLOAD_CODEC_KEYS).toMatch(/^dev:[A-Za-z0-9+/]{43}=$/);
      expect(again.PAYLOAD_CODEC_KEYS).toBe(first.PAYLOAD_CODEC_KEYS);
      expect(fs.statSync(devPayloadKeyPath(dataDir)).mode & 0o777).toBe(0o600);
      expect(first.TEMPORAL_UI_ORIGIN).toBe('http://localhost:8233,http://127.0.0.1:8233');
      expect(parseEnvironment({ ...first }).codec.keys).toHaveLength(1);

      const configured = parseEnvironment({ DATA_DIR: dataDir, PAYLOAD_CODEC_KEYS: `prod:${secret()}` });
      expect(embeddedCodecEnvironment(configured, undefined)).toEqual({});
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
