import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AttemptWindow } from './sms.sender';

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'suppressed';
export type DeliveryChannel = 'email' | 'sms';

/**
 * One message on one channel. The row is inserted (pending) before the provider is called, in its own transaction,
 * so a retried or replayed activity finds it: `sent` means skip; `pending` means "possibly sent".
 */
@Entity({ name: 'notification_log' })
@Index('notification_log_logical_key', ['logicalKey'], { unique: true })
@Index('notification_log_sms_provider_id', ['providerId'], {
  unique: true,
  where: `"channel" = 'sms' AND "provider_id" IS NOT NULL`,
})
export class NotificationLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** `${request key}:${channel}` (or a notice's key and recipient): unique. */
  @Column({ name: 'logical_key', type: 'text' })
  logicalKey!: string;

  @Column({ name: 'request_key', type: 'text' })
  requestKey!: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber!: string;

  @Column({ type: 'text' })
  event!: string;

  @Column({ name: 'recipient_id', type: 'text' })
  recipientId!: string;

  @Column({ name: 'recipient_role', type: 'text' })
  recipientRole!: string;

  @Column({ type: 'text' })
  channel!: DeliveryChannel;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  /** The deterministic Message-ID of an email (derived from the logical key). */
  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  /** Twilio's message SID (unique among SMS: one provider message is attributed to one logical message), or the SMTP server's queue answer. */
  @Column({ name: 'provider_id', type: 'text', nullable: true })
  providerId!: string | null;

  /** The latest delivery status a provider reported (Twilio status callback). */
  @Column({ name: 'provider_status', type: 'text', nullable: true })
  providerStatus!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When each attempt talked to the provider: an ambiguous outcome is reconciled against these windows only. */
  @Column({ name: 'attempt_windows', type: 'jsonb', default: () => "'[]'::jsonb" })
  attemptWindows!: AttemptWindow[];

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
