import twilio from 'twilio';
import type { RequestOptions } from 'twilio/lib/base/RequestClient';

const TWILIO_ORIGIN = /^https:\/\/[a-z0-9.-]+\.twilio\.com(?=\/)/;

/**
 * The `twilio` library's own HTTP client, pointed at another origin (a local stand-in in tests, a proxy in some
 * deployments). A custom `httpClient` is the library's supported extension point; `edge`/`region` only pick among
 * Twilio's own hosts.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, keepAlive: true });
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.baseUrl) });
  }
}

export interface TwilioSettings {
  baseUrl: string;
  accountSid: string;
  authToken: string;
}

/** A Twilio REST client; requests go to `baseUrl` when it is not Twilio's own API host. */
export function createTwilioClient(settings: TwilioSettings, timeoutMs: number): twilio.Twilio {
  const custom = settings.baseUrl !== 'https://api.twilio.com';
  return twilio(settings.accountSid, settings.authToken, {
    ...(custom ? { httpClient: new BaseUrlRequestClient(settings.baseUrl, timeoutMs) } : {}),
    timeout: timeoutMs,
  });
}
