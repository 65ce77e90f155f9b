import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
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
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ClerkInboxService } from './clerk-inbox.service';
import { NoticeResponseDto, toNoticeResponse } from './dto/notice-response.dto';

/** The clerk inbox: completion and return notices for the clerk's own court (the token's `court` claim). */
@ApiTags('clerk inbox')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Not a clerk, or a notice of another court' })
@Controller('notices')
@Roles('clerk')
export class NoticesController {
  constructor(private readonly inbox: ClerkInboxService) {}

  @Get()
  @ApiOperation({ summary: "Notices for the clerk's court, newest first" })
  @ApiQuery({ name: 'unacknowledgedOnly', required: false, type: Boolean })
  @ApiOkResponse({ type: [NoticeResponseDto] })
  async list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query('unacknowledgedOnly') unacknowledgedOnly?: string,
  ): Promise<NoticeResponseDto[]> {
    const notices = await this.inbox.list(actor, { unacknowledgedOnly: unacknowledgedOnly === 'true' });
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
    const { notice, pdf } = await this.inbox.ownNotice(id, actor);
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
    return toNoticeResponse(await this.inbox.acknowledge(id, actor));
  }
}
