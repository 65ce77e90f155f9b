/** Why a provider refused a message: `temporary` is retried by Temporal, `permanent` is surfaced to the workflow. */
export type DeliveryErrorKind = 'temporary' | 'permanent';

/** A provider's refusal, with a message that carries no address or phone number (it may reach workflow history). */
export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
    /** Provider code: SMTP reply code, HTTP status, or Twilio error code. */
    readonly code?: number,
    /** Twilio 21610: the recipient replied STOP at the carrier. */
    readonly optedOut = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ESOCKET',
]);

/** SMTP: 4xx replies and connection problems are temporary, 5xx replies permanent. */
export function classifySmtpError(error: unknown): DeliveryError {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
    return new DeliveryError(
      'permanent',
      `SMTP server refused the message permanently (${responseCode})`,
      responseCode,
    );
  }
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500) {
    return new DeliveryError('temporary', `SMTP server deferred the message (${responseCode})`, responseCode);
  }
  const what = code && (NETWORK_CODES.has(code) || code === 'ECONNECTION' || code === 'EDNS') ? code : 'error';
  return new DeliveryError('temporary', `SMTP connection failed (${what})`);
}

/** Twilio: 429, 5xx and network failures are temporary; other 4xx permanent (21610 = the number opted out). */
export function classifyTwilioResponse(status: number, twilioCode: number | undefined): DeliveryError {
  if (status === 429 || status >= 500) {
    return new DeliveryError(
      'temporary',
      `Twilio answered ${status}${twilioCode ? ` (code ${twilioCode})` : ''}`,
      status,
    );
  }
  const optedOut = twilioCode === 21610;
  return new DeliveryError(
    'permanent',
    `Twilio refused the message (${status}${twilioCode ? `, code ${twilioCode}` : ''})`,
    twilioCode ?? status,
    optedOut,
  );
}

/** A failure of the `twilio` library: its `RestException` carries the HTTP status and Twilio's code. */
export function classifyTwilioError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === 'number') return classifyTwilioResponse(status, typeof code === 'number' ? code : undefined);
  // Network failures (axios): ECONNREFUSED, ECONNRESET, ECONNABORTED (the call timed out), ...
  const what = typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : 'network error';
  return new DeliveryError('temporary', `SMS provider unreachable (${what})`);
}
