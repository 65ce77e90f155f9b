import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_STAGES,
  type CaseStage,
  type CaseView,
  type ObligationState,
} from '../../../workflows/diversion-case/diversion-case.contract';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

export class ReviewDto {
  @ApiProperty({ example: 'VICTIM_ANSWER_OVERDUE' }) reasonCode!: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) since!: string;
  @ApiProperty({ enum: CASE_STAGES }) stage!: CaseStage;
  @ApiPropertyOptional() obligationId?: string;
}

export class ObligationResponseDto {
  @ApiProperty({ example: 'restitution-1' }) id!: string;
  @ApiProperty({ example: 'restitution' }) type!: string;
  @ApiProperty({ example: '2027-03-01T00:00:00.000Z' }) due!: string;
  @ApiPropertyOptional({ example: 25000 }) amountCents?: number;
  @ApiPropertyOptional({ example: 'community' }) payee?: string;
  @ApiPropertyOptional({ example: 20 }) hours?: number;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ example: 5000 }) paidCents!: number;
  @ApiProperty({ example: 0 }) hoursLogged!: number;
  @ApiProperty({ example: 0 }) extensions!: number;
  @ApiProperty({ example: false }) completed!: boolean;
  @ApiPropertyOptional() completedAt?: string;
}

export class DeadlineDto {
  @ApiProperty({ example: 'stage_deadline' }) kind!: string;
  @ApiProperty({ example: '2026-11-26T17:00:00.000Z' }) at!: string;
}

/** The live state of a case (a workflow query), with what it waits for and when. */
export class CaseResponseDto {
  @ApiProperty({ example: 'DA-2026-0142' }) caseNumber!: string;
  @ApiProperty({ enum: CASE_STAGES, example: 'SCREENING' }) stage!: CaseStage;
  @ApiProperty({ example: 'alice' }) coordinatorId!: string;
  @ApiProperty({ example: 'pat' }) prosecutorId!: string;
  @ApiProperty({ example: 'vandalism' }) offenceCategory!: string;
  @ApiProperty({ example: 'default-2026-11' }) policyVersion!: string;
  @ApiPropertyOptional({ type: ReviewDto }) review?: ReviewDto;
  @ApiPropertyOptional() stageDeadline?: string;
  @ApiProperty() chargingDeadline!: string;
  @ApiPropertyOptional() nextDeadline?: string;
  @ApiProperty({ example: { eligible: true, reasons: [], overridable: false, explanations: [] } })
  eligibility!: { eligible: boolean; reasons: string[]; overridable: boolean; explanations: string[] };
  @ApiPropertyOptional({ example: { response: 'accept', at: '2026-11-24T10:00:00.000Z' } })
  participantResponse?: { response: 'accept' | 'decline'; at: string };
  @ApiProperty({ example: [{ victimId: 'b7d…', answer: 'participate', withdrawn: false }] })
  victims!: { victimId: string; answer?: string; answeredAt?: string; withdrawn: boolean }[];
  @ApiProperty({ example: { at: '2026-12-10T17:00:00.000Z', location: 'Room 2', rescheduleCount: 0, noShows: 0 } })
  conference!: { at?: string; location?: string; rescheduleCount: number; noShows: number; heldAt?: string };
  @ApiPropertyOptional({ description: 'The current agreement version.' })
  agreement?: { version: number; recordedAt: string; obligations: ObligationResponseDto[] };
  @ApiProperty({ example: ['decideScreening', 'returnToProsecution', 'addNote'] }) pendingActions!: string[];
  @ApiProperty({ type: [DeadlineDto] }) deadlines!: DeadlineDto[];
  @ApiProperty({ example: [] }) notes!: { at: string; actorId: string; text: string }[];
  @ApiPropertyOptional() closedAt?: string;
  @ApiPropertyOptional({ example: 'COMPLETED' }) closeReasonCode?: string;
}

export function toObligationResponse(o: ObligationState): ObligationResponseDto {
  return {
    id: o.id,
    type: o.type,
    due: new Date(o.dueMs).toISOString(),
    ...(o.type === 'restitution' ? { amountCents: o.amountCents, payee: o.payee } : {}),
    ...(o.type === 'community_service' ? { hours: o.hours } : {}),
    ...(o.type === 'other' ? { description: o.description } : {}),
    paidCents: o.paidCents,
    hoursLogged: o.hoursLogged,
    extensions: o.extensions,
    completed: o.completed,
    ...(o.completedAtMs !== undefined ? { completedAt: iso(o.completedAtMs) } : {}),
  };
}

/** Maps the workflow's view to the API's response (ISO times; the audit history is at /events). */
export function toCaseResponse(view: CaseView): CaseResponseDto {
  const agreement = view.agreements.at(-1);
  return {
    caseNumber: view.caseNumber,
    stage: view.stage,
    coordinatorId: view.coordinatorId,
    prosecutorId: view.prosecutorId,
    offenceCategory: view.offenceCategory,
    policyVersion: view.policyVersion,
    ...(view.review
      ? {
          review: {
            reasonCode: view.review.reasonCode,
            since: new Date(view.review.sinceMs).toISOString(),
            stage: view.review.stage,
            ...(view.review.obligationId ? { obligationId: view.review.obligationId } : {}),
          },
        }
      : {}),
    stageDeadline: iso(view.stageDeadlineMs),
    chargingDeadline: new Date(view.chargingDeadlineMs).toISOString(),
    nextDeadline: iso(view.nextDeadlineMs),
    eligibility: {
      eligible: view.eligibility.eligible,
      reasons: view.eligibility.reasons,
      overridable: view.eligibility.overridable,
      explanations: view.eligibility.explanations,
    },
    ...(view.participantResponse
      ? {
          participantResponse: {
            response: view.participantResponse.response,
            at: new Date(view.participantResponse.atMs).toISOString(),
          },
        }
      : {}),
    victims: view.victims.map((v) => ({
      victimId: v.victimId,
      ...(v.answer ? { answer: v.answer } : {}),
      ...(v.answeredAtMs !== undefined ? { answeredAt: iso(v.answeredAtMs) } : {}),
      withdrawn: v.withdrawn,
    })),
    conference: {
      at: iso(view.conference.atMs),
      location: view.conference.location,
      rescheduleCount: view.conference.rescheduleCount,
      noShows: view.conference.noShows,
      heldAt: iso(view.conference.heldAtMs),
    },
    ...(agreement
      ? {
          agreement: {
            version: agreement.version,
            recordedAt: new Date(agreement.recordedAtMs).toISOString(),
            obligations: agreement.obligations.map(toObligationResponse),
          },
        }
      : {}),
    pendingActions: view.pendingActions,
    deadlines: view.dueItems
      .filter((d) => d.kind === 'stage_deadline' || d.kind === 'obligation_overdue' || d.kind === 'charging_alert')
      .map((d) => ({ kind: d.kind, at: new Date(d.atMs).toISOString() })),
    notes: view.notes.map((n) => ({ at: new Date(n.atMs).toISOString(), actorId: n.actorId, text: n.text })),
    closedAt: iso(view.closedAtMs),
    closeReasonCode: view.closeReasonCode,
  };
}
