import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { ParticipantEntity } from './participant.entity';
import type { NewParticipant, ParticipantPatch } from './participant.types';

/** Participants and their contact preferences: the only way other features reach the `participants` table. */
@Injectable()
export class ParticipantsService {
  constructor(@InjectRepository(ParticipantEntity) private readonly participants: Repository<ParticipantEntity>) {}

  /** Creates the participants of a case; pass `manager` to join the caller's transaction. */
  async createForCase(
    caseNumber: string,
    participants: NewParticipant[],
    manager?: EntityManager,
  ): Promise<ParticipantEntity[]> {
    const repository = manager ? manager.getRepository(ParticipantEntity) : this.participants;
    const rows = participants.map((participant) =>
      repository.create({
        id: participant.id,
        caseNumber,
        role: participant.role,
        fullName: participant.fullName,
        email: participant.email ?? null,
        phone: participant.phone ?? null,
        language: participant.language ?? 'en',
        preferredChannels: participant.preferredChannels ?? defaultChannels(participant),
        timeZone: participant.timeZone,
        guardianOfId: participant.guardianOfId ?? null,
        contactPreference: participant.contactPreference ?? 'any',
        address: participant.address ?? null,
        demographics: participant.demographics ?? null,
      }),
    );
    return repository.save(rows);
  }

  findByCase(caseNumber: string): Promise<ParticipantEntity[]> {
    return this.participants.find({ where: { caseNumber }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<ParticipantEntity | null> {
    return this.participants.findOneBy({ id });
  }

  async update(id: string, patch: ParticipantPatch): Promise<ParticipantEntity> {
    const participant = await this.findById(id);
    if (!participant) throw new NotFoundException(`Participant ${id} not found`);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    Object.assign(participant, defined);
    return this.participants.save(participant);
  }
}

function defaultChannels(participant: NewParticipant): Array<'email' | 'sms'> {
  const channels: Array<'email' | 'sms'> = [];
  if (participant.email) channels.push('email');
  if (participant.phone) channels.push('sms');
  return channels;
}
