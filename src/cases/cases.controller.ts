import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { AuditService } from '../audit/audit.service';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { CaseAccessService } from './case-access.service';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { CaseEventResponseDto, toCaseEventResponse } from './dto/case-event-response.dto';
import { CaseResponseDto, toCaseResponse } from './dto/case-response.dto';
import { CaseSummaryResponseDto, toCaseSummaryResponse } from './dto/case-summary-response.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { ListCasesQueryDto } from './dto/list-cases.query.dto';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Wrong role, or a case assigned to another coordinator' })
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @Roles('coordinator', 'prosecutor', 'admin')
  @ApiOperation({
    summary: 'Start a case from a referral',
    description:
      'Stores the participants and starts the case workflow. Repeating the request with the same Idempotency-Key ' +
      'and body answers 200 with the case; any other request for an existing case number answers 409. Choosing a ' +
      '(compressed) policy needs the admin role unless ALLOW_POLICY_OVERRIDE=true.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, example: 'referral-DA-2026-0142' })
  @ApiCreatedResponse({ type: CaseResponseDto })
  @ApiOkResponse({ type: CaseResponseDto, description: 'A repeated request: the case it created' })
  @ApiConflictResponse({ description: 'The case number exists' })
  async create(
    @Body() dto: CreateCaseDto,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<CaseResponseDto> {
    const { created, view } = await this.cases.start(dto, actor, idempotencyKey);
    response.status(created ? 201 : 200);
    return toCaseResponse(view);
  }

  @Get()
  @Roles('coordinator', 'prosecutor', 'admin')
  @ApiOperation({ summary: 'List and filter cases (from the projection); a coordinator sees their own cases' })
  @ApiOkResponse({ type: [CaseSummaryResponseDto] })
  async list(
    @Query() query: ListCasesQueryDto,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<CaseSummaryResponseDto[]> {
    const rows = await this.queries.list(query, actor);
    return rows.map(toCaseSummaryResponse);
  }

  @Get(':caseNumber')
  @Roles('coordinator', 'prosecutor', 'admin')
  @ApiOperation({ summary: 'Live state of a case, with pending actions and deadlines' })
  @ApiOkResponse({ type: CaseResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown case' })
  async get(@Param('caseNumber') caseNumber: string, @CurrentActor() actor: AuthenticatedActor) {
    const row = await this.access.findVisible(caseNumber, actor);
    return toCaseResponse(await this.cases.viewOf(row));
  }

  @Get(':caseNumber/events')
  @Roles('coordinator', 'prosecutor', 'admin')
  @ApiOperation({ summary: 'The audit trail of a case, oldest first, hash-chained' })
  @ApiOkResponse({ type: [CaseEventResponseDto] })
  @ApiNotFoundResponse({ description: 'Unknown case' })
  async events(
    @Param('caseNumber') caseNumber: string,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<CaseEventResponseDto[]> {
    await this.access.findVisible(caseNumber, actor);
    return (await this.audit.listForCase(caseNumber)).map(toCaseEventResponse);
  }
}
