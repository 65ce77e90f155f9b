import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, ILike, In, Not, Repository, type FindOptionsWhere } from 'typeorm';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CaseProjectionEntity } from './case-projection.entity';
import type { ListCasesQueryDto } from './dto/list-cases.query.dto';

/** Reads of the case projection (lists and filters), never Temporal's visibility store. */
@Injectable()
export class CaseQueriesService {
  constructor(@InjectRepository(CaseProjectionEntity) private readonly projections: Repository<CaseProjectionEntity>) {}

  list(query: ListCasesQueryDto, actor: AuthenticatedActor): Promise<CaseProjectionEntity[]> {
    const unrestricted = actor.roles.includes('admin') || actor.roles.includes('prosecutor');
    if (!unrestricted && query.coordinatorId !== undefined && query.coordinatorId !== actor.id) {
      throw new ForbiddenException('a coordinator lists only their own cases');
    }
    const where: FindOptionsWhere<CaseProjectionEntity> = {
      ...(query.stage ? { stage: query.stage } : {}),
      ...(query.needsReview !== undefined ? { needsReview: query.needsReview } : {}),
      // The pattern allows neither % nor a backslash, so only _ needs escaping to match itself.
      ...(query.search ? { caseNumber: ILike(`%${query.search.replace(/_/g, '\\_')}%`) } : {}),
      ...(unrestricted
        ? query.coordinatorId
          ? { coordinatorId: query.coordinatorId }
          : {}
        : { coordinatorId: actor.id }),
    };
    return this.projections.find({
      where,
      order: { needsReview: 'DESC', nextDeadline: { direction: 'ASC', nulls: 'LAST' }, caseNumber: 'ASC' },
      take: query.limit ?? 100,
      skip: query.offset ?? 0,
    });
  }

  /** The open cases assigned to a coordinator, or prosecuted by a prosecutor: the columns task lists read. */
  openFor(
    staffId: string,
    role: 'coordinator' | 'prosecutor',
  ): Promise<Pick<CaseProjectionEntity, 'caseNumber' | 'stage' | 'reviews' | 'pendingActions'>[]> {
    const open = Not(In(['CLOSED_COMPLETED', 'CLOSED_RETURNED']));
    return this.projections.find({
      // Not the stored workflow input and the rest: a coordinator's list reads hundreds of rows.
      select: { caseNumber: true, stage: true, reviews: true, pendingActions: true },
      where: role === 'coordinator' ? { coordinatorId: staffId, stage: open } : { prosecutorId: staffId, stage: open },
      order: { caseNumber: 'ASC' },
    });
  }

  /** Cases referred in [from, to) (for outcome reports). */
  async referredBetween(from: Date, to: Date): Promise<CaseProjectionEntity[]> {
    const rows = await this.projections.find({
      where: { referralDate: Between(from, to) },
      order: { caseNumber: 'ASC' },
    });
    return rows.filter((row) => row.referralDate.getTime() < to.getTime());
  }
}
