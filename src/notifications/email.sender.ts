import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { mailConfig, type MailConfig } from '../config/configuration';
import { classifySmtpError } from './delivery-errors';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic, derived from the logical key: a recipient (or mail catcher) can drop a duplicate. */
  messageId: string;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType: string }>;
  /** A calendar invitation (.ics), sent as text/calendar with its METHOD. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
}

/** Well under the notify activity's one-minute start-to-close timeout, so a hung server fails the attempt cleanly. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Email over SMTP (pooled), or `.eml` files under OUTBOX_DIR/email when SMTP_URL is unset (the embedded default). */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private transporter: Transporter | undefined;

  constructor(@Inject(mailConfig.KEY) private readonly mail: MailConfig) {}

  /** Sends; throws a classified `DeliveryError` on refusal. Returns the provider's answer. */
  async send(email: OutgoingEmail): Promise<{ providerId: string }> {
    const message = {
      from: this.mail.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      attachments: email.attachments,
      icalEvent: email.icalEvent,
    };
    if (!this.mail.smtpUrl) return this.writeToOutbox(message, email.messageId);
    try {
      const info = (await this.transport().sendMail(message)) as { response?: string; messageId?: string };
      return { providerId: info.response ?? info.messageId ?? email.messageId };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }

  private transport(): Transporter {
    this.transporter ??= nodemailer.createTransport({ url: this.mail.smtpUrl, pool: true, ...SMTP_TIMEOUTS } as never);
    return this.transporter;
  }

  private async writeToOutbox(message: object, messageId: string): Promise<{ providerId: string }> {
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = (await stream.sendMail(message)) as { message: Buffer };
    const dir = path.join(this.mail.outboxDir, 'email');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
    await writeFile(file, info.message);
    return { providerId: `file:${path.basename(file)}` };
  }
}
