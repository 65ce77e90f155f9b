import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One inbound SMS, by Twilio's MessageSid: a webhook Twilio (or anyone) replays is recognised and answered once. */
@Entity({ name: 'sms_inbound_messages' })
export class SmsInboundMessageEntity {
  @PrimaryColumn({ name: 'message_sid', type: 'text' })
  messageSid!: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
