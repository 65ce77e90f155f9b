import type {
  CaseEventRecord,
  CaseStage,
  CaseView,
  Details,
  ParticipantRef,
  PendingAction,
  Review,
  VictimAnswer,
} from './case-model.contract';

export type NotificationChannel = 'email' | 'sms';

/** One message to one recipient. Carries ids only; names and contact details are looked up at send time. */
export interface NotifyRequest {
  /** Stable logical key `${caseNumber}:${event}:${recipientId}:${occurrence}`: delivery de-duplicates on it. */
  key: string;
  caseNumber: string;
  event: string;
  recipient: ParticipantRef;
  channels: NotificationChannel[];
  /** Ids, codes and times only: no personal data. */
  data: Details;
  /** The SMS part must not be sent before this instant (quiet hours in the recipient's time zone). */
  notBeforeMs?: number;
  /** When the message was due (the reminder's instant, or the moment the event happened). */
  dueAtMs?: number;
}

/** An obligation as lists, task lists and reports need it. */
export interface ProjectedObligation {
  id: string;
  type: string;
  dueMs: number;
  completed: boolean;
  amountCents?: number;
  paidCents: number;
  hours?: number;
  hoursLogged: number;
}

/** What the case projection (lists, task lists, reports) holds, taken from the live case when its events are written. */
export interface CaseProjectionSnapshot {
  stage: CaseStage;
  coordinatorId: string;
  prosecutorId: string;
  offenceCategory: string;
  policyDayMs: number;
  reviews: Review[];
  pendingActions: PendingAction[];
  nextDeadlineMs?: number;
  stageDeadlineMs?: number;
  chargingDeadlineMs: number;
  referralDateMs: number;
  participantResponse?: 'accept' | 'decline';
  victims: { victimId: string; answer?: VictimAnswer; withdrawn: boolean }[];
  conferenceAtMs?: number;
  conferenceHeldAtMs?: number;
  obligations: ProjectedObligation[];
  stageEnteredAt: Partial<Record<CaseStage, number>>;
  closedAtMs?: number;
  closeReasonCode?: string;
  /** The sequence number of the case's latest event: a late, older write never overwrites a newer one. */
  eventCount: number;
  /**
   * The case as GET /cases/{caseNumber} shows it, without its history (the audit trail is that), so reads come from
   * PostgreSQL instead of a query into the workflow. Absent in the writes of cases from before it.
   */
  view?: CaseView;
}

/** Audit events of one case, oldest first, and the projection as the case stands after the last of them. */
export interface CaseRecordBatch {
  caseNumber: string;
  events: CaseEventRecord[];
  projection: CaseProjectionSnapshot;
}

export interface CompletionNoticeRequest {
  key: string;
  caseNumber: string;
  court: string;
  responsiblePartyId: string;
  referralDateMs: number;
  recommendation: 'charges_not_filed' | 'dismissal';
  prosecutorId: string;
  approvedAtMs: number;
  /** The policy's jurisdiction time zone: the notice's dates are written in it. */
  timeZone: string;
}

export interface ReturnNoticeRequest {
  key: string;
  caseNumber: string;
  court: string;
  stageReached: CaseStage;
  reasonCode: string;
  note?: string;
  chargesFiled: boolean;
  prosecutorId: string;
  returnedAtMs: number;
  timeZone: string;
}

/** The failure type of a record write that retrying cannot fix (data the database refuses). */
export const RECORD_REJECTED = 'RecordRejected';

/** The activities the diversion-case workflow calls; the worker's activity classes implement them. */
export interface DiversionCaseActivities {
  notify(request: NotifyRequest): Promise<void>;
  /** Appends the events to the audit trail (once per event key) and writes the projection, in one transaction. */
  recordCaseEvents(batch: CaseRecordBatch): Promise<void>;
  issueCompletionNotice(request: CompletionNoticeRequest): Promise<void>;
  issueReturnNotice(request: ReturnNoticeRequest): Promise<void>;
}
