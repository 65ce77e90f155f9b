import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedActor } from '../auth/auth.types';
import type { ParticipantEntity } from '../participants/participant.entity';
import { ParticipantsService } from '../participants/participants.service';
import { CaseAccessService } from './case-access.service';

/** Reading a case's names and contact details: only for whoever may see the case, and every read is audited. */
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
    await this.audit.append({
      caseNumber,
      eventKey: `api:participants_viewed:${randomUUID()}`,
      type: 'participants_viewed',
      stageFrom: row.stage,
      stageTo: row.stage,
      actorId: actor.id,
      actorRole: actor.roles.includes('admin') ? 'admin' : 'coordinator',
      details: { participantIds: people.map((p) => p.id).join(',') },
      occurredAt: new Date(),
    });
    return people;
  }
}
