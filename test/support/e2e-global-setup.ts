import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrate';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres';
import { startTemporalDevServer } from '../../src/embedded/temporal-dev-server';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { buildProject } from './build';
import { freePort } from './free-port';
import { temporalBinaries } from './temporal-binaries';

interface E2eStack {
  stop: Array<() => Promise<void>>;
}
declare global {
  var e2eStack: E2eStack | undefined;
}

/**
 * Starts the real stack once for the e2e tier: a Temporal dev server from the pinned CLI, and a fresh database — on
 * the PostgreSQL named by DATABASE_URL when set (CI), on embedded PostgreSQL otherwise. Tests read the addresses from
 * the environment, exactly as the API and worker do.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  const stack: E2eStack = { stop: [] };
  globalThis.e2eStack = stack;
  process.env.TZ = 'UTC';
  const binaries = temporalBinaries();
  process.env.TEMPORAL_TEST_SERVER_PATH = binaries.testServer;
  process.env.TEMPORAL_CLI_PATH = binaries.cli;
  try {
    buildProject();
    const [temporal, databaseUrl] = await Promise.all([
      startTemporalDevServer({
        cliPath: binaries.cli,
        port: await freePort(),
        namespace: 'default',
        searchAttributes: SEARCH_ATTRIBUTES,
      }),
      freshDatabase(stack),
    ]);
    stack.stop.push(() => temporal.stop());
    await runMigrations(databaseUrl);
    process.env.TEMPORAL_ADDRESS = temporal.address;
    process.env.DATABASE_URL = databaseUrl;
    process.env.TEMPORAL_NAMESPACE = 'default';
    // The run's payload key, as a deployment configures one; tests read history with it (support/codec.ts).
    process.env.PAYLOAD_CODEC_KEYS = `e2e-${process.pid}:${randomBytes(32).toString('base64')}`;
  } catch (error) {
    await stopAll(stack);
    throw error;
  }
}

/** A database of its own for one run: on the server DATABASE_URL names, or an embedded PostgreSQL. */
export async function freshDatabase(stack: E2eStack): Promise<string> {
  const name = `diversion_e2e_${Date.now()}_${process.pid}`;
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    stack.stop.push(() => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diversion-e2e-pg-'));
  fs.chmodSync(dataDir, 0o777);
  const database = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'data'),
    port: await freePort(),
    database: name,
  });
  stack.stop.push(async () => {
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return database.url;
}

/** One statement on the server DATABASE_URL names (CREATE and DROP DATABASE). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function stopAll(stack: E2eStack): Promise<void> {
  for (const stop of stack.stop.reverse()) {
    await stop().catch((error: unknown) => console.error('e2e teardown:', error));
  }
  stack.stop = [];
}
