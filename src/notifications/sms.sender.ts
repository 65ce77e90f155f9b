import { Inject, Injectable } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type twilio from 'twilio';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import { mailConfig, type MailConfig, smsConfig, type SmsConfig } from '../config/configuration';
import { classifyTwilioError } from './delivery-errors';
import { createTwilioClient } from './twilio-client';

export interface OutgoingSms {
  to: string;
  body: string;
  /** The logical key: names the outbox file. */
  key: string;
}

/** One page of the provider's message list, as the library pages it. */
interface MessageListPage {
  instances: MessageInstance[];
  nextPageUrl?: string;
  nextPage(): Promise<MessageListPage> | undefined;
}

/** When one attempt to send a logical message talked to the provider (epoch ms; `endMs` unset when it never ended). */
export interface AttemptWindow {
  startMs: number;
  endMs?: number;
}

/** A provider call longer than this is abandoned (and is then an ambiguous outcome, reconciled on the retry). */
export const SMS_CALL_TIMEOUT_MS = 20_000;
/** Twilio's timestamps have whole seconds and its clock is not ours: windows are widened by this much each side. */
const CLOCK_SKEW_MS = 2_000;
/** The most list pages one reconciliation reads (newest first); a number with more recent traffic is not ours to guess. */
const MAX_PAGES = 5;

/**
 * SMS through Twilio's Messages API (the `twilio` library), or JSON files under OUTBOX_DIR/sms when no account is
 * configured. Delivery status comes back to `PUBLIC_BASE_URL/webhooks/sms` as a status callback.
 */
@Injectable()
export class SmsSender {
  private client: twilio.Twilio | undefined;

  constructor(
    @Inject(smsConfig.KEY) private readonly sms: SmsConfig,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
  ) {}

  /** Sends; throws a classified `DeliveryError` on refusal. Returns Twilio's message SID (or the outbox file). */
  async send(sms: OutgoingSms): Promise<{ providerId: string }> {
    const settings = this.sms.twilio;
    if (!settings) return this.writeToOutbox(sms);
    const statusCallback = this.sms.publicBaseUrl ? `${this.sms.publicBaseUrl}/webhooks/sms` : undefined;
    try {
      const message = await this.twilio().messages.create({
        to: sms.to,
        from: settings.from,
        body: sms.body,
        ...(statusCallback ? { statusCallback } : {}),
      });
      return { providerId: message.sid };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  /**
   * Messages Twilio accepted to `to` with this body while one of `windows` was open, oldest first: the candidates an
   * ambiguous attempt (timeout, 5xx, a crash after the call) may have created. Only messages created inside the
   * logical message's own attempts count, so an identical text sent for another logical message earlier or later is
   * never taken for it; the caller also drops SIDs the log already attributes to another message.
   */
  async acceptedDuring(to: string, body: string, windows: AttemptWindow[]): Promise<string[]> {
    const settings = this.sms.twilio;
    // The outbox file is named by the logical key, so writing it again replaces it: nothing to look up.
    if (!settings || windows.length === 0) return [];
    const ranges = windows.map((w) => ({
      from: Math.floor(w.startMs / 1000) * 1000 - CLOCK_SKEW_MS,
      to: Math.ceil((w.endMs ?? w.startMs + SMS_CALL_TIMEOUT_MS) / 1000) * 1000 + CLOCK_SKEW_MS,
    }));
    const earliest = Math.min(...ranges.map((r) => r.from));
    const found: Array<{ sid: string; createdMs: number }> = [];
    try {
      // No DateSent filter: a message still queued has no date_sent yet. Newest first; stop once past the window.
      let page: MessageListPage = await this.twilio().messages.page({ to, from: settings.from, pageSize: 50 });
      for (let read = 1; ; read += 1) {
        for (const m of page.instances) {
          const createdMs = m.dateCreated.getTime();
          const inside = ranges.some((r) => createdMs >= r.from && createdMs <= r.to);
          if (inside && m.body === body && m.status !== 'failed' && m.status !== 'canceled') {
            found.push({ sid: m.sid, createdMs });
          }
        }
        const oldest = page.instances.at(-1)?.dateCreated.getTime() ?? 0;
        if (!page.nextPageUrl || oldest < earliest || read >= MAX_PAGES) break;
        const next = page.nextPage();
        if (!next) break;
        page = await next;
      }
    } catch (error) {
      throw classifyTwilioError(error);
    }
    return found.sort((a, b) => a.createdMs - b.createdMs).map((m) => m.sid);
  }

  private twilio(): twilio.Twilio {
    this.client ??= createTwilioClient(this.sms.twilio!, SMS_CALL_TIMEOUT_MS);
    return this.client;
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
