import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SmsInboundMessageEntity } from './sms-inbound-message.entity';

/** Inbound SMS seen so far, by Twilio's MessageSid: each one is acted on (and answered) once. */
@Injectable()
export class SmsInboundService {
  constructor(
    @InjectRepository(SmsInboundMessageEntity) private readonly inbound: Repository<SmsInboundMessageEntity>,
  ) {}

  /** Records the message; false when it was recorded before (a replay), so the caller does nothing again. */
  async claim(messageSid: string): Promise<boolean> {
    const inserted: unknown[] = await this.inbound.query(
      `INSERT INTO "sms_inbound_messages" ("message_sid") VALUES ($1) ON CONFLICT DO NOTHING RETURNING "message_sid"`,
      [messageSid],
    );
    return inserted.length > 0;
  }

  /** Forgets a message whose handling failed, so Twilio's retry of the webhook is handled. */
  async release(messageSid: string): Promise<void> {
    await this.inbound.delete({ messageSid });
  }
}
