import { Body, Controller, Get, NotFoundException, Param, Patch } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ParticipantsService } from '../participants/participants.service';
import { CaseAccessService } from './case-access.service';
import { CaseParticipantsService } from './case-participants.service';
import { ParticipantResponseDto, toParticipantResponse } from './dto/participant-response.dto';
import { UpdateParticipantDto } from './dto/update-participant.dto';

/** Names and contact details: coordinators (of the case) and admins only, and every read or change is audited. */
@ApiTags('participants')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Wrong role, or a case assigned to another coordinator' })
@ApiNotFoundResponse({ description: 'Unknown case or participant' })
@Controller()
export class CaseParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly readers: CaseParticipantsService,
  ) {}

  @Get('cases/:caseNumber/participants')
  @Roles('coordinator', 'admin')
  @ApiOperation({ summary: "The case's participants with names and contact details (audited read)" })
  @ApiOkResponse({ type: [ParticipantResponseDto] })
  async list(
    @Param('caseNumber') caseNumber: string,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<ParticipantResponseDto[]> {
    const people = await this.readers.listAudited(caseNumber, actor);
    return people.map(toParticipantResponse);
  }

  @Patch('participants/:participantId')
  @Roles('coordinator', 'admin')
  @ApiOperation({ summary: 'Correct contact details and preferences (audited; takes effect for the next message)' })
  @ApiOkResponse({ type: ParticipantResponseDto })
  async update(
    @Param('participantId') participantId: string,
    @Body() dto: UpdateParticipantDto,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<ParticipantResponseDto> {
    const existing = await this.participants.findById(participantId);
    if (!existing) throw new NotFoundException(`participant ${participantId} not found`);
    const row = await this.access.findVisible(existing.caseNumber, actor);
    const updated = await this.participants.update(participantId, dto);
    await this.audit.append({
      caseNumber: existing.caseNumber,
      eventKey: `api:participant_updated:${randomUUID()}`,
      type: 'participant_updated',
      stageFrom: row.stage,
      stageTo: row.stage,
      actorId: actor.id,
      actorRole: actor.roles.includes('admin') ? 'admin' : 'coordinator',
      // Which fields changed, never their values: the audit trail carries no contact details.
      details: {
        participantId,
        fields: Object.keys(dto)
          .filter((key) => dto[key as keyof UpdateParticipantDto] !== undefined)
          .sort()
          .join(','),
      },
      occurredAt: new Date(),
    });
    return toParticipantResponse(updated);
  }
}
