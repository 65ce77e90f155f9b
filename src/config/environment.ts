import path from 'node:path';

/** The settings the service accepts, read and checked in one place (nothing else reads `process.env`). */
export interface Environment {
  app: { port: number; logLevel: LogLevel };
  temporal: {
    /** Absent only for the embedded launcher, which starts a dev server and passes its address on. */
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    /** A prebuilt workflow bundle (production); without it the worker bundles `workflows/` at start-up. */
    workflowBundlePath: string | undefined;
    /** How much the worker holds at once, so its memory stays bounded however many cases are open. */
    worker: WorkerCapacity;
  };
  database: { url: string | undefined; migrateOnStart: boolean };
  mail: { smtpUrl: string | undefined; from: string; outboxDir: string };
  /** Twilio's REST API when an account is set, the file outbox (OUTBOX_DIR/sms) otherwise. */
  sms: {
    twilio: { baseUrl: string; accountSid: string; authToken: string; from: string } | undefined;
    /** The program name HELP answers with when no policy is at hand. */
    programName: string;
    /**
     * The API's address as Twilio sees it (scheme and host, behind any TLS-terminating proxy): webhook signatures are
     * checked against it and status callbacks point at it. Unset: the request's own URL, and no status callbacks.
     */
    publicBaseUrl: string | undefined;
  };
  auth: {
    /** HS256 secret for development tokens; production verifies against a JWKS instead. */
    jwtSecret: string | undefined;
    jwksUrl: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    /** The longest a token may live (exp − iat, or exp − now without iat); a token without exp is refused. */
    maxTokenLifetimeSeconds: number;
  };
  /** Temporal payload encryption (src/temporal/payload-codec.ts) and the Web UI's codec endpoint. */
  codec: {
    /** Every configured key, base64 as given; the active one encrypts, all of them decrypt. Empty when unset. */
    keys: Array<{ id: string; secret: string }>;
    activeKeyId: string | undefined;
    /** Origins of the Temporal Web UI allowed to call /codec/* from a browser (CORS). */
    uiOrigins: string[];
  };
  /** The staff workspace (src/web): OpenID Connect sign-in in production, a pick of seeded staff in development. */
  web: {
    /** NODE_ENV is not `production`: the development sign-in is offered and cookies are not marked Secure. */
    development: boolean;
    oidc: { issuer: string; clientId: string; clientSecret: string | undefined; redirectUrl: string } | undefined;
    /** Encrypts the session cookie; AUTH_JWT_SECRET when unset, else a per-process random key. */
    sessionSecret: string | undefined;
  };
  cases: {
    /** Lets any caller of POST /cases choose the policy (demos, e2e tests); otherwise only admins may. */
    allowPolicyOverride: boolean;
  };
  /** Logs, metrics and traces (docs/operations.md, "Operating it" in the README). */
  observability: {
    /** JSON lines everywhere except `npm start`, which asks for pino-pretty. */
    logFormat: LogFormat;
    /** The worker's own HTTP port for /metrics and /health; 0 picks a free port. */
    workerHttpPort: number;
    /** Where the worker's Temporal runtime serves its Prometheus metrics (loopback only); the worker merges them. */
    temporalMetricsPort: number;
    /** OTLP/HTTP endpoint for traces; tracing is off without it. */
    otlpEndpoint: string | undefined;
  };
  embedded: {
    dataDir: string;
    postgresPort: number;
    temporalPort: number;
    temporalUiPort: number;
    temporalCliPath: string | undefined;
  };
}

/**
 * The worker's bounds. A case evicted from the workflow cache costs nothing until its next timer or action, when it
 * replays from history (docs/PERFORMANCE.md measures that); so memory follows the cache, not the open cases.
 */
export interface WorkerCapacity {
  /** Cases kept in memory between workflow tasks (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTasks: number;
  maxConcurrentActivities: number;
  maxConcurrentLocalActivities: number;
  /** The worker's V8 old-space limit in MiB; the launcher passes it as --max-old-space-size. Unset: Node's default. */
  maxHeapMb: number | undefined;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Nest's logger wants every level to print, most severe first: `warn` means error and warn. */
export function logLevelsUpTo(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** Every variable the configuration accepts; docker-compose.yml is checked against this list. */
export const ENVIRONMENT_KEYS = [
  'NODE_ENV',
  'PORT',
  'LOG_LEVEL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'WORKFLOW_BUNDLE_PATH',
  'WORKER_MAX_CACHED_WORKFLOWS',
  'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
  'WORKER_MAX_CONCURRENT_ACTIVITIES',
  'WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES',
  'WORKER_MAX_HEAP_MB',
  'DATABASE_URL',
  'DATABASE_MIGRATE_ON_START',
  'SMTP_URL',
  'MAIL_FROM',
  'OUTBOX_DIR',
  'TWILIO_BASE_URL',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'PROGRAM_NAME',
  'PUBLIC_BASE_URL',
  'DATA_DIR',
  'EMBEDDED_POSTGRES_PORT',
  'TEMPORAL_PORT',
  'TEMPORAL_UI_PORT',
  'TEMPORAL_CLI_PATH',
  'TEMPORAL_TEST_SERVER_PATH',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_MAX_TOKEN_HOURS',
  'ALLOW_POLICY_OVERRIDE',
  'PAYLOAD_CODEC_KEYS',
  'PAYLOAD_CODEC_ACTIVE_KEY',
  'TEMPORAL_UI_ORIGIN',
  'LOG_FORMAT',
  'WORKER_HTTP_PORT',
  'TEMPORAL_METRICS_PORT',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'WEB_OIDC_ISSUER',
  'WEB_OIDC_CLIENT_ID',
  'WEB_OIDC_CLIENT_SECRET',
  'WEB_OIDC_REDIRECT_URL',
  'WEB_SESSION_SECRET',
] as const;
export type EnvironmentKey = (typeof ENVIRONMENT_KEYS)[number];

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

type RawEnvironment = Record<string, string | undefined>;

/** Reads one variable at a time, collecting every problem so a bad start names all bad keys at once. */
class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: RawEnvironment) {}

  string(key: EnvironmentKey, fallback: string): string {
    return this.optionalString(key) ?? fallback;
  }

  optionalString(key: EnvironmentKey): string | undefined {
    const value = this.env[key]?.trim();
    return value ? value : undefined;
  }

  port(key: EnvironmentKey, fallback: number, lowest = 1): number {
    const raw = this.optionalString(key);
    if (raw === undefined) return fallback;
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || port < lowest || port > 65535) {
      this.problems.push(`${key}="${raw}" must be a port number between ${lowest} and 65535`);
      return fallback;
    }
    return port;
  }

  integer(key: EnvironmentKey, fallback: number, lowest: number, highest: number): number {
    const raw = this.optionalString(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < lowest || value > highest) {
      this.problems.push(`${key}="${raw}" must be a whole number from ${lowest} to ${highest}`);
      return fallback;
    }
    return value;
  }

  boolean(key: EnvironmentKey, fallback: boolean): boolean {
    const raw = this.optionalString(key)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${key}="${raw}" must be true or false`);
    return fallback;
  }

  url(key: EnvironmentKey, protocols: string[]): string | undefined {
    const raw = this.optionalString(key);
    if (raw === undefined) return undefined;
    let protocol: string | undefined;
    try {
      protocol = new URL(raw).protocol.replace(/:$/, '');
    } catch {
      protocol = undefined;
    }
    if (protocol === undefined || !protocols.includes(protocol)) {
      this.problems.push(`${key} must be a ${protocols.map((p) => `${p}://`).join(' or ')} URL`);
      return undefined;
    }
    return raw;
  }

  hostPort(key: EnvironmentKey): string | undefined {
    const raw = this.optionalString(key);
    if (raw === undefined) return undefined;
    const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(raw);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      this.problems.push(`${key}="${raw}" must be host:port, for example 127.0.0.1:7233`);
      return undefined;
    }
    return raw;
  }

  oneOf<T extends string>(key: EnvironmentKey, allowed: readonly T[], fallback: T): T {
    const raw = this.optionalString(key);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${key}="${raw}" must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  name(key: EnvironmentKey, fallback: string): string {
    const value = this.string(key, fallback);
    if (!/^[A-Za-z0-9._-]+$/.test(value)) this.problems.push(`${key}="${value}" may use only letters, digits, . _ -`);
    return value;
  }

  email(key: EnvironmentKey, fallback: string): string {
    const value = this.string(key, fallback);
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(value.replace(/^.*<(.+)>$/, '$1'))) {
      this.problems.push(`${key}="${value}" must be an email address, optionally as "Name <address>"`);
    }
    return value;
  }
}

/** Parses and checks the environment; throws one `ConfigurationError` naming every bad key. */
export function parseEnvironment(env: RawEnvironment, cwd = process.cwd()): Environment {
  const read = new Reader(env);
  const dataDir = path.resolve(cwd, read.string('DATA_DIR', '.data'));
  const result: Environment = {
    app: { port: read.port('PORT', 3000), logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'log') },
    temporal: {
      address: read.hostPort('TEMPORAL_ADDRESS'),
      namespace: read.name('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: read.name('TEMPORAL_TASK_QUEUE', 'diversion-cases'),
      workflowBundlePath: absolute(cwd, read.optionalString('WORKFLOW_BUNDLE_PATH')),
      worker: readWorkerCapacity(read),
    },
    database: {
      url: read.url('DATABASE_URL', ['postgres', 'postgresql']),
      migrateOnStart: read.boolean('DATABASE_MIGRATE_ON_START', false),
    },
    mail: {
      smtpUrl: read.url('SMTP_URL', ['smtp', 'smtps']),
      from: read.email('MAIL_FROM', 'Diversion Program <diversion@localhost>'),
      outboxDir: path.resolve(cwd, read.string('OUTBOX_DIR', path.join(dataDir, 'outbox'))),
    },
    sms: readSms(read),
    auth: readAuth(read),
    codec: readCodec(read),
    web: readWeb(read),
    cases: { allowPolicyOverride: read.boolean('ALLOW_POLICY_OVERRIDE', false) },
    observability: {
      logFormat: read.oneOf('LOG_FORMAT', LOG_FORMATS, 'json'),
      workerHttpPort: read.port('WORKER_HTTP_PORT', 3001, 0),
      temporalMetricsPort: read.port('TEMPORAL_METRICS_PORT', 9464),
      otlpEndpoint: read.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']),
    },
    embedded: {
      dataDir,
      postgresPort: read.port('EMBEDDED_POSTGRES_PORT', 5488),
      temporalPort: read.port('TEMPORAL_PORT', 7233),
      temporalUiPort: read.port('TEMPORAL_UI_PORT', 8233),
      temporalCliPath: absolute(cwd, read.optionalString('TEMPORAL_CLI_PATH')),
    },
  };
  if (read.problems.length > 0) throw new ConfigurationError(read.problems);
  return result;
}

/**
 * Defaults sized for a worker of about 1 GiB. `npm run bench` measured about 2.5 MiB of worker memory per cached case
 * (each case in the workflow sandbox holds its own instance of every module the workflow bundle loads), so 250 cached
 * cases stay inside it whether 1,000 or 10,000 cases are open. The SDK's own default follows the heap limit instead
 * (about 2,300 cases with Node's default heap on this class of machine), which is how memory outgrew the machine.
 */
function readWorkerCapacity(read: Reader): WorkerCapacity {
  const maxCachedWorkflows = read.integer('WORKER_MAX_CACHED_WORKFLOWS', 250, 0, 100_000);
  const tasks = read.integer('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 40, 2, 1000);
  const heap = read.optionalString('WORKER_MAX_HEAP_MB');
  return {
    maxCachedWorkflows,
    // The SDK refuses more concurrent workflow tasks than cached workflows (unless the cache is off).
    maxConcurrentWorkflowTasks: maxCachedWorkflows > 0 ? Math.min(tasks, Math.max(maxCachedWorkflows, 2)) : tasks,
    maxConcurrentActivities: read.integer('WORKER_MAX_CONCURRENT_ACTIVITIES', 100, 1, 10_000),
    maxConcurrentLocalActivities: read.integer('WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES', 100, 1, 10_000),
    maxHeapMb: heap === undefined ? undefined : read.integer('WORKER_MAX_HEAP_MB', 0, 256, 65_536),
  };
}

/** The settings a server process (API or worker) cannot run without. */
export function requireServerSettings(environment: Environment): void {
  const problems: string[] = [];
  if (!environment.temporal.address) {
    problems.push(
      'TEMPORAL_ADDRESS is required (host:port of the Temporal frontend), or run `npm start` for all-in-one',
    );
  }
  if (!environment.database.url) {
    problems.push('DATABASE_URL is required (postgres://user@host:5432/db), or run `npm start` for all-in-one');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
}

/** The settings the API and the worker need to encrypt and decrypt Temporal payloads. */
export function requirePayloadKeys(environment: Environment): void {
  if (environment.codec.keys.length > 0) return;
  throw new ConfigurationError([
    'PAYLOAD_CODEC_KEYS is required: one or more id:key pairs, each key 32 random bytes in base64 ' +
      '(for example `2027-01:$(openssl rand -base64 32)`), or run `npm start`, which generates a development key',
  ]);
}

/**
 * PAYLOAD_CODEC_KEYS is a comma-separated list of `id:base64-key` (32 bytes each); PAYLOAD_CODEC_ACTIVE_KEY names
 * the one that encrypts (the first by default). TEMPORAL_UI_ORIGIN is a comma-separated list of origins.
 */
function readCodec(read: Reader): Environment['codec'] {
  const keys: Environment['codec']['keys'] = [];
  for (const entry of (read.optionalString('PAYLOAD_CODEC_KEYS') ?? '').split(',').map((part) => part.trim())) {
    if (!entry) continue;
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    const secret = entry.slice(separator + 1);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
      read.problems.push('PAYLOAD_CODEC_KEYS entries must be id:key, the id made of letters, digits, . _ -');
    } else if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret) || Buffer.from(secret, 'base64').length !== 32) {
      read.problems.push(`PAYLOAD_CODEC_KEYS key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`);
    } else if (keys.some((key) => key.id === id)) {
      read.problems.push(`PAYLOAD_CODEC_KEYS names key "${id}" twice`);
    } else {
      keys.push({ id, secret });
    }
  }
  const activeKeyId = read.optionalString('PAYLOAD_CODEC_ACTIVE_KEY') ?? keys[0]?.id;
  if (activeKeyId !== undefined && !keys.some((key) => key.id === activeKeyId)) {
    read.problems.push(`PAYLOAD_CODEC_ACTIVE_KEY="${activeKeyId}" must name one of the PAYLOAD_CODEC_KEYS`);
  }
  const uiOrigins: string[] = [];
  for (const origin of (read.optionalString('TEMPORAL_UI_ORIGIN') ?? '').split(',').map((part) => part.trim())) {
    if (!origin) continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
      read.problems.push(`TEMPORAL_UI_ORIGIN="${origin}" must be origins such as https://temporal.example.org`);
    } else {
      uiOrigins.push(parsed.origin);
    }
  }
  return { keys, activeKeyId, uiOrigins };
}

/** HS256 secret (development) or JWKS URL with issuer and audience (production). */
function readAuth(read: Reader): Environment['auth'] {
  const jwtSecret = read.optionalString('AUTH_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    read.problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  }
  const auth = {
    jwtSecret,
    jwksUrl: read.url('AUTH_JWKS_URL', ['https', 'http']),
    issuer: read.optionalString('AUTH_ISSUER'),
    audience: read.optionalString('AUTH_AUDIENCE'),
    maxTokenLifetimeSeconds: maxTokenHours(read) * 3600,
  };
  if (read.optionalString('AUTH_JWKS_URL') !== undefined && (!auth.issuer || !auth.audience)) {
    read.problems.push('AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE');
  }
  return auth;
}

/** AUTH_MAX_TOKEN_HOURS: a whole number of hours from 1 to 168 (default 12, a working day with margin). */
function maxTokenHours(read: Reader): number {
  const raw = read.optionalString('AUTH_MAX_TOKEN_HOURS');
  if (raw === undefined) return 12;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
    read.problems.push('AUTH_MAX_TOKEN_HOURS must be a whole number of hours from 1 to 168');
    return 12;
  }
  return hours;
}

/** The workspace's sign-in: all three OIDC settings (issuer, client id, redirect URL) or none. */
function readWeb(read: Reader): Environment['web'] {
  const issuer = read.url('WEB_OIDC_ISSUER', ['https', 'http']);
  const clientId = read.optionalString('WEB_OIDC_CLIENT_ID');
  const redirectUrl = read.url('WEB_OIDC_REDIRECT_URL', ['https', 'http']);
  const sessionSecret = read.optionalString('WEB_SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    read.problems.push('WEB_SESSION_SECRET must be at least 32 characters');
  }
  const given = [issuer, clientId, redirectUrl].filter((value) => value !== undefined).length;
  if (given > 0 && given < 3) {
    read.problems.push('WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID and WEB_OIDC_REDIRECT_URL must be set together');
  }
  const oidc =
    issuer && clientId && redirectUrl
      ? { issuer, clientId, clientSecret: read.optionalString('WEB_OIDC_CLIENT_SECRET'), redirectUrl }
      : undefined;
  return { development: read.optionalString('NODE_ENV') !== 'production', oidc, sessionSecret };
}

/** Twilio needs the account SID, auth token and sender together; without any of them SMS go to the file outbox. */
function readSms(read: Reader): Environment['sms'] {
  const programName = read.string('PROGRAM_NAME', 'Restorative Justice Diversion Program');
  const baseUrl = read.url('TWILIO_BASE_URL', ['https', 'http']) ?? 'https://api.twilio.com';
  const accountSid = read.optionalString('TWILIO_ACCOUNT_SID');
  const authToken = read.optionalString('TWILIO_AUTH_TOKEN');
  const from = read.optionalString('TWILIO_FROM');
  const publicBaseUrl = read.url('PUBLIC_BASE_URL', ['https', 'http'])?.replace(/\/+$/, '');
  const given = [accountSid, authToken, from].filter((value) => value !== undefined).length;
  if (given === 0) return { twilio: undefined, programName, publicBaseUrl };
  if (given < 3) read.problems.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be set together');
  if (from !== undefined && !/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/.test(from)) {
    read.problems.push(`TWILIO_FROM="${from}" must be an E.164 number or a messaging service SID`);
  }
  if (given < 3 || !accountSid || !authToken || !from) return { twilio: undefined, programName, publicBaseUrl };
  return { twilio: { baseUrl: baseUrl.replace(/\/+$/, ''), accountSid, authToken, from }, programName, publicBaseUrl };
}

function absolute(cwd: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(cwd, value);
}
