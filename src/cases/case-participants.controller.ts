import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
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
  constructor(private readonly participants: CaseParticipantsService) {}

  @Get('cases/:caseNumber/participants')
  @Roles('coordinator', 'admin')
  @ApiOperation({ summary: "The case's participants with names and contact details (audited read)" })
  @ApiOkResponse({ type: [ParticipantResponseDto] })
  async list(
    @Param('caseNumber') caseNumber: string,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<ParticipantResponseDto[]> {
    const people = await this.participants.listAudited(caseNumber, actor);
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
    const updated = await this.participants.updateAudited(participantId, dto, actor);
    return toParticipantResponse(updated);
  }
}
