import type { Actor, CaseStage, ParticipantRef } from '../../workflows/diversion-case/diversion-case.contract';

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
  data: Record<string, string | number | boolean>;
  /** The SMS part must not be sent before this instant (quiet hours in the recipient's time zone). */
  notBeforeMs?: number;
}

/** What the case projection (lists, task lists, reports) shows after an event. */
export interface CaseProjectionSnapshot {
  stage: CaseStage;
  needsReview: boolean;
  nextDeadlineMs?: number;
  coordinatorId: string;
  offenceCategory: string;
}

/** One audit event: who did what, when, from which stage. */
export interface CaseEventRecord {
  caseNumber: string;
  /** Unique per case (`${caseNumber}:${sequence}`): the audit trail de-duplicates on it. */
  eventKey: string;
  type: string;
  stageFrom: CaseStage;
  stageTo: CaseStage;
  /** Undefined for events the workflow raises itself (deadlines, reminders). */
  actor?: Actor;
  occurredAtMs: number;
  details: Record<string, string | number | boolean>;
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
}

/** The activities the diversion-case workflow calls (implemented in later issues). */
export interface DiversionCaseActivities {
  notify(request: NotifyRequest): Promise<void>;
  recordCaseEvent(event: CaseEventRecord): Promise<void>;
  issueCompletionNotice(request: CompletionNoticeRequest): Promise<void>;
  issueReturnNotice(request: ReturnNoticeRequest): Promise<void>;
}
