import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SmsConsentStatus = 'opted_in' | 'opted_out';

/** The consent record of one phone number; an opted-out number is never texted. */
@Entity({ name: 'sms_consents' })
export class SmsConsentEntity {
  /** E.164. */
  @PrimaryColumn({ type: 'text' })
  phone!: string;

  @Column({ type: 'text' })
  status!: SmsConsentStatus;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  /** Where the change came from: 'inbound_sms:STOP', 'provider:21610', ... */
  @Column({ type: 'text' })
  source!: string;
}
