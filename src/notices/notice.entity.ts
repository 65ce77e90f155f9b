import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type NoticeKind = 'completion' | 'return';

/** A completion or return notice with its PDF and SHA-256; listed in the clerk inbox until acknowledged. */
@Entity({ name: 'notices' })
@Index('notices_notice_key', ['noticeKey'], { unique: true })
export class NoticeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The workflow's request key: a retried activity stores the notice once. */
  @Column({ name: 'notice_key', type: 'text' })
  noticeKey!: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber!: string;

  @Column({ type: 'text' })
  court!: string;

  @Column({ type: 'text' })
  kind!: NoticeKind;

  @Column({ name: 'charges_filed', type: 'boolean', default: false })
  chargesFiled!: boolean;

  @Column({ type: 'bytea', select: false })
  pdf!: Buffer;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'text', nullable: true })
  acknowledgedBy!: string | null;
}
