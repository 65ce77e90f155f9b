import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACTION_ROLES,
  ACTOR_ROLES,
  CASE_STAGES,
  VICTIM_ANSWERS,
  type ActionName,
  type ActorRole,
  type CaseStage,
  type CaseView,
  type Details,
  type ObligationState,
  type PendingAction,
  type ResolvedReview,
  type Review,
  type ReviewSubject,
  type VictimAnswer,
} from '../../../workflows/diversion-case/diversion-case.contract';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

const REVIEW_SUBJECTS: ReviewSubject['kind'][] = [
  'deadline',
  'responsible_party',
  'victim',
  'conference',
  'obligation',
  'message',
  'return',
  'records',
];

const ACTION_NAMES = Object.keys(ACTION_ROLES) as ActionName[];

export class ReviewSubjectDto {
  @ApiProperty({ enum: REVIEW_SUBJECTS, example: 'obligation' }) kind!: ReviewSubject['kind'];
  @ApiProperty({ example: 'restitution-1', description: 'The stage, participant, obligation or message key' })
  id!: string;
}

/** An open review: one question a person must settle. Several can be open at once. */
export class ReviewDto {
  @ApiProperty({ example: 'R2' }) id!: string;
  @ApiProperty({ example: 'OBLIGATION_OVERDUE' }) reasonCode!: string;
  @ApiProperty({ type: ReviewSubjectDto }) about!: ReviewSubjectDto;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) since!: string;
  @ApiProperty({ enum: CASE_STAGES }) stage!: CaseStage;
  @ApiProperty({ enum: ['coordinator', 'prosecutor'] }) assignee!: 'coordinator' | 'prosecutor';
  @ApiProperty({ example: { dueMs: 1790000000000 }, description: 'Ids, codes and times' }) details!: Details;
}

export class ResolvedReviewDto extends ReviewDto {
  @ApiProperty() resolvedAt!: string;
  @ApiProperty({ example: 'obligation_completed' }) resolution!: string;
  @ApiPropertyOptional({ example: 'alice' }) resolvedBy?: string;
  @ApiPropertyOptional() reason?: string;
}

/** Something the case waits for a person to do, as its stage lists it. */
export class PendingActionDto {
  @ApiProperty({ enum: ACTION_NAMES, example: 'recordVictimResponse' }) action!: ActionName;
  @ApiProperty({ example: 'Contact victim v1 and record their response' }) label!: string;
  @ApiProperty({ enum: ACTOR_ROLES, isArray: true, example: ['coordinator'] }) roles!: ActorRole[];
  @ApiPropertyOptional({ type: ReviewSubjectDto }) about?: ReviewSubjectDto;
  @ApiPropertyOptional({ example: 'R1' }) reviewId?: string;
  @ApiPropertyOptional() due?: string;
}

export class VictimResponseDto {
  @ApiProperty({ example: 'b7d…' }) victimId!: string;
  @ApiPropertyOptional({ enum: VICTIM_ANSWERS }) answer?: VictimAnswer;
  @ApiPropertyOptional() answeredAt?: string;
  @ApiProperty({ example: false }) withdrawn!: boolean;
  @ApiPropertyOptional({ description: 'Withdrew before the agreement: not contacted unless they ask' })
  contactOnRequestOnly?: boolean;
}

export class ConferenceResponseDto {
  @ApiPropertyOptional({ example: '2026-12-10T17:00:00.000Z' }) at?: string;
  @ApiPropertyOptional({ example: 'Room 2' }) location?: string;
  @ApiProperty({ example: 0 }) rescheduleCount!: number;
  @ApiProperty({ example: 0 }) noShows!: number;
  @ApiPropertyOptional() heldAt?: string;
}

export function toReviewResponse(r: Review): ReviewDto {
  return {
    id: r.id,
    reasonCode: r.reasonCode,
    about: { kind: r.about.kind, id: r.about.id },
    since: new Date(r.sinceMs).toISOString(),
    stage: r.stage,
    assignee: r.assignee,
    details: r.details,
  };
}

function toResolvedReviewResponse(r: ResolvedReview): ResolvedReviewDto {
  return {
    ...toReviewResponse(r),
    resolvedAt: new Date(r.resolvedAtMs).toISOString(),
    resolution: r.resolution,
    ...(r.resolvedBy ? { resolvedBy: r.resolvedBy.id } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
  };
}

export function toPendingActionResponse(p: PendingAction): PendingActionDto {
  return {
    action: p.action,
    label: p.label,
    roles: [...p.roles],
    ...(p.about ? { about: { kind: p.about.kind, id: p.about.id } } : {}),
    ...(p.reviewId ? { reviewId: p.reviewId } : {}),
    ...(p.dueMs !== undefined ? { due: new Date(p.dueMs).toISOString() } : {}),
  };
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

export class EligibilityDto {
  @ApiProperty({ example: true }) eligible!: boolean;
  @ApiProperty({ type: [String], example: [] }) reasons!: string[];
  @ApiProperty({ example: false }) overridable!: boolean;
  @ApiProperty({ type: [String], example: [] }) explanations!: string[];
}

export class ParticipantAnswerDto {
  @ApiProperty({ enum: ['accept', 'decline'], example: 'accept' }) response!: 'accept' | 'decline';
  @ApiProperty({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' }) at!: string;
}

export class AgreementResponseDto {
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: [ObligationResponseDto] }) obligations!: ObligationResponseDto[];
}

export class NoteDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 'alice' }) actorId!: string;
  @ApiProperty({ example: 'Called the responsible party' }) text!: string;
}

/** The live state of a case (a workflow query), with what it waits for and when. */
export class CaseResponseDto {
  @ApiProperty({ example: 'DA-2026-0142' }) caseNumber!: string;
  @ApiProperty({ enum: CASE_STAGES, example: 'SCREENING' }) stage!: CaseStage;
  @ApiProperty({ example: 'alice' }) coordinatorId!: string;
  @ApiProperty({ example: 'pat' }) prosecutorId!: string;
  @ApiProperty({ example: 'vandalism' }) offenceCategory!: string;
  @ApiProperty({ example: 'default-2026-11' }) policyVersion!: string;
  @ApiProperty({ type: [ReviewDto], description: 'Every open review, oldest first' }) reviews!: ReviewDto[];
  @ApiProperty({ type: [ResolvedReviewDto], description: 'Reviews settled so far, with who settled them how' })
  resolvedReviews!: ResolvedReviewDto[];
  @ApiPropertyOptional() stageDeadline?: string;
  @ApiProperty() chargingDeadline!: string;
  @ApiPropertyOptional() nextDeadline?: string;
  @ApiProperty({ type: EligibilityDto }) eligibility!: EligibilityDto;
  @ApiPropertyOptional({ type: ParticipantAnswerDto }) participantResponse?: ParticipantAnswerDto;
  @ApiProperty({ type: [VictimResponseDto] }) victims!: VictimResponseDto[];
  @ApiProperty({ type: ConferenceResponseDto }) conference!: ConferenceResponseDto;
  @ApiPropertyOptional({ type: AgreementResponseDto, description: 'The current agreement version.' })
  agreement?: AgreementResponseDto;
  @ApiProperty({ type: [PendingActionDto], description: 'What the case waits for people to do now' })
  pendingActions!: PendingActionDto[];
  @ApiProperty({ enum: ACTION_NAMES, isArray: true, description: 'Every action the case accepts now' })
  acceptedActions!: ActionName[];
  @ApiProperty({ type: [DeadlineDto] }) deadlines!: DeadlineDto[];
  @ApiProperty({ type: [NoteDto] }) notes!: NoteDto[];
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
    reviews: view.reviews.map(toReviewResponse),
    resolvedReviews: view.resolvedReviews.map(toResolvedReviewResponse),
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
      ...(v.contactOnRequestOnly ? { contactOnRequestOnly: true } : {}),
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
    pendingActions: view.pendingActions.map(toPendingActionResponse),
    acceptedActions: view.acceptedActions,
    deadlines: view.dueItems
      .filter((d) => d.kind === 'stage_deadline' || d.kind === 'obligation_overdue' || d.kind === 'charging_alert')
      .map((d) => ({ kind: d.kind, at: new Date(d.atMs).toISOString() })),
    notes: view.notes.map((n) => ({ at: new Date(n.atMs).toISOString(), actorId: n.actorId, text: n.text })),
    closedAt: iso(view.closedAtMs),
    closeReasonCode: view.closeReasonCode,
  };
}
