import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type {
  ContactChannel,
  ContactPreference,
  Demographics,
  Language,
  ParticipantRoleName,
} from './participant.types';

/**
 * A participant of a case with contact details and preferences. The workflow knows only the id and role; activities
 * read names and contact details from here at send time, so a correction takes effect for the next message.
 */
@Entity({ name: 'participants' })
@Index('participants_case_number', ['caseNumber'])
export class ParticipantEntity {
  /** The id the workflow uses. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber!: string;

  @Column({ type: 'text' })
  role!: ParticipantRoleName;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** E.164. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', default: 'en' })
  language!: Language;

  @Column({ name: 'preferred_channels', type: 'text', array: true, default: () => "'{}'::text[]" })
  preferredChannels!: ContactChannel[];

  /** IANA time zone: SMS quiet hours and the times in messages use it. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'guardian_of_id', type: 'text', nullable: true })
  guardianOfId!: string | null;

  @Column({ name: 'contact_preference', type: 'text', default: 'any' })
  contactPreference!: ContactPreference;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  demographics!: Demographics | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
