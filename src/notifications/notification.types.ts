import type { ParticipantRef } from '../../workflows/diversion-case/diversion-case.contract';

/** A message to deliver, as the workflow's notify activity receives it (the activity's NotifyRequest fits it). */
export interface NotifyMessage {
  /** `${caseNumber}:${event}:${recipientId}:${occurrence}`: delivery de-duplicates on it (with the channel). */
  key: string;
  caseNumber: string;
  event: string;
  recipient: ParticipantRef;
  channels: Array<'email' | 'sms'>;
  /** Ids, codes and times only. */
  data: Record<string, string | number | boolean>;
  notBeforeMs?: number;
}
