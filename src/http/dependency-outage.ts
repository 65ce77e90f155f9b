/** Seconds a client is told to wait (`Retry-After`) when a dependency the API needs is down. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** Node's socket errors when PostgreSQL cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
/** SQLSTATE classes and codes of a server that is gone, going or full: 08 connection exception, 57P0x shutdown. */
const OUTAGE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
/** What pg and its pool throw without a code when the connection died or none came in time. */
const OUTAGE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /is not queryable/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down)/i,
];

/**
 * Whether an error means PostgreSQL is unreachable (rather than refusing the request): TypeORM wraps pg's errors
 * (`driverError`, `cause`), and a refused connection to a host with several addresses is an `AggregateError`.
 */
export function isDatabaseOutage(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || OUTAGE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && OUTAGE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  const inner: unknown[] = [driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
  return inner.some((e) => e !== error && isDatabaseOutage(e, depth + 1));
}
