import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of a case's append-only audit trail: who did what, when, from which stage. The database refuses UPDATE and
 * DELETE on this table; each row carries the SHA-256 of its content chained to the case's previous row.
 */
@Entity({ name: 'case_events' })
@Index('case_events_case_sequence', ['caseNumber', 'sequence'], { unique: true })
@Index('case_events_case_event_key', ['caseNumber', 'eventKey'], { unique: true })
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber!: string;

  /** 1, 2, 3 … per case, in the order the events were recorded. */
  @Column({ type: 'integer' })
  sequence!: number;

  /** Logical key of the event (for example the update id), so a retried activity records it once. */
  @Column({ name: 'event_key', type: 'text' })
  eventKey!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'stage_from', type: 'text', nullable: true })
  stageFrom!: string | null;

  @Column({ name: 'stage_to', type: 'text', nullable: true })
  stageTo!: string | null;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  /** When it happened in the case (workflow time). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'previous_hash', type: 'char', length: 64, nullable: true })
  previousHash!: string | null;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
