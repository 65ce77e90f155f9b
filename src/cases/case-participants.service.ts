import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedActor } from '../auth/auth.types';
import type { ParticipantEntity } from '../participants/participant.entity';
import { ParticipantsService } from '../participants/participants.service';
import { CaseAccessService } from './case-access.service';
import type { UpdateParticipantDto } from './dto/update-participant.dto';

/** A case's names and contact details: only for whoever may see the case, and every read or change is audited. */
@Injectable()
export class CaseParticipantsService {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  async listAudited(caseNumber: string, actor: AuthenticatedActor): Promise<ParticipantEntity[]> {
    const row = await this.access.findVisible(caseNumber, actor);
    const people = await this.participants.findByCase(caseNumber);
    await this.record(caseNumber, row.stage, actor, 'participants_viewed', {
      participantIds: people.map((p) => p.id).join(','),
    });
    return people;
  }

  async updateAudited(
    participantId: string,
    dto: UpdateParticipantDto,
    actor: AuthenticatedActor,
  ): Promise<ParticipantEntity> {
    const existing = await this.participants.findById(participantId);
    if (!existing) throw new NotFoundException(`participant ${participantId} not found`);
    const row = await this.access.findVisible(existing.caseNumber, actor);
    const updated = await this.participants.update(participantId, dto);
    // Which fields changed, never their values: the audit trail carries no contact details.
    await this.record(existing.caseNumber, row.stage, actor, 'participant_updated', {
      participantId,
      fields: Object.keys(dto)
        .filter((key) => dto[key as keyof UpdateParticipantDto] !== undefined)
        .sort()
        .join(','),
    });
    return updated;
  }

  private async record(
    caseNumber: string,
    stage: string,
    actor: AuthenticatedActor,
    type: 'participants_viewed' | 'participant_updated',
    details: Record<string, string>,
  ): Promise<void> {
    await this.audit.append({
      caseNumber,
      eventKey: `api:${type}:${randomUUID()}`,
      type,
      stageFrom: stage,
      stageTo: stage,
      actorId: actor.id,
      actorRole: actor.roles.includes('admin') ? 'admin' : 'coordinator',
      details,
      occurredAt: new Date(),
    });
  }
}
