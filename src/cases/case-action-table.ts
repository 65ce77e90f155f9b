import type { Type } from '@nestjs/common';
import {
  ACTION_ROLES,
  type ActionArguments,
  type ActionBase,
  type ActionName,
  type ActorRole,
  type ObligationInput,
} from '../../workflows/diversion-case/diversion-case.contract';
import { AddNoteDto } from './dto/add-note.dto';
import { ApproveClosureDto } from './dto/approve-closure.dto';
import { DecideScreeningDto } from './dto/decide-screening.dto';
import { DismissReviewDto } from './dto/dismiss-review.dto';
import { ExtendDeadlineDto } from './dto/extend-deadline.dto';
import { ExtendObligationDto } from './dto/extend-obligation.dto';
import { ReassignCaseDto } from './dto/reassign-case.dto';
import { type ObligationDto, RecordAgreementDto } from './dto/record-agreement.dto';
import { RecordConferenceOutcomeDto } from './dto/record-conference-outcome.dto';
import { RecordParticipantResponseDto } from './dto/record-participant-response.dto';
import { RecordProgressDto } from './dto/record-progress.dto';
import { RecordVictimResponseDto } from './dto/record-victim-response.dto';
import { RecordWithdrawalDto } from './dto/record-withdrawal.dto';
import { ReturnCaseDto } from './dto/return-case.dto';
import { ScheduleConferenceDto } from './dto/schedule-conference.dto';

/** An action's own fields (distributes over unions such as accept | decline). */
export type ActionFields<T> = T extends unknown ? Omit<T, keyof ActionBase> : never;

/** The fields of the update `N` an HTTP request maps to. */
export type FieldsOf<N extends ActionName> = ActionFields<ActionArguments[N]>;

/** The path parameters of a route (`victimId`, `obligationId`, `reviewId`); `caseNumber` is always there. */
export type PathParams = Readonly<Record<string, string>>;

/**
 * One HTTP route of a case action: its path under `/cases/{caseNumber}`, the update it runs (or, for a route two
 * roles share, the update each role's request runs), the body it takes and how the body becomes the update's
 * argument. The routes, their OpenAPI entries and the role guard are generated from these rows; the roles come from
 * the workflow contract's ACTION_ROLES, which the workflow's validators read too.
 */
export interface ActionRoute<D extends object = object> {
  /** The method name on the generated controller (and the OpenAPI operation id). */
  name: string;
  path: string;
  summary: string;
  description?: string;
  dto: Type<D>;
  /** The update, or the update by the role the caller acts in (the first of theirs that fits, in this order). */
  update: ActionName | Partial<Record<ActorRole, ActionName>>;
  argument(dto: D, params: PathParams, update: ActionName): object;
}

/** A row whose update is one action: the mapping is typed against that update's argument. */
function route<N extends ActionName, D extends object>(
  row: Omit<ActionRoute<D>, 'update' | 'argument'> & { update: N; argument(dto: D, params: PathParams): FieldsOf<N> },
): ActionRoute<D> {
  return row;
}

/** The updates a route may run and the roles that may call it. */
export function updatesOf(row: Pick<ActionRoute, 'update'>): ActionName[] {
  return typeof row.update === 'string' ? [row.update] : Object.values(row.update);
}

export function rolesOf(row: Pick<ActionRoute, 'update'>): ActorRole[] {
  if (typeof row.update !== 'string') return Object.keys(row.update) as ActorRole[];
  return [...ACTION_ROLES[row.update]];
}

/** The update a caller acting in `role` runs on this route. */
export function updateFor(row: Pick<ActionRoute, 'update'>, role: ActorRole): ActionName | undefined {
  return typeof row.update === 'string' ? row.update : row.update[role];
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** Maps an obligation as the API takes it (ISO due date) to the workflow's input. */
export function toObligationInput(o: ObligationDto): ObligationInput {
  const base = { id: o.id, dueMs: Date.parse(o.due) };
  switch (o.type) {
    case 'restitution':
      return { ...base, type: o.type, amountCents: o.amountCents ?? 0, payee: o.payee ?? '' };
    case 'community_service':
      return { ...base, type: o.type, hours: o.hours ?? 0 };
    case 'other':
      return { ...base, type: o.type, description: o.description ?? '' };
    case 'apology_letter':
    case 'education':
    case 'counseling':
    case 'school_or_work':
      return { ...base, type: o.type };
  }
}

/** Every lifecycle action a person takes on a case (docs/design.md §7), one row each. */
export const ACTION_ROUTES: readonly ActionRoute[] = [
  route({
    name: 'screening',
    path: 'screening',
    summary: 'Accept or decline the case at screening',
    dto: DecideScreeningDto,
    update: 'decideScreening',
    argument: (dto) =>
      dto.decision === 'decline'
        ? { decision: 'decline', reasonCode: dto.reasonCode ?? '' }
        : { decision: 'accept', ...optional('overrideReason', dto.overrideReason) },
  }),
  route({
    name: 'participantResponse',
    path: 'participant-response',
    summary: "Record the responsible party's response to the invitation",
    dto: RecordParticipantResponseDto,
    update: 'recordParticipantResponse',
    argument: (dto) => ({
      response: dto.response,
      ...optional('acknowledgesResponsibility', dto.acknowledgesResponsibility),
    }),
  }),
  route({
    name: 'victimResponse',
    path: 'victims/:victimId/response',
    summary: "Record a victim's response (participate, surrogate, letter, informed only, decline)",
    dto: RecordVictimResponseDto,
    update: 'recordVictimResponse',
    argument: (dto, params) => ({ victimId: params.victimId ?? '', response: dto.response }),
  }),
  route({
    name: 'conference',
    path: 'conference',
    summary: 'Schedule the conference; when one is scheduled, move it (a reasonCode is then required)',
    dto: ScheduleConferenceDto,
    update: 'scheduleConference',
    argument: (dto) => ({
      atMs: Date.parse(dto.at),
      ...optional('location', dto.location),
      ...optional('reasonCode', dto.reasonCode),
    }),
  }),
  route({
    name: 'conferenceOutcome',
    path: 'conference/outcome',
    summary: 'Record the conference outcome (held, no-show, cancelled)',
    dto: RecordConferenceOutcomeDto,
    update: 'recordConferenceOutcome',
    argument: (dto) => ({ outcome: dto.outcome }),
  }),
  route({
    name: 'agreement',
    path: 'agreement',
    summary: 'Record the agreement; while the case is monitoring one, amend it (a reason is then required)',
    dto: RecordAgreementDto,
    update: 'recordAgreement',
    argument: (dto) => ({ obligations: dto.obligations.map(toObligationInput), ...optional('reason', dto.reason) }),
  }),
  route({
    name: 'progress',
    path: 'obligations/:obligationId/progress',
    summary: 'Record progress on an obligation (payment, hours, or completion)',
    dto: RecordProgressDto,
    update: 'recordProgress',
    argument: (dto, params) => ({
      obligationId: params.obligationId ?? '',
      ...optional('amountCents', dto.amountCents),
      ...optional('hours', dto.hours),
      ...optional('completed', dto.completed),
    }),
  }),
  route({
    name: 'obligationExtension',
    path: 'obligations/:obligationId/extension',
    summary: "Extend an obligation's due date (capped by policy); settles a review about it",
    dto: ExtendObligationDto,
    update: 'extendObligation',
    argument: (dto, params) => ({
      obligationId: params.obligationId ?? '',
      newDueMs: Date.parse(dto.newDue),
      reason: dto.reason,
    }),
  }),
  route({
    name: 'deadlineExtension',
    path: 'deadline-extension',
    summary: 'Move the stage deadline, settling the review it answers',
    dto: ExtendDeadlineDto,
    update: 'extendDeadline',
    argument: (dto) => ({
      newDeadlineMs: Date.parse(dto.newDeadline),
      reason: dto.reason,
      ...optional('reviewId', dto.reviewId),
    }),
  }),
  route({
    name: 'reviewDismissal',
    path: 'reviews/:reviewId/dismissal',
    summary: 'Settle a review with a reason and nothing else; a prosecutor declines a return request this way',
    dto: DismissReviewDto,
    update: 'dismissReview',
    argument: (dto, params) => ({ reviewId: params.reviewId ?? '', reason: dto.reason }),
  }),
  route({
    name: 'closureApproval',
    path: 'closure-approval',
    summary: 'Approve closure: the case is completed and the completion notice goes to the clerk',
    dto: ApproveClosureDto,
    update: 'approveClosure',
    argument: (dto) => ({ recommendation: dto.recommendation }),
  }),
  {
    name: 'returnCase',
    path: 'return',
    summary: 'Return the case to prosecution (prosecutor), or request a return (coordinator)',
    description:
      "The prosecutor decides a return: the case closes and the clerk gets the return notice. A coordinator's " +
      "request opens a RETURN_REQUESTED review on the prosecutor's task list; the case goes on until they decide.",
    dto: ReturnCaseDto,
    update: { prosecutor: 'returnToProsecution', coordinator: 'requestReturn' },
    argument: (dto: ReturnCaseDto, _params, update) => ({
      reasonCode: dto.reasonCode,
      ...optional('note', dto.note),
      ...(update === 'requestReturn' ? optional('reviewId', dto.reviewId) : {}),
    }),
  } satisfies ActionRoute<ReturnCaseDto>,
  route({
    name: 'withdrawal',
    path: 'withdrawal',
    summary: 'Record that the responsible party or a victim withdrew',
    dto: RecordWithdrawalDto,
    update: 'withdraw',
    argument: (dto) =>
      dto.party === 'victim' ? { party: 'victim', victimId: dto.victimId ?? '' } : { party: 'responsible_party' },
  }),
  route({
    name: 'note',
    path: 'notes',
    summary: "Add a coordinator's note (ids, not names or contact details)",
    dto: AddNoteDto,
    update: 'addNote',
    argument: (dto) => ({ text: dto.text }),
  }),
  route({
    name: 'assignment',
    path: 'assignment',
    summary: 'Hand the case to another coordinator',
    description: 'Access, task lists, the CoordinatorId search attribute and every later alert follow the new one.',
    dto: ReassignCaseDto,
    update: 'reassignCoordinator',
    argument: (dto) => ({ coordinatorId: dto.coordinatorId, reason: dto.reason }),
  }),
];
