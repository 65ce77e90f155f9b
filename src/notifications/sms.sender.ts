import { Inject, Injectable } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mailConfig, type MailConfig, smsConfig, type SmsConfig } from '../config/configuration';
import { classifyNetworkError, classifyTwilioResponse } from './delivery-errors';

export interface OutgoingSms {
  to: string;
  body: string;
  /** The logical key: names the outbox file; on Twilio, the retry check matches recipient and body. */
  key: string;
  /** Twilio posts delivery status here (MessageSid, MessageStatus). */
  statusCallback?: string;
}

interface TwilioMessage {
  sid: string;
  to: string;
  body: string;
  status: string;
}

/** SMS through Twilio's REST API (plain fetch), or JSON files under OUTBOX_DIR/sms when no account is configured. */
@Injectable()
export class SmsSender {
  constructor(
    @Inject(smsConfig.KEY) private readonly sms: SmsConfig,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
  ) {}

  /** Sends; throws a classified `DeliveryError` on refusal. Returns Twilio's message SID (or the outbox file). */
  async send(sms: OutgoingSms): Promise<{ providerId: string }> {
    const twilio = this.sms.twilio;
    if (!twilio) return this.writeToOutbox(sms);
    const form = new URLSearchParams({ To: sms.to, From: twilio.from, Body: sms.body });
    if (sms.statusCallback) form.set('StatusCallback', sms.statusCallback);
    const response = await this.call('POST', '/Messages.json', form);
    const body = (await response.json().catch(() => ({}))) as { sid?: string; code?: number };
    if (!response.ok || !body.sid) throw classifyTwilioResponse(response.status, body.code);
    return { providerId: body.sid };
  }

  /**
   * A message this attempt may already have sent (the process died after Twilio accepted it and before the log said
   * so): the provider's list of messages to the number since `since`, matched by body. Undefined when none.
   */
  async findSent(to: string, body: string, since: Date): Promise<string | undefined> {
    const twilio = this.sms.twilio;
    // The outbox file is named by the logical key, so writing it again replaces it: nothing to look up.
    if (!twilio) return undefined;
    const day = since.toISOString().slice(0, 10);
    const query = new URLSearchParams({ To: to, From: twilio.from, 'DateSent>': day, PageSize: '100' });
    const response = await this.call('GET', `/Messages.json?${query.toString()}`);
    if (!response.ok) throw classifyTwilioResponse(response.status, undefined);
    const page = (await response.json()) as { messages?: TwilioMessage[] };
    return page.messages?.find((m) => m.to === to && m.body === body && m.status !== 'failed')?.sid;
  }

  private async call(method: 'GET' | 'POST', suffix: string, form?: URLSearchParams): Promise<Response> {
    const twilio = this.sms.twilio!;
    const url = `${twilio.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}${suffix}`;
    const auth = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64');
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Basic ${auth}`,
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form?.toString(),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      throw classifyNetworkError(error);
    }
  }

  private outboxFile(key: string): string {
    return path.join(this.mail.outboxDir, 'sms', `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  }

  private async writeToOutbox(sms: OutgoingSms): Promise<{ providerId: string }> {
    const file = this.outboxFile(sms.key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ to: sms.to, body: sms.body, key: sms.key }, null, 2));
    return { providerId: `file:${path.basename(file)}` };
  }
}
