import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type {
  CaseProjectionSnapshot,
  CaseStage,
  CaseView,
  DiversionCaseInput,
  PendingAction,
  ProjectedObligation,
  Review,
} from '../../workflows/diversion-case/diversion-case.contract';

export type ProjectedVictim = CaseProjectionSnapshot['victims'][number];

/** A bigint column read as a number: sums of cents stay far below 2^53. */
const bigintAsNumber = {
  to: (value: number): number => value,
  from: (value: string | number | null): number => Number(value ?? 0),
};

/**
 * One row per case for lists, the task list and reports, kept current by `CaseRecordsService` from the snapshot the workflow
 * sends with every batch of audit events. The workflow stays the source of truth for live state (`GET /cases/{caseNumber}` queries it).
 */
@Entity({ name: 'case_projections' })
@Index('case_projections_coordinator', ['coordinatorId'])
@Index('case_projections_stage', ['stage'])
export class CaseProjectionEntity {
  @PrimaryColumn({ name: 'case_number', type: 'text' })
  caseNumber!: string;

  @Column({ type: 'text', nullable: true })
  court!: string | null;

  @Column({ type: 'text', nullable: true })
  jurisdiction!: string | null;

  @Column({ type: 'text' })
  stage!: CaseStage;

  @Column({ name: 'needs_review', type: 'boolean', default: false })
  needsReview!: boolean;

  /** Every open review, oldest first, as the workflow holds them. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  reviews!: Review[];

  /** What the case waits for people to do, as its stage lists it (the task list reads it). */
  @Column({ name: 'pending_actions', type: 'jsonb', default: () => "'[]'::jsonb" })
  pendingActions!: PendingAction[];

  /** The length of one policy day (a compressed policy's is shorter); reports count stage times in it. */
  @Column({ name: 'policy_day_ms', type: 'bigint', default: 86_400_000, transformer: bigintAsNumber })
  policyDayMs!: number;

  @Column({ name: 'next_deadline', type: 'timestamptz', nullable: true })
  nextDeadline!: Date | null;

  @Column({ name: 'stage_deadline', type: 'timestamptz', nullable: true })
  stageDeadline!: Date | null;

  @Column({ name: 'charging_deadline', type: 'timestamptz' })
  chargingDeadline!: Date;

  /** The coordinator the case is assigned to; set at referral, changed only by reassignment. */
  @Column({ name: 'coordinator_id', type: 'text' })
  coordinatorId!: string;

  @Column({ name: 'prosecutor_id', type: 'text' })
  prosecutorId!: string;

  @Column({ name: 'offence_category', type: 'text' })
  offenceCategory!: string;

  @Column({ name: 'offence_severity', type: 'text', nullable: true })
  offenceSeverity!: string | null;

  /** The responsible party's demographics where recorded, for outcome reports only. */
  @Column({ type: 'jsonb', nullable: true })
  demographics!: Record<string, string | number | boolean | null> | null;

  @Column({ name: 'referral_date', type: 'timestamptz' })
  referralDate!: Date;

  @Column({ name: 'participant_response', type: 'text', nullable: true })
  participantResponse!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  victims!: ProjectedVictim[];

  @Column({ name: 'conference_at', type: 'timestamptz', nullable: true })
  conferenceAt!: Date | null;

  @Column({ name: 'conference_held_at', type: 'timestamptz', nullable: true })
  conferenceHeldAt!: Date | null;

  /** The current agreement's obligations with their progress, for the task list and reports. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  obligations!: ProjectedObligation[];

  @Column({ name: 'restitution_ordered_cents', type: 'bigint', default: 0, transformer: bigintAsNumber })
  restitutionOrderedCents!: number;

  @Column({ name: 'restitution_paid_cents', type: 'bigint', default: 0, transformer: bigintAsNumber })
  restitutionPaidCents!: number;

  @Column({ name: 'service_hours_ordered', type: 'double precision', default: 0 })
  serviceHoursOrdered!: number;

  @Column({ name: 'service_hours_logged', type: 'double precision', default: 0 })
  serviceHoursLogged!: number;

  /** Epoch ms each stage was (last) entered, by stage. */
  @Column({ name: 'stage_entered_at', type: 'jsonb', default: () => "'{}'::jsonb" })
  stageEnteredAt!: Partial<Record<CaseStage, number>>;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason!: string | null;

  /** How many workflow events this row reflects; a late, older update never overwrites a newer one. */
  @Column({ name: 'event_count', type: 'integer', default: 0 })
  eventCount!: number;

  /** SHA-256 of the POST /cases body that created the case, so a retry is recognised and a conflict refused. */
  @Column({ name: 'request_fingerprint', type: 'text', nullable: true })
  requestFingerprint!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /**
   * The case as the workflow last wrote it, without its history (the audit trail): what GET /cases/{caseNumber} and
   * the workspace's case page read. Null for a case whose records were last written before it existed.
   */
  @Column({ type: 'jsonb', nullable: true })
  view!: CaseView | null;

  /** The workflow input (ids, codes, policy: no personal data), so a retried POST /cases can finish the start. */
  @Column({ name: 'workflow_input', type: 'jsonb', nullable: true })
  workflowInput!: DiversionCaseInput | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
