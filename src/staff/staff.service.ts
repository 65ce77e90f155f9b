import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Language } from '../participants/participant.types';
import { StaffMemberEntity, type StaffRole } from './staff-member.entity';

export interface StaffMemberInput {
  id: string;
  role: StaffRole;
  fullName: string;
  email: string;
  court?: string | null;
  language?: Language;
}

/** Staff members' names and email addresses, looked up at send time. */
@Injectable()
export class StaffService {
  constructor(@InjectRepository(StaffMemberEntity) private readonly staff: Repository<StaffMemberEntity>) {}

  findById(id: string): Promise<StaffMemberEntity | null> {
    return this.staff.findOneBy({ id });
  }

  findClerksForCourt(court: string): Promise<StaffMemberEntity[]> {
    return this.staff.find({ where: { role: 'clerk', court }, order: { id: 'ASC' } });
  }

  async upsert(member: StaffMemberInput): Promise<StaffMemberEntity> {
    await this.staff.upsert(
      {
        id: member.id,
        role: member.role,
        fullName: member.fullName,
        email: member.email,
        court: member.court ?? null,
        language: member.language ?? 'en',
      },
      ['id'],
    );
    return this.staff.findOneByOrFail({ id: member.id });
  }
}
