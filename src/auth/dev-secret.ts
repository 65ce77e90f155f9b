import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the embedded launcher keeps the development signing secret it generated. */
export function devSecretPath(dataDir: string): string {
  return path.join(dataDir, 'auth-dev-secret');
}

export function readDevSecret(dataDir: string): string | undefined {
  try {
    const secret = fs.readFileSync(devSecretPath(dataDir), 'utf8').trim();
    return secret || undefined;
  } catch {
    return undefined;
  }
}

/** Reads the development secret, generating it (owner-readable only) on first use. */
export function readOrCreateDevSecret(dataDir: string): string {
  const existing = readDevSecret(dataDir);
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(devSecretPath(dataDir), `${secret}\n`, { mode: 0o600 });
  return secret;
}
