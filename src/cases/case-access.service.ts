import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CaseProjectionEntity } from './case-projection.entity';
import { caseNotFound } from './case-errors';

/** Looks cases up in the projection and applies the object-level rules: a coordinator acts on their own cases. */
@Injectable()
export class CaseAccessService {
  constructor(@InjectRepository(CaseProjectionEntity) private readonly projections: Repository<CaseProjectionEntity>) {}

  async find(caseNumber: string): Promise<CaseProjectionEntity> {
    const row = await this.projections.findOneBy({ caseNumber });
    if (!row) throw caseNotFound(caseNumber);
    return row;
  }

  /** The case, when `actor` may see it: admins and prosecutors any case, a coordinator only those assigned to them. */
  async findVisible(caseNumber: string, actor: AuthenticatedActor): Promise<CaseProjectionEntity> {
    const row = await this.find(caseNumber);
    assertAssigned(row, actor);
    return row;
  }

  /** Like `findVisible`, and the case must still be open. */
  async findOpen(caseNumber: string, actor: AuthenticatedActor): Promise<CaseProjectionEntity> {
    const row = await this.findVisible(caseNumber, actor);
    if (row.stage === 'CLOSED_COMPLETED' || row.stage === 'CLOSED_RETURNED') {
      throw new ConflictException(`case ${caseNumber} is closed (${row.stage}); nothing more can be recorded`);
    }
    return row;
  }
}

/** A caller whose only case-handling role is coordinator must be the case's coordinator. */
export function assertAssigned(
  row: Pick<CaseProjectionEntity, 'caseNumber' | 'coordinatorId'>,
  actor: AuthenticatedActor,
) {
  const unrestricted = actor.roles.includes('admin') || actor.roles.includes('prosecutor');
  if (!unrestricted && row.coordinatorId !== actor.id) {
    throw new ForbiddenException(`case ${row.caseNumber} is assigned to another coordinator`);
  }
}
