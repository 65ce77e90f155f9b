import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedActor, StaffRole } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import {
  addNote,
  amendAgreement,
  approveClosure,
  decideScreening,
  extendDeadline,
  extendObligation,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordProgress,
  recordVictimResponse,
  rescheduleConference,
  returnToProsecution,
  scheduleConference,
  withdraw,
  type ObligationInput,
  type ScreeningDecision,
  type Withdrawal,
} from '../../workflows/diversion-case/diversion-case.contract';
import { CaseActionsService, type ActionFields, type ActionRequest } from './case-actions.service';
import { CasesService } from './cases.service';
import { AddNoteDto } from './dto/add-note.dto';
import { ApproveClosureDto } from './dto/approve-closure.dto';
import { CaseResponseDto, toCaseResponse } from './dto/case-response.dto';
import { DecideScreeningDto } from './dto/decide-screening.dto';
import { ExtendDeadlineDto } from './dto/extend-deadline.dto';
import { ExtendObligationDto } from './dto/extend-obligation.dto';
import { type ObligationDto, RecordAgreementDto } from './dto/record-agreement.dto';
import { RecordConferenceOutcomeDto } from './dto/record-conference-outcome.dto';
import { RecordParticipantResponseDto } from './dto/record-participant-response.dto';
import { RecordProgressDto } from './dto/record-progress.dto';
import { RecordVictimResponseDto } from './dto/record-victim-response.dto';
import { RecordWithdrawalDto } from './dto/record-withdrawal.dto';
import { ReturnCaseDto } from './dto/return-case.dto';
import { ScheduleConferenceDto } from './dto/schedule-conference.dto';

type ActorParams = { caseNumber: string; actor: AuthenticatedActor; idempotencyKey: string | undefined };

const request = (p: ActorParams, roles: readonly StaffRole[]): ActionRequest => ({ ...p, roles });

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

/** Every lifecycle action on a case: each one a validated workflow update (DESIGN.md §7). */
@ApiTags('case actions')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Becomes the update id; a retry applies once.' })
@ApiOkResponse({ type: CaseResponseDto, description: 'The case after the action' })
@ApiBadRequestResponse({ description: 'Malformed input, with field messages' })
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Wrong role, or a case assigned to another coordinator' })
@ApiNotFoundResponse({ description: 'Unknown case' })
@ApiConflictResponse({
  description: "The action does not fit the case's stage or data (the reason is given), or the case is closed",
})
@Controller('cases/:caseNumber')
export class CaseActionsController {
  constructor(
    private readonly actions: CaseActionsService,
    private readonly cases: CasesService,
  ) {}

  @Post('screening')
  @HttpCode(200)
  @Roles('coordinator', 'prosecutor')
  @ApiOperation({ summary: 'Accept or decline the case at screening (decideScreening)' })
  async screening(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: DecideScreeningDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const fields: ActionFields<ScreeningDecision> =
      dto.decision === 'decline'
        ? { decision: 'decline', reasonCode: dto.reasonCode ?? '' }
        : { decision: 'accept', ...(dto.overrideReason ? { overrideReason: dto.overrideReason } : {}) };
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator', 'prosecutor']),
      decideScreening,
      fields,
    );
    return toCaseResponse(view);
  }

  @Post('participant-response')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: "Record the responsible party's response to the invitation" })
  async participantResponse(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: RecordParticipantResponseDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator']),
      recordParticipantResponse,
      {
        response: dto.response,
        ...(dto.acknowledgesResponsibility !== undefined
          ? { acknowledgesResponsibility: dto.acknowledgesResponsibility }
          : {}),
      },
    );
    return toCaseResponse(view);
  }

  @Post('victims/:victimId/response')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: "Record a victim's response (participate, surrogate, letter, informed only, decline)" })
  async victimResponse(
    @Param('caseNumber') caseNumber: string,
    @Param('victimId') victimId: string,
    @Body() dto: RecordVictimResponseDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator']),
      recordVictimResponse,
      { victimId, response: dto.response },
    );
    return toCaseResponse(view);
  }

  @Post('conference')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Schedule the conference, or reschedule it (with a reasonCode) when one is scheduled' })
  async conference(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: ScheduleConferenceDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const req = request({ caseNumber, actor, idempotencyKey }, ['coordinator']);
    const atMs = Date.parse(dto.at);
    const scheduled = (await this.cases.liveView(caseNumber)).conference.atMs !== undefined;
    const view = scheduled
      ? await this.actions.apply(req, rescheduleConference, {
          atMs,
          reasonCode: dto.reasonCode ?? '',
          ...(dto.location ? { location: dto.location } : {}),
        })
      : await this.actions.apply(req, scheduleConference, { atMs, location: dto.location ?? '' });
    return toCaseResponse(view);
  }

  @Post('conference/outcome')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Record the conference outcome (held, no-show, cancelled)' })
  async conferenceOutcome(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: RecordConferenceOutcomeDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator']),
      recordConferenceOutcome,
      { outcome: dto.outcome },
    );
    return toCaseResponse(view);
  }

  @Post('agreement')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Record the agreement, or amend it (with a reason) while the case is monitoring one' })
  async agreement(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: RecordAgreementDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const req = request({ caseNumber, actor, idempotencyKey }, ['coordinator']);
    const obligations = dto.obligations.map(toObligationInput);
    const monitoring = (await this.cases.liveView(caseNumber)).stage === 'MONITORING';
    const view = monitoring
      ? await this.actions.apply(req, amendAgreement, { obligations, reason: dto.reason ?? '' })
      : await this.actions.apply(req, recordAgreement, { obligations });
    return toCaseResponse(view);
  }

  @Post('obligations/:obligationId/progress')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Record progress on an obligation (payment, hours, or completion)' })
  async progress(
    @Param('caseNumber') caseNumber: string,
    @Param('obligationId') obligationId: string,
    @Body() dto: RecordProgressDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator']),
      recordProgress,
      {
        obligationId,
        ...(dto.amountCents !== undefined ? { amountCents: dto.amountCents } : {}),
        ...(dto.hours !== undefined ? { hours: dto.hours } : {}),
        ...(dto.completed !== undefined ? { completed: dto.completed } : {}),
      },
    );
    return toCaseResponse(view);
  }

  @Post('obligations/:obligationId/extension')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: "Extend an obligation's due date (capped by policy)" })
  async obligationExtension(
    @Param('caseNumber') caseNumber: string,
    @Param('obligationId') obligationId: string,
    @Body() dto: ExtendObligationDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator']),
      extendObligation,
      { obligationId, newDueMs: Date.parse(dto.newDue), reason: dto.reason },
    );
    return toCaseResponse(view);
  }

  @Post('deadline-extension')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Resolve a review (or move the stage deadline) by extending the deadline' })
  async deadlineExtension(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: ExtendDeadlineDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator']),
      extendDeadline,
      { newDeadlineMs: Date.parse(dto.newDeadline), reason: dto.reason },
    );
    return toCaseResponse(view);
  }

  @Post('closure-approval')
  @HttpCode(200)
  @Roles('prosecutor')
  @ApiOperation({ summary: 'Approve closure: the case is completed and the completion notice goes to the clerk' })
  async closureApproval(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: ApproveClosureDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['prosecutor']),
      approveClosure,
      { recommendation: dto.recommendation },
    );
    return toCaseResponse(view);
  }

  @Post('return')
  @HttpCode(200)
  @Roles('prosecutor', 'coordinator')
  @ApiOperation({
    summary: 'Return the case to prosecution (reason code)',
    description: 'The prosecutor decides; the assigned coordinator may record the return they requested.',
  })
  async returnCase(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: ReturnCaseDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['prosecutor', 'coordinator']),
      returnToProsecution,
      { reasonCode: dto.reasonCode, ...(dto.note ? { note: dto.note } : {}) },
    );
    return toCaseResponse(view);
  }

  @Post('withdrawal')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Record that the responsible party or a victim withdrew' })
  async withdrawal(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: RecordWithdrawalDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const fields: ActionFields<Withdrawal> =
      dto.party === 'victim' ? { party: 'victim', victimId: dto.victimId ?? '' } : { party: 'responsible_party' };
    const view = await this.actions.apply(
      request({ caseNumber, actor, idempotencyKey }, ['coordinator']),
      withdraw,
      fields,
    );
    return toCaseResponse(view);
  }

  @Post('notes')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: "Add a coordinator's note (ids, not names or contact details)" })
  async note(
    @Param('caseNumber') caseNumber: string,
    @Body() dto: AddNoteDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseResponseDto> {
    const view = await this.actions.apply(request({ caseNumber, actor, idempotencyKey }, ['coordinator']), addNote, {
      text: dto.text,
    });
    return toCaseResponse(view);
  }
}
