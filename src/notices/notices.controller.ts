import {
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { CaseAccessService } from '../cases/case-access.service';
import { NoticeResponseDto, toNoticeResponse } from './dto/notice-response.dto';
import type { NoticeSummary } from './notice.types';
import { NoticesService } from './notices.service';

/** The clerk inbox: completion and return notices for the clerk's own court (the token's `court` claim). */
@ApiTags('clerk inbox')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Not a clerk, or a notice of another court' })
@Controller('notices')
@Roles('clerk')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly cases: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: "Notices for the clerk's court, newest first" })
  @ApiQuery({ name: 'unacknowledgedOnly', required: false, type: Boolean })
  @ApiOkResponse({ type: [NoticeResponseDto] })
  async list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query('unacknowledgedOnly') unacknowledgedOnly?: string,
  ): Promise<NoticeResponseDto[]> {
    const notices = await this.notices.listForCourt(courtOf(actor), {
      unacknowledgedOnly: unacknowledgedOnly === 'true',
    });
    return notices.map(toNoticeResponse);
  }

  @Get(':id/document')
  @ApiOperation({ summary: 'The notice PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: 'Unknown notice' })
  async document(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<StreamableFile> {
    const { notice, pdf } = await this.ownNotice(id, actor);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${notice.kind}-notice-${notice.caseNumber}.pdf"`,
      length: pdf.length,
    });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge receipt (audited; acknowledging again changes nothing)' })
  @ApiOkResponse({ type: NoticeResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown notice' })
  async acknowledge(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<NoticeResponseDto> {
    const { notice } = await this.ownNotice(id, actor);
    const acknowledged = await this.notices.acknowledge(id, actor.id);
    if (notice.acknowledgedAt === null) await this.recordAcknowledgement(acknowledged, actor);
    return toNoticeResponse(acknowledged);
  }

  private async ownNotice(id: string, actor: AuthenticatedActor): Promise<{ notice: NoticeSummary; pdf: Buffer }> {
    const court = courtOf(actor);
    const found = await this.notices.getDocument(id);
    if (!found) throw new NotFoundException(`notice ${id} not found`);
    if (found.notice.court !== court) throw new ForbiddenException('this notice belongs to another court');
    return found;
  }

  private async recordAcknowledgement(notice: NoticeSummary, actor: AuthenticatedActor): Promise<void> {
    const stage = (await this.cases.find(notice.caseNumber).catch(() => undefined))?.stage ?? null;
    await this.audit.append({
      caseNumber: notice.caseNumber,
      eventKey: `api:notice_acknowledged:${notice.id}`,
      type: 'notice_acknowledged',
      stageFrom: stage,
      stageTo: stage,
      actorId: actor.id,
      actorRole: 'clerk',
      details: { noticeId: notice.id, kind: notice.kind, sha256: notice.sha256 },
      occurredAt: notice.acknowledgedAt ?? new Date(),
    });
  }
}

function courtOf(actor: AuthenticatedActor): string {
  if (!actor.court) throw new ForbiddenException('the token names no court (court claim)');
  return actor.court;
}
