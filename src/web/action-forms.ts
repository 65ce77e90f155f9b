import { BadRequestException, type HttpException, ValidationPipe } from '@nestjs/common';
import { ACTION_ROUTES, updatesOf, type ActionRoute } from '../cases/case-action-table';
import type { AddNoteDto } from '../cases/dto/add-note.dto';
import type { ApproveClosureDto } from '../cases/dto/approve-closure.dto';
import type { DecideScreeningDto } from '../cases/dto/decide-screening.dto';
import type { DismissReviewDto } from '../cases/dto/dismiss-review.dto';
import type { ExtendDeadlineDto } from '../cases/dto/extend-deadline.dto';
import type { ExtendObligationDto } from '../cases/dto/extend-obligation.dto';
import type { ReassignCaseDto } from '../cases/dto/reassign-case.dto';
import type { ObligationDto, RecordAgreementDto } from '../cases/dto/record-agreement.dto';
import type { RecordConferenceOutcomeDto } from '../cases/dto/record-conference-outcome.dto';
import type { RecordParticipantResponseDto } from '../cases/dto/record-participant-response.dto';
import type { RecordProgressDto } from '../cases/dto/record-progress.dto';
import type { RecordVictimResponseDto } from '../cases/dto/record-victim-response.dto';
import type { RecordWithdrawalDto } from '../cases/dto/record-withdrawal.dto';
import type { ReturnCaseDto } from '../cases/dto/return-case.dto';
import type { ScheduleConferenceDto } from '../cases/dto/schedule-conference.dto';
import type { ActionName } from '../../workflows/diversion-case/diversion-case.contract';

/** A url-encoded form as Express parses it. */
export type Form = Readonly<Record<string, string | string[] | undefined>>;

/** How many obligation rows the agreement form offers. */
export const AGREEMENT_ROWS = 4;

export function field(form: Form, name: string): string | undefined {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

/** `{ key: value }` when there is a value: the key must be one of the DTO's, so renaming a DTO field fails here. */
export function opt<D>(key: keyof D & string, value: string | undefined): Partial<D> {
  return (value === undefined ? {} : { [key]: value }) as Partial<D>;
}

/** `2026-12-03T14:05` or `…:05:30` from a datetime-local field, read as UTC; other text passes on for the 400. */
export function utcIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return new Date(`${value}Z`).toISOString();
  return value;
}

/** A date field (YYYY-MM-DD) as the end of that day, UTC. */
export function endOfDayIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T23:59:00.000Z`;
  return value;
}

function number(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : value;
}

/** Dollars typed into a form (12.50) as whole cents; anything else passes on for the validator to name. */
function cents(value: string | undefined): number | string | undefined {
  const parsed = number(value?.replace(/^\$/, ''));
  return typeof parsed === 'number' ? Math.round(parsed * 100) : parsed;
}

function obligations(form: Form): Partial<ObligationDto>[] {
  const rows: Partial<ObligationDto>[] = [];
  for (let i = 1; i <= AGREEMENT_ROWS; i += 1) {
    const type = field(form, `o${i}-type`);
    if (!type) continue;
    const amount = cents(field(form, `o${i}-amount`));
    const hours = number(field(form, `o${i}-hours`));
    rows.push({
      id: field(form, `o${i}-id`) ?? `${type.replace(/_/g, '-')}-${i}`,
      type: type as ObligationDto['type'],
      due: endOfDayIso(field(form, `o${i}-due`)) ?? '',
      ...(amount !== undefined ? { amountCents: amount as number } : {}),
      ...(type === 'restitution' ? { payee: field(form, `o${i}-payee`) ?? 'community' } : {}),
      ...(hours !== undefined ? { hours: hours as number } : {}),
      ...opt<ObligationDto>('description', field(form, `o${i}-description`)),
    });
  }
  return rows;
}

/**
 * Each action's form fields → the JSON body the API route takes, typed against the route's DTO so that renaming a DTO
 * field fails the type check here. Validation is the API's own (the DTO's decorators, through the same pipe).
 */
export const FORM_BODIES = {
  screening: (f: Form): Partial<DecideScreeningDto> => ({
    decision: field(f, 'decision') as DecideScreeningDto['decision'],
    ...opt<DecideScreeningDto>('reasonCode', field(f, 'reasonCode')),
    ...opt<DecideScreeningDto>('overrideReason', field(f, 'overrideReason')),
  }),
  participantResponse: (f: Form): Partial<RecordParticipantResponseDto> => ({
    response: field(f, 'response') as RecordParticipantResponseDto['response'],
    acknowledgesResponsibility: field(f, 'acknowledgesResponsibility') === 'yes',
  }),
  victimResponse: (f: Form): Partial<RecordVictimResponseDto> => ({
    response: field(f, 'response') as RecordVictimResponseDto['response'],
  }),
  conference: (f: Form): Partial<ScheduleConferenceDto> => ({
    ...opt<ScheduleConferenceDto>('at', utcIso(field(f, 'at'))),
    ...opt<ScheduleConferenceDto>('location', field(f, 'location')),
    ...opt<ScheduleConferenceDto>('reasonCode', field(f, 'reasonCode')),
  }),
  conferenceOutcome: (f: Form): Partial<RecordConferenceOutcomeDto> => ({
    outcome: field(f, 'outcome') as RecordConferenceOutcomeDto['outcome'],
  }),
  agreement: (f: Form): Partial<RecordAgreementDto> => ({
    obligations: obligations(f) as ObligationDto[],
    ...opt<RecordAgreementDto>('reason', field(f, 'reason')),
  }),
  progress: (f: Form): Partial<RecordProgressDto> => {
    const amount = cents(field(f, 'amount'));
    const hours = number(field(f, 'hours'));
    return {
      ...(amount !== undefined ? { amountCents: amount as number } : {}),
      ...(hours !== undefined ? { hours: hours as number } : {}),
      ...(field(f, 'completed') === 'yes' ? { completed: true } : {}),
    };
  },
  obligationExtension: (f: Form): Partial<ExtendObligationDto> => ({
    ...opt<ExtendObligationDto>('newDue', endOfDayIso(field(f, 'newDue'))),
    ...opt<ExtendObligationDto>('reason', field(f, 'reason')),
  }),
  deadlineExtension: (f: Form): Partial<ExtendDeadlineDto> => ({
    ...opt<ExtendDeadlineDto>('newDeadline', utcIso(field(f, 'newDeadline'))),
    ...opt<ExtendDeadlineDto>('reason', field(f, 'reason')),
    ...opt<ExtendDeadlineDto>('reviewId', field(f, 'reviewId')),
  }),
  reviewDismissal: (f: Form): Partial<DismissReviewDto> => ({ ...opt<DismissReviewDto>('reason', field(f, 'reason')) }),
  closureApproval: (f: Form): Partial<ApproveClosureDto> => ({
    recommendation: field(f, 'recommendation') as ApproveClosureDto['recommendation'],
  }),
  returnCase: (f: Form): Partial<ReturnCaseDto> => ({
    ...opt<ReturnCaseDto>('reasonCode', field(f, 'reasonCode')),
    ...opt<ReturnCaseDto>('note', field(f, 'note')),
    ...opt<ReturnCaseDto>('reviewId', field(f, 'reviewId')),
  }),
  withdrawal: (f: Form): Partial<RecordWithdrawalDto> => ({
    party: field(f, 'party') as RecordWithdrawalDto['party'],
    ...opt<RecordWithdrawalDto>('victimId', field(f, 'victimId')),
  }),
  note: (f: Form): Partial<AddNoteDto> => ({ ...opt<AddNoteDto>('text', field(f, 'text')) }),
  assignment: (f: Form): Partial<ReassignCaseDto> => ({
    ...opt<ReassignCaseDto>('coordinatorId', field(f, 'coordinatorId')),
    ...opt<ReassignCaseDto>('reason', field(f, 'reason')),
  }),
} as const;

export type FormActionName = keyof typeof FORM_BODIES;

/** The API route row of a form action (the table every action goes through). */
export function routeRow(name: string): ActionRoute | undefined {
  return ACTION_ROUTES.find((row) => row.name === name);
}

/**
 * Updates with no route of their own: the API's conference route moves a scheduled conference and its agreement route
 * amends a recorded agreement (as those rows' summaries say), so their forms do too.
 */
const HTTP_ROUTE_COVERS: Partial<Record<ActionName, FormActionName>> = {
  rescheduleConference: 'conference',
  amendAgreement: 'agreement',
};

/** The form (route row) that takes a pending action: rescheduleConference → conference, requestReturn → returnCase. */
export function rowForAction(action: ActionName): FormActionName | undefined {
  const alias = HTTP_ROUTE_COVERS[action];
  if (alias) return alias;
  const row = ACTION_ROUTES.find((r) => updatesOf(r).includes(action));
  return row && row.name in FORM_BODIES ? (row.name as FormActionName) : undefined;
}

const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** Validates a body with the API's pipe and the row's DTO: the same 400 and field messages as the JSON API. */
export async function validatedBody(row: ActionRoute, body: object): Promise<object> {
  return (await pipe.transform(body, { type: 'body', metatype: row.dto })) as object;
}

/** The messages a person should see for an error the services threw (400 lists, 409/422 sentences). */
export function messagesOf(error: HttpException): string[] {
  const response = error.getResponse();
  if (typeof response === 'string') return [response];
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String);
  if (typeof message === 'string') return [message];
  return [error.message];
}

export function isBadRequest(error: unknown): error is BadRequestException {
  return error instanceof BadRequestException;
}
