import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the embedded launcher keeps the development signing secret it generated. */
export function devSecretPath(dataDir: string): string {
  return path.join(dataDir, 'auth-dev-secret');
}

export function readDevSecret(dataDir: string): string | undefined {
  return readDataDirSecret(devSecretPath(dataDir));
}

/** Reads the development secret, generating it (owner-readable only) on first use. */
export function readOrCreateDevSecret(dataDir: string): string {
  return readOrCreateDataDirSecret(devSecretPath(dataDir), () => randomBytes(32).toString('base64url'));
}

/** A development secret `npm start` keeps in DATA_DIR (one line), when there is one. */
export function readDataDirSecret(file: string): string | undefined {
  try {
    const secret = fs.readFileSync(file, 'utf8').trim();
    return secret || undefined;
  } catch {
    return undefined;
  }
}

/** Reads a development secret from DATA_DIR, generating it (owner-readable only) on first use. */
export function readOrCreateDataDirSecret(file: string, generate: () => string): string {
  const existing = readDataDirSecret(file);
  if (existing) return existing;
  const secret = generate();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
